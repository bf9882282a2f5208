import { setTimeout as sleep } from 'node:timers/promises';

import { visitors } from '../in-process/fixtures';
import type { Visitor } from '../in-process/nodeRunner';
import { distribution, type Distribution } from '../stats';
import type { BenchN8n } from './benchN8n';
import { warmHitPool } from './latency';
import { savedExecutionSizes, type SavedExecutionSize } from './savedExecutions';
import { postJson, tokenOf } from './webhookClient';
import { WORKFLOW_IDS } from './workflows';

export interface ExecutionSavingPlan {
	hubspotLatencyMs: number;
	requests: number;
	warmup: number;
	/** Pause after each spaced-out request, as in item 4; back-to-back requests have none. */
	gapMs: number;
	hitVisitors: number;
}

/** The basic example with n8n's default (save every successful execution) and as shipped (save none). */
export type Saving = 'on' | 'off';
const SAVINGS: readonly Saving[] = ['on', 'off'];
const WORKFLOW = { on: 'savingOn', off: 'savingOff' } as const;

/** A hit or a miss, spaced out; a hit sent right after the previous answer, where n8n's saving work lands on it. */
export type SavingCase = 'hit' | 'miss' | 'hitBackToBack';
const CASES: readonly SavingCase[] = ['hit', 'miss', 'hitBackToBack'];

export interface ExecutionSavingResult {
	/** When and how this part was measured: `--only executionSaving` measures it apart from the rest. */
	measuredAt: string;
	/** The commit checked out then (older results lack it). */
	commit?: string;
	command: string;
	loadAverage: number;
	n8nVersion: string;
	hubspotLatencyMs: number;
	requestsPerCase: number;
	gapMs: number;
	ms: Record<Saving, Record<SavingCase, Distribution>>;
	unexpected: Record<Saving, number>;
	/** What n8n kept of each workflow's executions afterwards. */
	saved: Record<Saving, SavedExecutionSize>;
	/** Median with saving off minus median with saving on: negative when not saving is faster. */
	offMinusOnMs: Record<SavingCase, number>;
}

function sameShape<T>(make: () => T): Record<Saving, Record<SavingCase, T>> {
	return { on: { hit: make(), miss: make(), hitBackToBack: make() }, off: { hit: make(), miss: make(), hitBackToBack: make() } };
}

/**
 * Same workflow, saving on and off, one request at a time, taking turns in rotating order so that the
 * machine's other work falls on both alike. Each miss is a visitor n8n has never seen.
 */
export async function measureExecutionSaving(
	bench: BenchN8n,
	plan: ExecutionSavingPlan,
	about: Pick<ExecutionSavingResult, 'command' | 'commit' | 'n8nVersion' | 'loadAverage'>,
): Promise<ExecutionSavingResult> {
	const pools = { on: visitors('saving-on-pool', plan.hitVisitors), off: visitors('saving-off-pool', plan.hitVisitors) };
	for (const saving of SAVINGS) await warmHitPool(bench, pools[saving], WORKFLOW[saving]);

	const samples = sameShape<number[]>(() => []);
	const unexpected: Record<Saving, number> = { on: 0, off: 0 };
	const turns = SAVINGS.flatMap((saving) => CASES.map((kind) => ({ saving, kind })));
	for (let round = -plan.warmup; round < plan.requests; round++) {
		const offset = ((round % turns.length) + turns.length) % turns.length;
		for (let i = 0; i < turns.length; i++) {
			const { saving, kind } = turns[(offset + i) % turns.length];
			const turn = round + plan.warmup;
			const visitor: Visitor =
				kind === 'miss'
					? { email: `saving-${saving}-${turn}@miss.bench.example.com`, firstName: 'Saving', lastName: `Round ${turn}` }
					: pools[saving][turn % pools[saving].length];
			if (kind === 'hitBackToBack') await postJson(bench.url(WORKFLOW[saving]), visitor).catch(() => undefined);
			const answer = await postJson(bench.url(WORKFLOW[saving]), visitor).catch(() => undefined);
			await sleep(plan.gapMs);
			if (round < 0) continue;
			const expected = answer?.status === 200 && tokenOf(answer) !== undefined && answer.body?.cached === (kind !== 'miss');
			if (answer && expected) samples[saving][kind].push(answer.ms);
			else unexpected[saving]++;
		}
	}

	const sizes = await savedExecutionSizes(bench.n8n, [WORKFLOW_IDS.savingOn, WORKFLOW_IDS.savingOff]);
	const ms = sameShape<Distribution>(() => distribution([]));
	for (const saving of SAVINGS) for (const kind of CASES) ms[saving][kind] = distribution(samples[saving][kind]);
	return {
		...about,
		measuredAt: new Date().toISOString(),
		hubspotLatencyMs: plan.hubspotLatencyMs,
		requestsPerCase: plan.requests,
		gapMs: plan.gapMs,
		ms,
		unexpected,
		saved: { on: sizes[WORKFLOW_IDS.savingOn], off: sizes[WORKFLOW_IDS.savingOff] },
		offMinusOnMs: {
			hit: ms.off.hit.median - ms.on.hit.median,
			miss: ms.off.miss.median - ms.on.miss.median,
			hitBackToBack: ms.off.hitBackToBack.median - ms.on.hitBackToBack.median,
		},
	};
}
