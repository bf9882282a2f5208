/**
 * `npm run bench:scale -- <queue|tax> --label <before|after>`: the scale measurements, each one run of
 * its own, kept per label in bench/results/scale.json; BENCHMARKS.md's tables show them side by side and are
 * filled again at the end.
 */
import { loadavg } from 'node:os';

import { machineFacts } from '../machine';
import { renderBenchmarks } from '../report/render';
import { LATEST_RESULTS, readBenchResults } from '../results';
import { CACHE_TAX_PLAN, measureCacheTax } from './cacheTax';
import { profileCacheSize } from './profileTax';
import { measureQueueWaves } from './queueWaves';
import { readScaleResults, writeScaleResults } from './scaleResults';

const USAGE = 'npm run bench:scale -- <queue|tax|profile> --label <before|after>';

const startedAt = Date.now();
function log(line: string): void {
	process.stderr.write(`[bench:scale ${((Date.now() - startedAt) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
}

async function main(): Promise<void> {
	const args = process.argv.slice(2);
	const what = args.find((arg) => arg === 'queue' || arg === 'tax' || arg === 'profile');
	const labelArg = args[args.indexOf('--label') + 1];
	if (what === undefined || (labelArg !== 'before' && labelArg !== 'after')) throw new Error(`usage: ${USAGE}`);
	const label: 'before' | 'after' = labelArg;

	let stopRunning: (() => Promise<void>) | undefined;
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => void (stopRunning?.() ?? Promise.resolve()).finally(() => process.exit(130)));
	}
	const onStop = (stop: () => Promise<void>) => (stopRunning = stop);
	const run = () => ({ label, commit: machineFacts().commit, startedAt: new Date(startedAt).toISOString() });
	const loadAtStart = loadavg()[0];
	const results = await readScaleResults();
	if (what === 'queue') {
		const result = await measureQueueWaves(log, onStop);
		results.queue[label] = { ...run(), loadAverage: [loadAtStart, loadavg()[0]], result };
	} else if (what === 'tax') {
		const result = await measureCacheTax(CACHE_TAX_PLAN, log, onStop);
		results.tax[label] = { ...run(), loadAverage: [loadAtStart, loadavg()[0]], result };
	} else {
		const result = await profileCacheSize(10_000, 60, log);
		results.profile = { ...results.profile, [label]: { ...run(), loadAverage: [loadAtStart, loadavg()[0]], result } };
	}
	await writeScaleResults(results);
	await renderBenchmarks(await readBenchResults(LATEST_RESULTS), LATEST_RESULTS);
	log(`wrote bench/results/scale.json (${what}, ${label}) and BENCHMARKS.md`);
}

main().catch((error: unknown) => {
	log(error instanceof Error ? (error.stack ?? error.message) : String(error));
	process.exitCode = 1;
});
