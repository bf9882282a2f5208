// Turns StrykerJS's JSON reports (reports/mutation/runs/*/mutation.json) into docs/MUTATION.md: the score
// per file and every surviving mutant, each with the reason it is harmless when docs/mutation-equivalents/
// gives one. Each source file is taken from the newest run that mutated it, and the table says which commit
// that run mutated. Survivors are matched to reasons by file, mutator and the original and mutated code,
// not by line, so the reasons keep applying when the code around them moves. Run by scripts/mutation.sh.
//
// Usage: node scripts/mutation-summary.mjs [runs-folder] [out.md]
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const runsPath = process.argv[2] ?? path.join(root, 'reports/mutation/runs');
const outPath = process.argv[3] ?? path.join(root, 'docs/MUTATION.md');
const equivalentsPath = path.join(root, 'docs/mutation-equivalents');

/** Every finished run, newest last: { commit, edited, report }. */
function finishedRuns() {
	if (!existsSync(runsPath)) return [];
	return readdirSync(runsPath)
		.map((name) => path.join(runsPath, name))
		.filter((dir) => existsSync(path.join(dir, 'mutation.json')))
		.map((dir) => {
			const reportFile = path.join(dir, 'mutation.json');
			const meta = existsSync(path.join(dir, 'run.json')) ? JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8')) : {};
			// When the run started, not the report file's time: a copied folder gets a new file time.
			return { finished: meta.started ? Date.parse(meta.started) : statSync(reportFile).mtimeMs, commit: meta.commit ?? 'unknown', edited: meta.editedNodeCode === true, report: JSON.parse(readFileSync(reportFile, 'utf8')) };
		})
		.sort((a, b) => a.finished - b.finished);
}

/** Each source file from the newest run that mutated it, with the code that run mutated. */
const files = new Map();
for (const run of finishedRuns()) {
	for (const [file, result] of Object.entries(run.report.files)) files.set(file, { ...result, mutated: run.edited ? `${run.commit} + edits` : run.commit });
}
// A file that no run here has mutated keeps the figures it had in the last summary (docs/mutation-results.json,
// written below), as long as its code has not changed since the commit they were measured on; its survivors
// are known only as that summary showed them. So a fresh clone can rescore one file and keep the rest.
const resultsPath = path.join(root, 'docs/mutation-results.json');
const earlier = existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, 'utf8')).files : {};
for (const [file, result] of Object.entries(earlier)) {
	if (files.has(file)) continue;
	let unchanged = false;
	try {
		execFileSync('git', ['diff', '--quiet', result.commit, 'HEAD', '--', file], { cwd: root, stdio: 'ignore' });
		unchanged = true;
	} catch {
		// changed since, or no git history: the old figures would mislead
	}
	if (unchanged) files.set(file, { carried: result, mutated: result.commit });
}
if (files.size === 0) throw new Error(`no finished mutation run under ${path.relative(root, runsPath)}: run npm run test:mutation first`);

/** @type {Array<{ file: string; mutator: string; original: string; replacement: string; reason: string }>} */
const equivalents = existsSync(equivalentsPath)
	? readdirSync(equivalentsPath).filter((name) => name.endsWith('.json')).sort().flatMap((name) => JSON.parse(readFileSync(path.join(equivalentsPath, name), 'utf8')).survivors)
	: [];

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

/** The source text a mutant replaced, on one line. */
function originalText(source, location) {
	const lines = source.split('\n');
	const { start, end } = location;
	const picked = start.line === end.line
		? lines[start.line - 1].slice(start.column - 1, end.column - 1)
		: [lines[start.line - 1].slice(start.column - 1), ...lines.slice(start.line, end.line - 1), lines[end.line - 1].slice(0, end.column - 1)].join('\n');
	return oneLine(picked);
}

function oneLine(text) {
	return text.replace(/\s+/g, ' ').trim();
}

/** The reason given for a survivor, if any; `asShown` compares as the table shows code (carried survivors). */
function reasonFor(file, mutant, original, asShown = false) {
	const seen = asShown ? (text) => shown(oneLine(text)) : oneLine;
	const replacement = asShown ? mutant.replacement : oneLine(mutant.replacement ?? '');
	return equivalents.find((entry) => entry.file === file && entry.mutator === mutant.mutatorName && seen(entry.original) === original && seen(entry.replacement) === replacement)?.reason;
}

