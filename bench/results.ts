import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { REPO_ROOT } from '../test/support/n8n';
import type { BatchResult } from './in-process/batch';
import type { CacheCostResult } from './in-process/cacheCost';
import type { CacheSizeResult } from './in-process/cacheSize';
import type { MachineFacts } from './machine';
import type { ExecutionSavingResult } from './n8n/executionSaving';
import type { RealN8nResult } from './n8n/realN8n';
import type { BenchPlan } from './plan';

/** Everything one run measured: what most tables in BENCHMARKS.md are rendered from. */
export interface BenchResults {
	/** Bumped when the shape changes, so an old file is not rendered as if it had the new one. */
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

/** The published figures: only a complete full run replaces them. */
export const LATEST_RESULTS = join(REPO_ROOT, 'bench', 'results', 'latest.json');

export async function readBenchResults(file: string): Promise<BenchResults> {
	const results = JSON.parse(await readFile(file, 'utf8')) as BenchResults;
	if (results.schema !== 1) throw new Error(`${file} has schema ${String(results.schema)}; the report renders schema 1`);
	return results;
}
