import type { BatchPlan } from './in-process/batch';
import type { CacheCostPlan } from './in-process/cacheCost';
import type { ExecutionSavingPlan } from './n8n/executionSaving';
import type { RealN8nPlan } from './n8n/realN8n';
import type { SamplingPlan } from './timing';

export interface BenchPlan {
	mode: 'full' | 'quick';
	cacheCost: CacheCostPlan;
	batch: BatchPlan;
	cacheSize: { entries: number[]; sampling: SamplingPlan };
	/** Undefined when the real-n8n part is skipped. */
	realN8n?: RealN8nPlan;
	/** Saving executions on vs off, in the real n8n: with realN8n, or alone with `--only executionSaving`. */
	executionSaving?: ExecutionSavingPlan;
}

export interface BenchOptions {
	quick: boolean;
	/** Run the real-n8n part: always in a full run, only when asked in a quick one. */
	withN8n: boolean;
	/** Fill BENCHMARKS.md's tables from the results files without measuring. */
	renderOnly: boolean;
	/** Measure only this part and put it into the published results, keeping the other figures. */
	only?: 'executionSaving';
}

/** Parts that `--only` can measure on their own. */
const PARTS = ['executionSaving'] as const;

const USAGE = `npm run bench [-- --quick] [-- --with-n8n | --skip-n8n] [-- --render-only]
  --quick        smoke run: short in-process part, no real n8n (env BENCH_QUICK=1)
  --with-n8n     in a quick run, also run a short real-n8n part (env BENCH_N8N=1)
  --skip-n8n     in a full run, leave out the real-n8n part (its results are then not published)
  --render-only  fill BENCHMARKS.md's tables again from bench/results/*.json, measuring nothing
  --only executionSaving
                 only the real-n8n comparison of saving executions on and off; its figures replace that
                 part of bench/results/latest.json (or of reports/bench/ with --quick), the rest is kept`;

/** A wrong command line: shown as the usage text, without a stack trace. */
export class UsageError extends Error {}

export function readOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions {
	const known = new Set(['--quick', '--with-n8n', '--skip-n8n', '--render-only', '--help']);
	const onlyAt = argv.indexOf('--only');
	const only = onlyAt >= 0 ? argv[onlyAt + 1] : undefined;
	if (onlyAt >= 0 && !(PARTS as readonly (string | undefined)[]).includes(only)) {
		throw new UsageError(`--only takes one of: ${PARTS.join(', ')}\n${USAGE}`);
	}
	const unknown = argv.filter((arg, index) => !known.has(arg) && (onlyAt < 0 || (index !== onlyAt && index !== onlyAt + 1)));
	if (unknown.length > 0 || argv.includes('--help')) {
		throw new UsageError(`${unknown.length > 0 ? `unknown option ${unknown.join(' ')}\n` : ''}${USAGE}`);
	}
	const quick = argv.includes('--quick') || env.BENCH_QUICK === '1';
	const wantN8n = argv.includes('--with-n8n') || env.BENCH_N8N === '1';
	const skipN8n = argv.includes('--skip-n8n') || env.BENCH_N8N === '0';
	return {
		quick,
		withN8n: quick ? wantN8n && !skipN8n : !skipN8n,
		renderOnly: argv.includes('--render-only'),
		...(only === undefined ? {} : { only: only as BenchOptions['only'] }),
	};
}

/** Both modes measure the same things; the quick one takes fewer samples and shorter loads. */
export function benchPlan(options: BenchOptions): BenchPlan {
	const quick = options.quick;
	const plan: BenchPlan = {
		mode: quick ? 'quick' : 'full',
		cacheCost: quick
			? { cacheEntries: 1000, missBatchItems: 100, warmup: 3, samples: 21, minSampleMs: 2 }
			: { cacheEntries: 1000, missBatchItems: 100, warmup: 30, samples: 301, minSampleMs: 2 },
		batch: { items: 1000, distinctVisitors: 100, hubspotLatencyMs: 150, runs: quick ? 1 : 5 },
		cacheSize: {
			entries: quick ? [100, 1000] : [100, 1000, 10_000],
			sampling: quick ? { warmup: 2, samples: 5, minSampleMs: 5 } : { warmup: 5, samples: 41, minSampleMs: 5 },
		},
	};
	if (options.withN8n) {
		plan.realN8n = {
			hubspotLatencyMs: 150,
			fullCacheEntries: 1000,
			latency: quick ? { requests: 10, warmup: 2, gapMs: 60, hitVisitors: 5 } : { requests: 200, warmup: 10, gapMs: 60, hitVisitors: 20 },
			throughput: quick
				? { concurrencies: [1, 8, 32], seconds: 2, warmupSeconds: 0.5, hitVisitors: 5 }
				: { concurrencies: [1, 8, 32], seconds: 10, warmupSeconds: 2, hitVisitors: 20 },
			firstVisits: quick ? { visitors: 20, requestsPerVisitor: 2, concurrency: 8 } : { visitors: 100, requestsPerVisitor: 3, concurrency: 32 },
		};
	}
	if (options.withN8n || options.only === 'executionSaving') {
		plan.executionSaving = quick
			? { hubspotLatencyMs: 150, requests: 10, warmup: 2, gapMs: 60, hitVisitors: 5 }
			: { hubspotLatencyMs: 150, requests: 100, warmup: 10, gapMs: 60, hitVisitors: 20 };
	}
	return plan;
}