/** Code as a table cell holds it, without the backticks. */
function shown(text) {
	return text.replace(/`/g, "'").replace(/\|/g, '\\|').slice(0, 140);
}

const rows = [];
const survivors = [];
const total = { detected: 0, undetected: 0, static: 0, ignored: 0 };
// Timed-out mutants count as detected (a hang is a failure), but on a loaded machine a slow test can time out
// too, so the table shows them apart; the carried full run did not record them per file.
let timedOut = 0;
for (const [file, { source, mutants, mutated, carried }] of [...files.entries()].sort(([a], [b]) => a.localeCompare(b))) {
	if (carried) {
		const { survivors: old, commit: _commit, ...counts } = carried;
		for (const survivor of old) survivors.push({ file, ...survivor, carriedAsShown: true, reason: reasonFor(file, { mutatorName: survivor.mutator, replacement: survivor.replacement }, survivor.original, true) });
		for (const key of Object.keys(total)) total[key] += counts[key];
		timedOut += counts.timedOut ?? 0;
		rows.push({ file, mutated, carriedOver: true, ...counts });
		continue;
	}
	const counts = { detected: 0, timedOut: 0, undetected: 0, static: 0, ignored: 0 };
	for (const mutant of mutants) {
		if (DETECTED.has(mutant.status)) {
			counts.detected++;
			if (mutant.status === 'Timeout') counts.timedOut = (counts.timedOut ?? 0) + 1;
		}
		else if (UNDETECTED.has(mutant.status)) {
			counts.undetected++;
			const original = originalText(source, mutant.location);
			survivors.push({ file, line: mutant.location.start.line, status: mutant.status, mutator: mutant.mutatorName, original, replacement: oneLine(mutant.replacement ?? ''), reason: reasonFor(file, mutant, original) });
		} else if (mutant.status === 'Ignored' && /static/i.test(mutant.statusReason ?? '')) counts.static++;
		else counts.ignored++;
	}
	for (const key of Object.keys(total)) total[key] += counts[key];
	timedOut += counts.timedOut;
	rows.push({ file, mutated, ...counts });
}

const score = (counts) => (counts.detected + counts.undetected === 0 ? 100 : (100 * counts.detected) / (counts.detected + counts.undetected));
const unexplained = survivors.filter((survivor) => !survivor.reason);
const code = (text) => '`' + shown(text) + '`';

/** Which code the score is about: a summary read later against other code would otherwise mislead. */
function codeUnderTest() {
	const commits = [...new Set(rows.map((row) => row.mutated))];
	return commits.length === 1 ? `the code of commit ${commits[0]}` : `each file at the commit its row names (${commits.join(', ')})`;
}

const out = [
	'# Mutation testing',
	'',
	'Generated by `npm run test:mutation` (StrykerJS over `nodes/` and `credentials/`, against the unit and engine',
	'jest levels) from the reports in `reports/mutation/runs/`; do not edit by hand. Reasons for harmless survivors live in',
	'`docs/mutation-equivalents/`. Each run\'s full HTML report is `mutation.html` in its folder there (not committed).',
	'',
	`Mutated: ${codeUnderTest()}.`,
	'',
	`**Mutation score: ${score(total).toFixed(1)} %** (${total.detected} of ${total.detected + total.undetected} mutants killed or timed out; ` +
		`${timedOut} of them timed out in the files rescored here; ${total.ignored} more did not compile or could not run, and do not count). ` +
		`Survivors: ${survivors.length}, explained as equivalent or harmless: ${survivors.length - unexplained.length}; unexplained: ${unexplained.length}.`,
	'',
	total.static === 0
		? 'No static mutant (code that runs when a module loads) was left out.'
		: `Not run: ${total.static} static mutants, in code that runs when a module loads (the editor's descriptions, tables, regular expressions kept in constants). \`MUTATION_STATIC=1 npm run test:mutation\` runs them as well, for some three hours on two cores.`,
	'',
	'| File | Commit | Score | Killed or timed out | of which timed out | Survived | Did not compile or run | Static, not run |',
	'|---|---|---|---|---|---|---|---|',
	...rows.map((row) => `| ${row.file} | ${row.mutated}${row.carriedOver ? ' (carried over)' : ''} | ${score(row).toFixed(1)} % | ${row.detected} | ${row.timedOut ?? '–'} | ${row.undetected} | ${row.ignored} | ${row.static} |`),
	'',
	'## Survivors',
	'',
	survivors.length === 0 ? 'None.' : '| Where | Mutator | Original → mutant | Why it may survive |',
	...(survivors.length === 0 ? [] : ['|---|---|---|---|']),
	...survivors.map((s) => `| ${s.file}:${s.line}${s.status === 'NoCoverage' ? ' (no test runs it)' : ''} | ${s.mutator} | ${s.carriedAsShown ? '`' + s.original + '`' : code(s.original)} → ${s.carriedAsShown ? '`' + s.replacement + '`' : code(s.replacement)} | ${s.reason ?? '**Unexplained: needs a test or a reason.**'} |`),
	'',
];
writeFileSync(outPath, out.join('\n'));

// What the next summary carries over for files it has no run of. A file last mutated with uncommitted edits
// is left out: no commit says what code its figures are about.
const results = {};
for (const row of rows) {
	if (row.mutated.endsWith(' + edits')) continue;
	const { file, mutated, carriedOver: _carried, ...counts } = row;
	const kept = survivors
		.filter((survivor) => survivor.file === file)
		.map((survivor) => ({ line: survivor.line, status: survivor.status, mutator: survivor.mutator, original: survivor.carriedAsShown ? survivor.original : shown(survivor.original), replacement: survivor.carriedAsShown ? survivor.replacement : shown(survivor.replacement) }));
	results[file] = { commit: mutated, ...counts, survivors: kept };
}
if (outPath === path.join(root, 'docs/MUTATION.md')) {
	const comment = 'Written by scripts/mutation-summary.mjs with docs/MUTATION.md: per source file, the commit it was mutated at, its counts and its survivors (code as the table shows it). The next summary uses a file from here when no run under reports/mutation/runs/ has mutated it and its code is unchanged since that commit.';
	writeFileSync(resultsPath, JSON.stringify({ $comment: comment, files: results }, null, '\t') + '\n');
}
process.stdout.write(`mutation score ${score(total).toFixed(1)} %, ${survivors.length} survivors (${unexplained.length} unexplained) → ${path.relative(root, outPath)}\n`);
