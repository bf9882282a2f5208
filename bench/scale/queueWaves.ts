import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ensureRedisInstalled } from '../../test/queue/support/redis';
import { QUEUE_N8N_VERSION, QueueN8n } from '../../test/queue/support/queue-n8n';
import { runVisitWaves, type VisitWavePlan, type VisitWaveResult } from '../../test/queue/support/visit-waves';
import { ensureInstalled, packPackage } from '../../test/support/n8n';

/** 100 visitors × 3 requests, 32 in flight, then each visitor once more one at a time. */
export const QUEUE_WAVE_PLAN: VisitWavePlan = { label: 'bench', visitors: 100, requestsPerVisitor: 3, concurrency: 32 };
/** HubSpot's latency during the waves: long enough for executions on both workers to overlap. */
export const QUEUE_HUBSPOT_LATENCY_MS = 150;

/** Starts the queue-mode rig of the test suite, runs the waves once, stops everything. */
export async function measureQueueWaves(log: (line: string) => void, onStop: (stop: () => Promise<void>) => void): Promise<VisitWaveResult> {
	ensureInstalled([QUEUE_N8N_VERSION]);
	ensureRedisInstalled();
	const packDir = await mkdtemp(join(tmpdir(), 'n8n-bench-queue-pack-'));
	try {
		log('packing the package (builds dist/ first when it is stale)');
		const rig = new QueueN8n(await packPackage(packDir), QUEUE_HUBSPOT_LATENCY_MS);
		onStop(() => rig.stop());
		log('starting Postgres, Redis, n8n main, webhook processor and two workers');
		await rig.start();
		try {
			log(`waves: ${QUEUE_WAVE_PLAN.visitors} visitors × ${QUEUE_WAVE_PLAN.requestsPerVisitor}, ${QUEUE_WAVE_PLAN.concurrency} in flight, then one by one`);
			return await runVisitWaves(rig, QUEUE_WAVE_PLAN);
		} finally {
			await rig.stop();
		}
	} finally {
		await rm(packDir, { recursive: true, force: true });
	}
}
