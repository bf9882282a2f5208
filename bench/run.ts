/**
 * `npm run bench`: measures what the cache buys and what it costs, writes the figures to a
 * results file and generates BENCHMARKS.md and the charts from it. See `npm run bench -- --help`.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import { REPO_ROOT } from '../test/support/n8n';
import { measureBatch } from './in-process/batch';
import { measureCacheCost } from './in-process/cacheCost';
import { measureCacheSize } from './in-process/cacheSize';
import { currentLoadAverage, machineFacts, n8nRuntimeVersion } from './machine';
import { measureExecutionSavingAlone, measureRealN8n } from './n8n/realN8n';
import { benchPlan, readOptions, UsageError, type BenchOptions } from './plan';
import type { BenchResults } from './results';
import { renderCharts } from './report/charts';
import { renderMarkdown, type ChartLinks } from './report/markdown';
import { readScaleResults } from './scale/scaleResults';
import { withVerifiedSection } from './verified/results';

/** Where a run's files go: a complete full run is published; anything less stays in reports/ (git-ignored). */
interface Destination {
	results: string;
	markdown: string;
	/** Chart files, and how the Markdown refers to them. */
	charts: Record<keyof ChartLinks, { file: string; link: string }>;
}

const PUBLISHED: Destination = {
	results: join(REPO_ROOT, 'bench', 'results', 'latest.json'),
	markdown: join(REPO_ROOT, 'BENCHMARKS.md'),
	charts: {
		latency: { file: join(REPO_ROOT, 'docs', 'bench-latency.svg'), link: 'docs/bench-latency.svg' },
		throughput: { file: join(REPO_ROOT, 'docs', 'bench-throughput.svg'), link: 'docs/bench-throughput.svg' },
		firstVisits: { file: join(REPO_ROOT, 'docs', 'bench-first-visits.svg'), link: 'docs/bench-first-visits.svg' },
	},
};

const SCRATCH_DIR = join(REPO_ROOT, 'reports', 'bench');
const SCRATCH: Destination = {
	results: join(SCRATCH_DIR, 'results.json'),
	markdown: join(SCRATCH_DIR, 'BENCHMARKS.md'),
	charts: {
		latency: { file: join(SCRATCH_DIR, 'bench-latency.svg'), link: 'bench-latency.svg' },
		throughput: { file: join(SCRATCH_DIR, 'bench-throughput.svg'), link: 'bench-throughput.svg' },
		firstVisits: { file: join(SCRATCH_DIR, 'bench-first-visits.svg'), link: 'bench-first-visits.svg' },
	},
};

const startedAt = Date.now();
function log(line: string): void {
	process.stderr.write(`[bench ${((Date.now() - startedAt) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
}

async function writeText(file: string, text: string): Promise<void> {
	await mkdir(dirname(file), { recursive: true });
	await writeFile(file, text);
}

async function publish(results: BenchResults, destination: Destination, { writeResults = true } = {}): Promise<void> {
	if (writeResults) await writeText(destination.results, `${JSON.stringify(results, null, '\t')}\n`);
	const charts = await renderCharts(results);
	if (charts) {
		for (const name of Object.keys(destination.charts) as Array<keyof ChartLinks>) await writeText(destination.charts[name].file, charts[name]);
	}
	const links = Object.fromEntries(Object.entries(destination.charts).map(([name, chart]) => [name, chart.link])) as unknown as ChartLinks;
	const scale = await readScaleResults();
	// The verified-visitors section has its own run (npm run bench:verified); a full run keeps it.
	await writeText(destination.markdown, withVerifiedSection(renderMarkdown(results, links, destination.results.replace(`${REPO_ROOT}/`, ''), scale)));
	const written = writeResults ? [destination.results, destination.markdown] : [destination.markdown];
	log(`wrote ${written.map((file) => file.replace(`${REPO_ROOT}/`, '')).join(', ')}${charts ? ' and the charts' : ''}`);
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
	const results = JSON.parse(await readFile(destination.results, 'utf8')) as BenchResults;
	if (results.schema !== 1) throw new Error(`${destination.results} has schema ${String(results.schema)}; this template renders schema 1`);
	log(`saving executions on vs off only, into ${destination.results.replace(`${REPO_ROOT}/`, '')}`);
	results.executionSaving = await measureExecutionSavingAlone(plan.executionSaving!, commandLine(), log, onStop);
	await publish(results, destination);
}

async function main(): Promise<void> {
	const options = readOptions(process.argv.slice(2), process.env);
	if (options.renderOnly) {
		const results = JSON.parse(await readFile(PUBLISHED.results, 'utf8')) as BenchResults;
		if (results.schema !== 1) throw new Error(`${PUBLISHED.results} has schema ${String(results.schema)}; this template renders schema 1`);
		await publish(results, PUBLISHED, { writeResults: false });
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
