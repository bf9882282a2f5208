// README.md's Compatibility table, rendered from scripts/tested-n8n-versions.json: what the page says was
// tested is what CI runs. `npx tsx scripts/compat-table.ts` says whether the README is current (exit 1 when
// not); `--write` renders it in place. Only the text between the markers is touched.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { LOADABLE_MINIMUM, TESTED_N8N, type TestedN8n, type TestedRun, type Where } from '../test/support/n8n/tested-versions';

export const COMPAT_START = '<!-- compat:start -->';
export const COMPAT_END = '<!-- compat:end -->';

const WHEN: Record<Where, string> = { nightly: 'Nightly', 'every pull request': 'Every pull request' };

function whatRuns(run: TestedRun): string {
	if (run.files === undefined) return run.what;
	return `${run.what} (${run.files.map((file) => `\`${file}\``).join(', ')})`;
}

function status(entry: TestedN8n): string {
	const parts = (['nightly', 'every pull request'] as const)
		.map((where) => entry.runs.filter((run) => run.where === where))
		.filter((runs) => runs.length > 0)
		.map((runs) => `${WHEN[runs[0].where]}: ${runs.map(whatRuns).join('; ')}.`);
	if (entry.note !== undefined) parts.push(`${entry.note.charAt(0).toUpperCase()}${entry.note.slice(1)}.`);
	return parts.join(' ');
}

/** The table, newest release first as listed, then the line below which n8n cannot load the node. */
export function renderCompatTable(versions: readonly TestedN8n[] = TESTED_N8N, minimum = LOADABLE_MINIMUM): string {
	const rows = versions.map((entry) => `| ${entry.version} | ${String(entry.node)} | ${status(entry)} |`);
	const older = `| older than ${minimum.loads} | | Not supported: ${minimum.why}. |`;
	return ['| n8n | Node | What CI tests on it |', '|---|---|---|', ...rows, older].join('\n');
}

/** The page with the table between the markers replaced; refuses a page without exactly one pair. */
export function fillCompatTable(page: string, table: string): string {
	const start = page.indexOf(COMPAT_START);
	const end = page.indexOf(COMPAT_END);
	if (start < 0 || end < start || page.indexOf(COMPAT_START, start + 1) >= 0 || page.indexOf(COMPAT_END, end + 1) >= 0) {
		throw new Error(`the page needs exactly one ${COMPAT_START} … ${COMPAT_END} pair, in that order`);
	}
	return `${page.slice(0, start + COMPAT_START.length)}\n${table}\n${page.slice(end)}`;
}

export const README = join(__dirname, '..', 'README.md');

if (require.main === module) {
	const page = readFileSync(README, 'utf8');
	const rendered = fillCompatTable(page, renderCompatTable());
	if (process.argv.includes('--write')) {
		writeFileSync(README, rendered);
		process.stdout.write('README.md: Compatibility table rendered from scripts/tested-n8n-versions.json\n');
	} else if (rendered !== page) {
		process.stdout.write('README.md: the Compatibility table is not what scripts/tested-n8n-versions.json says: run npx tsx scripts/compat-table.ts --write\n');
		process.exitCode = 1;
	}
}
