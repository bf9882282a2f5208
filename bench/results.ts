import type { BatchResult } from './in-process/batch';
import type { CacheCostResult } from './in-process/cacheCost';
import type { CacheSizeResult } from './in-process/cacheSize';
import type { MachineFacts } from './machine';
import type { ExecutionSavingResult } from './n8n/executionSaving';
import type { RealN8nResult } from './n8n/realN8n';
import type { BenchPlan } from './plan';

/** Everything one run measured: what BENCHMARKS.md and the charts are generated from. */
export interface BenchResults {
	/** Bumped when the shape changes, so an old file is not rendered with a newer template. */
	schema: 1;
	startedAt: string;
	finishedAt: string;
	durationSeconds: number;
	command: string;
	mode: BenchPlan['mode'];
	plan: BenchPlan;
	machine: MachineFacts;
	inProcess: {
		cacheCost: CacheCostResult;
		batch: BatchResult;
		cacheSize: CacheSizeResult;
	};
	realN8n?: RealN8nResult;
	/** Saving executions on vs off; may come from a later `--only executionSaving` run (see its measuredAt). */
	executionSaving?: ExecutionSavingResult;
}
