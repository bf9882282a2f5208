import { setTimeout as sleep } from 'node:timers/promises';

import type { Visitor } from '../in-process/nodeRunner';
import { visitors } from '../in-process/fixtures';
import { distribution, type Distribution } from '../stats';
import type { BenchN8n } from './benchN8n';
import { postJson, tokenOf, type Answer } from './webhookClient';
import type { WorkflowName } from './workflows';

export type LatencyScenario = 'floor' | 'floorFields' | 'floorCredential' | 'floorFullStatic' | 'uncached' | 'hit' | 'hitFullCache' | 'miss';
export const LATENCY_SCENARIOS: readonly LatencyScenario[] = [
	'floor',
	'floorFields',
	'floorCredential',
	'floorFullStatic',
	'uncached',
	'hit',
	'hitFullCache',
	'miss',
];

export interface LatencyPlan {
	requests: number;
	warmup: number;
	/** Pause after each request, so n8n's work after answering (saving the execution) does not land on the next one. */
	gapMs: number;
	/** Visitors cached in the `hit` workflow before measuring; they take turns. */
	hitVisitors: number;
}

export interface LatencyResult {
	requestsPerScenario: number;
	hubspotLatencyMs: number;
	ms: Record<LatencyScenario, Distribution>;
	/** Answers that were not what the scenario is about (an error, a miss where a hit was due, …). */
	unexpected: Record<LatencyScenario, number>;
	/** HubSpot token calls seen during the measured requests, per scenario. */
	hubspotCalls: Record<LatencyScenario, number>;
	ratios: {
		hitToFloor: number;
		hitToUncached: number;
		hitFullCacheToFloor: number;
		floorFullStaticToFloor: number;
		missToUncached: number;
	};
}

/** Asks for the hit pool's tokens until one whole pass is served from the cache (bounded passes). */
export async function warmHitPool(bench: BenchN8n, pool: readonly Visitor[], workflow: WorkflowName = 'hit'): Promise<void> {
	for (let pass = 0; pass < 5; pass++) {
		let allCached = true;
		for (const visitor of pool) {
			const answer = await postJson(bench.url(workflow), visitor);
			if (answer.status !== 200) throw new Error(`warming the cache: HTTP ${answer.status} from the ${workflow} workflow`);
			if (answer.body?.cached !== true) allCached = false;
			// n8n saves static data after answering; the next request must see it.
			await sleep(50);
		}
		if (allCached) return;
	}
	throw new Error(`the ${workflow} workflow still misses after 5 passes over ${pool.length} visitors`);
}

function isExpected(scenario: LatencyScenario, answer: Answer): boolean {
	if (answer.status !== 200) return false;
	if (scenario === 'floor' || scenario === 'floorFields' || scenario === 'floorFullStatic') return true;
	// TOTP answers with its one-time code where the others answer with a visitor token.
	if (scenario === 'floorCredential') return tokenOf(answer) !== undefined;
	if (tokenOf(answer) === undefined) return false;
	if (scenario === 'hit' || scenario === 'hitFullCache') return answer.body?.cached === true;
	if (scenario === 'miss') return answer.body?.cached === false;
	return true;
}

/**
 * Item 4: sequential requests, one scenario after another in rotating order, so that whatever else the
 * machine is doing falls on every scenario alike. Each miss is a visitor n8n has never seen.
 */
export async function measureLatency(
	bench: BenchN8n,
	plan: LatencyPlan,
	fullCacheVisitors: readonly Visitor[],
	hubspotLatencyMs: number,
): Promise<LatencyResult> {
	const pool = visitors('hit-pool', plan.hitVisitors);
	await warmHitPool(bench, pool);

	// Warm-up rounds are negative: counting from the first of them keeps every index in range.
	const visitorFor = (scenario: LatencyScenario, round: number): Visitor => {
		const turn = round + plan.warmup;
		if (scenario === 'hit') return pool[turn % pool.length];
		if (scenario === 'hitFullCache') return fullCacheVisitors[(turn * 7919) % fullCacheVisitors.length];
		return { email: `${scenario}-${turn}@latency.bench.example.com`, firstName: 'Latency', lastName: `Round ${turn}` };
	};

	const samples = Object.fromEntries(LATENCY_SCENARIOS.map((s) => [s, [] as number[]])) as Record<LatencyScenario, number[]>;
	const unexpected = Object.fromEntries(LATENCY_SCENARIOS.map((s) => [s, 0])) as Record<LatencyScenario, number>;
	const calls = Object.fromEntries(LATENCY_SCENARIOS.map((s) => [s, 0])) as Record<LatencyScenario, number>;

	for (let round = -plan.warmup; round < plan.requests; round++) {
		const offset = ((round % LATENCY_SCENARIOS.length) + LATENCY_SCENARIOS.length) % LATENCY_SCENARIOS.length;
		for (let i = 0; i < LATENCY_SCENARIOS.length; i++) {
			const scenario = LATENCY_SCENARIOS[(offset + i) % LATENCY_SCENARIOS.length];
			const callsBefore = bench.hubspot.tokenCalls().length;
			const answer = await postJson(bench.url(scenario), visitorFor(scenario, round)).catch(() => undefined);
			await sleep(plan.gapMs);
			if (round < 0) continue;
			calls[scenario] += bench.hubspot.tokenCalls().length - callsBefore;
			if (answer !== undefined && isExpected(scenario, answer)) samples[scenario].push(answer.ms);
			else unexpected[scenario]++;
		}
	}

	const ms = Object.fromEntries(LATENCY_SCENARIOS.map((s) => [s, distribution(samples[s])])) as Record<LatencyScenario, Distribution>;
	return {
		requestsPerScenario: plan.requests,
		hubspotLatencyMs,
		ms,
		unexpected,
		hubspotCalls: calls,
		ratios: {
			hitToFloor: ms.hit.median / ms.floor.median,
			hitToUncached: ms.hit.median / ms.uncached.median,
			hitFullCacheToFloor: ms.hitFullCache.median / ms.floor.median,
			floorFullStaticToFloor: ms.floorFullStatic.median / ms.floor.median,
			missToUncached: ms.miss.median / ms.uncached.median,
		},
	};
}
