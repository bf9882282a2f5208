/**
 * `npm run bench`: measures what the cache buys and what it costs, writes the figures to a results file
 * and fills the tables of BENCHMARKS.md from it (the prose there is written by hand). See `npm run bench -- --help`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import { REPO_ROOT } from '../test/support/n8n';
import { measureBatch } from './in-process/batch';
import { measureCacheCost } from './in-process/cacheCost';
import { measureCacheSize } from './in-process/cacheSize';
import { currentLoadAverage, machineFacts, n8nRuntimeVersion } from './machine';
import { measureExecutionSavingAlone, measureRealN8n } from './n8n/realN8n';
import { benchPlan, readOptions, UsageError, type BenchOptions } from './plan';
import { LATEST_RESULTS, readBenchResults, type BenchResults } from './results';
import { BENCHMARKS, renderBenchmarks } from './report/render';

/** Where a run's files go: a complete full run is published; anything less stays in reports/ (git-ignored). */
interface Destination {
	results: string;
	markdown: string;
}

const PUBLISHED: Destination = { results: LATEST_RESULTS, markdown: BENCHMARKS };
const SCRATCH_DIR = join(REPO_ROOT, 'reports', 'bench');
const SCRATCH: Destination = { results: join(SCRATCH_DIR, 'results.json'), markdown: join(SCRATCH_DIR, 'BENCHMARKS.md') };

const startedAt = Date.now();
function log(line: string): void {
	process.stderr.write(`[bench ${((Date.now() - startedAt) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
}

/** Writes the results, then BENCHMARKS.md's tables from them (a scratch copy for anything but a full run). */
async function publish(results: BenchResults, destination: Destination, { writeResults = true } = {}): Promise<void> {
	if (writeResults) {
		await mkdir(dirname(destination.results), { recursive: true });
		await writeFile(destination.results, `${JSON.stringify(results, null, '\t')}\n`);
	}
	await renderBenchmarks(results, destination.results, destination.markdown);
	const written = writeResults ? [destination.results, destination.markdown] : [destination.markdown];
	log(`wrote ${written.map((file) => file.replace(`${REPO_ROOT}/`, '')).join(', ')}`);
}

async function measure(options: BenchOptions, onStop: (stop: () => Promise<void>) => void): Promise<BenchResults> {
	const plan = benchPlan(options);
	const machine = machineFacts();
	log(`${plan.mode} run on ${machine.cpuModel} × ${machine.logicalCores}, load ${machine.loadAverageAtStart.toFixed(2)}`);

	log('1. in-process cost per item: cache hit, miss and floor');
	const cacheCost = await measureCacheCost(plan.cacheCost);
	log(`2. in-process batch: ${plan.batch.items} items, ${plan.batch.distinctVisitors} visitors, ${plan.batch.hubspotLatencyMs} ms HubSpot × ${plan.batch.runs}`);
	const batch = await measureBatch(plan.batch);
	log(`3. in-process cache size at ${plan.cacheSize.entries.join(', ')} entries`);
	const cacheSize = await measureCacheSize(plan.cacheSize.entries, plan.cacheSize.sampling);

	let realN8n: BenchResults['realN8n'];
	let executionSaving: BenchResults['executionSaving'];
	if (plan.realN8n) {
		log('4–5. real n8n');
		({ realN8n, executionSaving } = await measureRealN8n(plan.realN8n, plan.executionSaving, commandLine(), log, onStop));
		machine.n8nVersion = realN8n.n8nVersion;
		machine.n8nNode = n8nRuntimeVersion('2.41.1');
	}
	machine.loadAverageAtEnd = currentLoadAverage();

	return {
		schema: 1,
		startedAt: new Date(startedAt).toISOString(),
		finishedAt: new Date().toISOString(),
		durationSeconds: (Date.now() - startedAt) / 1000,
		command: commandLine(),
		mode: plan.mode,
		plan,
		machine,
		inProcess: { cacheCost, batch, cacheSize },
		realN8n,
		executionSaving,
	};
}

function commandLine(): string {
	const args = process.argv.slice(2);
	return `npm run bench${args.length > 0 ? ` -- ${args.join(' ')}` : ''}`;
}

/**
 * `--only executionSaving`: measures that part alone and puts it into the results it belongs with (the
 * published ones, or the last quick run's), keeping every other figure as it was.
 */
async function measureOnlyExecutionSaving(options: BenchOptions, onStop: (stop: () => Promise<void>) => void): Promise<void> {
	const plan = benchPlan(options);
	const destination = options.quick ? SCRATCH : PUBLISHED;
	const results = await readBenchResults(destination.results);
	log(`saving executions on vs off only, into ${destination.results.replace(`${REPO_ROOT}/`, '')}`);
	results.executionSaving = await measureExecutionSavingAlone(plan.executionSaving!, commandLine(), log, onStop);
	await publish(results, destination);
}

async function main(): Promise<void> {
	const options = readOptions(process.argv.slice(2), process.env);
	if (options.renderOnly) {
		await publish(await readBenchResults(PUBLISHED.results), PUBLISHED, { writeResults: false });
		return;
	}

	// Ctrl-C or a CI timeout must still stop n8n and the simulator.
	let stopRunning: (() => Promise<void>) | undefined;
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => {
			log(`${signal}: stopping what the benchmark started`);
			void (stopRunning?.() ?? Promise.resolve()).finally(() => process.exit(130));
		});
	}

	if (options.only === 'executionSaving') {
		await measureOnlyExecutionSaving(options, (stop) => (stopRunning = stop));
		log(`done in ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
		return;
	}
	const results = await measure(options, (stop) => (stopRunning = stop));
	await publish(results, results.mode === 'full' && results.realN8n ? PUBLISHED : SCRATCH);
	log(`done in ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
}

main().catch((error: unknown) => {
	if (error instanceof UsageError) process.stderr.write(`${error.message}\n`);
	else log(error instanceof Error ? (error.stack ?? error.message) : String(error));
	process.exitCode = 1;
});
