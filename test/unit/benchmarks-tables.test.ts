// BENCHMARKS.md is prose written by hand around tables that the bench commands fill from bench/results/*.json.
// A render must touch nothing but the tables, and the tables on the page must be the committed figures.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { benchTables } from '../../bench/report/render';
import { fillRegions, regionNames } from '../../bench/report/regions';
import { LATEST_RESULTS, readBenchResults } from '../../bench/results';
import { readScaleResults } from '../../bench/scale/scaleResults';
import { readVerifiedResults } from '../../bench/verified/results';
import { REPO_ROOT } from '../support/n8n/repo';

const PAGE = readFileSync(join(REPO_ROOT, 'BENCHMARKS.md'), 'utf8');

const REGION = /(<!-- bench:table:([a-z0-9-]+) -->)([\s\S]*?)(<!-- \/bench:table:\2 -->)/g;

/** The page with every region's content taken out: what is written by hand. */
function prose(markdown: string): string {
	return markdown.replace(REGION, '$1$4');
}

function contents(markdown: string): Record<string, string> {
	return Object.fromEntries([...markdown.matchAll(REGION)].map((match) => [match[2], match[3].trim()]));
}

async function committedTables(): Promise<Record<string, string>> {
	return benchTables({ latest: await readBenchResults(LATEST_RESULTS), latestFile: 'bench/results/latest.json', scale: await readScaleResults(), verified: readVerifiedResults() });
}

describe('BENCHMARKS.md: hand-written prose, tables filled from the results', () => {
	const doc = 'Intro 1.5× by hand.\n<!-- bench:table:a -->\nold | figure\n<!-- /bench:table:a -->\nAfter.\n<!-- bench:table:b -->\n<!-- /bench:table:b -->\n';

	it('a render replaces what lies between the markers and nothing else', () => {
		const filled = fillRegions(doc, { a: '| x |\n| --- |\n| 1 |', b: 'B' });
		expect(filled).toBe('Intro 1.5× by hand.\n<!-- bench:table:a -->\n\n| x |\n| --- |\n| 1 |\n\n<!-- /bench:table:a -->\nAfter.\n<!-- bench:table:b -->\n\nB\n\n<!-- /bench:table:b -->\n');
		expect(prose(filled)).toBe(prose(doc));
		expect(fillRegions(filled, { a: '| x |\n| --- |\n| 1 |', b: 'B' })).toBe(filled);
	});

	it('refuses a region no table fills, a table without a region, and a region left open', () => {
		expect(() => fillRegions(doc, { a: 'A' })).toThrow('regions no table is rendered for: b');
		expect(() => fillRegions(doc, { a: 'A', b: 'B', c: 'C' })).toThrow('lacks the regions <!-- bench:table:c -->');
		expect(() => fillRegions(`${doc}<!-- bench:table:d -->\n`, { a: 'A', b: 'B' })).toThrow('no closing <!-- /bench:table:NAME --> for d');
	});

	it('the page has exactly one region for every table the results fill', async () => {
		expect(regionNames(PAGE).sort()).toEqual(Object.keys(await committedTables()).sort());
	});

	it("the page's tables are the committed results' figures (the header aside: it names HEAD, which moves with every commit)", async () => {
		const { run, ...tables } = await committedTables();
		const { run: header, ...onPage } = contents(PAGE);
		expect(onPage).toEqual(Object.fromEntries(Object.entries(tables).map(([name, table]) => [name, table.trim()])));
		expect(run).toContain('| Commit measured |');
		expect(header).toContain(`| Commit measured | ${(await readBenchResults(LATEST_RESULTS)).machine.commit ?? '?'}`);
	});
});
