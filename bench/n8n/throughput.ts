import { setTimeout as sleep } from 'node:timers/promises';

import type { Visitor } from '../in-process/nodeRunner';
import { visitors } from '../in-process/fixtures';
import { distribution, type Distribution } from '../stats';
import { elapsedMs, nowNs } from '../timing';
import type { BenchN8n } from './benchN8n';
import { warmHitPool } from './latency';
import { postJson } from './webhookClient';

export type ThroughputWorkflow = 'floor' | 'hit';

export interface ThroughputPlan {
	concurrencies: readonly number[];
	/** Measured seconds per concurrency and workflow. */
	seconds: number;
	warmupSeconds: number;
	hitVisitors: number;
}

export interface ThroughputPoint {
	workflow: ThroughputWorkflow;
	concurrency: number;
	requests: number;
	seconds: number;
	requestsPerSecond: number;
	ms: Distribution;
	/** Errors, or for the hit workflow answers not served from the cache. */
	unexpected: number;
	hubspotCalls: number;
}

export interface ThroughputResult {
	points: ThroughputPoint[];
	/** Hit throughput over the bare webhook's at each concurrency. */
	hitToFloor: Record<string, number>;
}

/**
 * `concurrency` clients, each sending its next request as soon as the last is answered, until the time is
 * up. Requests still in flight at the deadline are awaited and counted, and the clock stops with them.
 */
async function closedLoop(
	send: (n: number) => Promise<{ ms: number; ok: boolean }>,
	concurrency: number,
	seconds: number,
): Promise<{ latencies: number[]; failures: number; elapsedSeconds: number }> {
	const latencies: number[] = [];
	let failures = 0;
	let sent = 0;
	const start = nowNs();
	const deadline = Date.now() + seconds * 1000;
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (Date.now() < deadline) {
				const answer = await send(sent++);
				if (answer.ok) latencies.push(answer.ms);
				else failures++;
			}
		}),
	);
	return { latencies, failures, elapsedSeconds: elapsedMs(start) / 1000 };
}

/** Item 5, first half: cache-hit throughput against the bare webhook at each concurrency. */
export async function measureThroughput(bench: BenchN8n, plan: ThroughputPlan): Promise<ThroughputResult> {
	const pool: Visitor[] = visitors('throughput-pool', plan.hitVisitors);
	await warmHitPool(bench, pool);
	const points: ThroughputPoint[] = [];

	for (const concurrency of plan.concurrencies) {
		for (const workflow of ['floor', 'hit'] as const) {
			const send = async (n: number) => {
				const visitor = workflow === 'hit' ? pool[n % pool.length] : { email: `floor-${n}@throughput.bench.example.com`, firstName: 'T', lastName: 'P' };
				try {
					const answer = await postJson(bench.url(workflow), visitor);
					const ok = answer.status === 200 && (workflow === 'floor' || answer.body?.cached === true);
					return { ms: answer.ms, ok };
				} catch {
					// A broken connection is a failed request, counted, not the end of the run.
					return { ms: 0, ok: false };
				}
			};
			await closedLoop(send, concurrency, plan.warmupSeconds);
			const callsBefore = bench.hubspot.tokenCalls().length;
			const run = await closedLoop(send, concurrency, plan.seconds);
			const requests = run.latencies.length + run.failures;
			points.push({
				workflow,
				concurrency,
				requests,
				seconds: run.elapsedSeconds,
				requestsPerSecond: run.latencies.length / run.elapsedSeconds,
				ms: distribution(run.latencies),
				unexpected: run.failures,
				hubspotCalls: bench.hubspot.tokenCalls().length - callsBefore,
			});
			// Let n8n finish saving the last executions before the next series starts.
			await sleep(1000);
		}
	}

	const hitToFloor: Record<string, number> = {};
	for (const concurrency of plan.concurrencies) {
		const at = (workflow: ThroughputWorkflow) => points.find((p) => p.workflow === workflow && p.concurrency === concurrency);
		hitToFloor[String(concurrency)] = (at('hit')?.requestsPerSecond ?? Number.NaN) / (at('floor')?.requestsPerSecond ?? Number.NaN);
	}
	return { points, hitToFloor };
}
