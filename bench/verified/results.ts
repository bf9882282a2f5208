import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from '../../test/support/n8n';
import type { InProcessVerifyResult } from './inProcess';
import type { RealN8nVerifyResult } from './realN8n';

/** One run of `npm run bench:verified`: what its tables in BENCHMARKS.md are rendered from. */
export interface VerifiedBenchResults {
	startedAt: string;
	command: string;
	machine: { cpuModel: string; logicalCores: number; node: string; loadAverageAtStart: number; commit?: string };
	inProcess: InProcessVerifyResult;
	realN8n?: RealN8nVerifyResult;
}

export const VERIFIED_RESULTS_FILE = join(REPO_ROOT, 'bench', 'results', 'verified.json');

export function readVerifiedResults(): VerifiedBenchResults | undefined {
	return existsSync(VERIFIED_RESULTS_FILE) ? (JSON.parse(readFileSync(VERIFIED_RESULTS_FILE, 'utf8')) as VerifiedBenchResults) : undefined;
}
