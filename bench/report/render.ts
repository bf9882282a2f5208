import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

import { REPO_ROOT } from '../../test/support/n8n';
import type { BenchResults } from '../results';
import { readScaleResults, type ScaleResults } from '../scale/scaleResults';
import { readVerifiedResults, type VerifiedBenchResults } from '../verified/results';
import { measuredBy, notMeasured, type Provenance } from './format';
import { batchTable, cacheSizeTable, costPerItemTable } from './inProcessTables';
import { executionSavingTable, firstVisitsTable, latencyRatiosTable, latencyTable, throughputTable } from './realN8nTables';
import { fillRegions } from './regions';
import { machineTable, planTable, runTable } from './runTables';
import { cacheTaxTables, profileTable, queueTable } from './scaleTables';
import { targetsTable } from './targets';
import { verifiedInProcessTable, verifiedRealN8nTable } from './verifiedTables';

export const BENCHMARKS = join(REPO_ROOT, 'BENCHMARKS.md');

interface Sources {
	latest: BenchResults;
	/** The results file `latest` was read from, relative to the repository. */
	latestFile: string;
	scale: ScaleResults;
	verified?: VerifiedBenchResults;
}

/** Every region of BENCHMARKS.md, by name, with the table that fills it. */
export function benchTables({ latest: r, latestFile, scale, verified }: Sources): Record<string, string> {
	const run: Provenance = { file: latestFile, commit: r.machine.commit, startedAt: r.startedAt, load: [r.machine.loadAverageAtStart, r.machine.loadAverageAtEnd], command: r.command };
	const fromRun = (text: string) => `${text}\n\n${measuredBy(run)}`;
	const real = r.realN8n;
	const fromN8n = (render: (real: NonNullable<BenchResults['realN8n']>) => string) =>
		real ? fromRun(render(real)) : notMeasured('a full `npm run bench`, or `npm run bench -- --quick --with-n8n`');
	const saving = r.executionSaving;
	return {
		run: runTable(r),
		targets: `${targetsTable(r, verified)}\n\n_From the tables below, each of which names the run it comes from._`,
		latency: fromN8n(latencyTable),
		'latency-ratios': fromN8n((n8n) => latencyRatiosTable(n8n, r)),
		throughput: fromN8n(throughputTable),
		'first-visits': fromN8n(firstVisitsTable),
		'execution-saving': saving
			? `${executionSavingTable(saving)}\n\n${measuredBy({ file: latestFile, commit: saving.commit, startedAt: saving.measuredAt, load: [saving.loadAverage], command: saving.command })}`
			: notMeasured('`npm run bench -- --only executionSaving`'),
		queue: queueTable(scale.queue),
		'cache-tax': cacheTaxTables(scale.tax),
		'cache-profile': profileTable(scale.profile),
		'cost-per-item': fromRun(costPerItemTable(r.inProcess)),
		batch: fromRun(batchTable(r.inProcess)),
		'cache-size': fromRun(cacheSizeTable(r.inProcess)),
		'verified-in-process': verifiedInProcessTable(verified),
		'verified-real-n8n': verifiedRealN8nTable(verified),
		plan: planTable(r),
		machine: machineTable(r),
	};
}

/**
 * Fills the tables of `template` (the hand-written BENCHMARKS.md) from `latest` and the published scale
 * and verified results, and writes the result to `output`. The prose around the tables is kept as it is.
 */
export async function renderBenchmarks(latest: BenchResults, latestFile: string, output = BENCHMARKS, template = BENCHMARKS): Promise<void> {
	const tables = benchTables({ latest, latestFile: relative(REPO_ROOT, latestFile), scale: await readScaleResults(), verified: readVerifiedResults() });
	const markdown = fillRegions(await readFile(template, 'utf8'), tables);
	await mkdir(dirname(output), { recursive: true });
	await writeFile(output, markdown);
}
