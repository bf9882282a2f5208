/** Monotonic timing helpers on process.hrtime.bigint (nanoseconds; Date.now is too coarse and can jump). */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// Garbage left by one case must not be collected on the next case's clock, or a case that allocates
// little (the floor) pays for one that allocates a lot. `npm run bench` cannot pass --expose-gc to
// Node, so the flag is set at run time and the function taken from a fresh context.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

export function nowNs(): bigint {
	return process.hrtime.bigint();
}

export function elapsedMs(startNs: bigint): number {
	return Number(process.hrtime.bigint() - startNs) / 1e6;
}

export interface SamplingPlan {
	/** Untimed calls first, so the JIT has compiled the hot paths and caches are warm. */
	warmup: number;
	samples: number;
	/** Each sample repeats the operation until at least this long has passed, so timer overhead stays small. */
	minSampleMs: number;
}

/**
 * Something to time. A plain function is called directly and an async one is awaited: kept apart so
 * that a synchronous floor is not charged for an `await` it would never pay.
 */
export type Operation = { sync: () => unknown } | { async: () => Promise<unknown> };

const MAX_REPETITIONS = 1 << 20;

/** Runs `repetitions` back-to-back calls and returns the total nanoseconds. */
async function timeRepetitions(operation: Operation, repetitions: number): Promise<number> {
	if ('sync' in operation) {
		const run = operation.sync;
		const start = nowNs();
		for (let i = 0; i < repetitions; i++) run();
		return Number(nowNs() - start);
	}
	const run = operation.async;
	const start = nowNs();
	for (let i = 0; i < repetitions; i++) await run();
	return Number(nowNs() - start);
}

async function calibrate(operation: Operation, plan: SamplingPlan): Promise<number> {
	await timeRepetitions(operation, plan.warmup);
	let repetitions = 1;
	for (;;) {
		const ms = (await timeRepetitions(operation, repetitions)) / 1e6;
		if (ms >= plan.minSampleMs || repetitions >= MAX_REPETITIONS) return repetitions;
		repetitions = Math.min(MAX_REPETITIONS, Math.max(repetitions * 2, Math.ceil((repetitions * plan.minSampleMs * 1.1) / Math.max(ms, 0.001))));
	}
}

/**
 * Times several operations against each other: each is warmed up and calibrated, then the samples are
 * taken in rounds, one sample of every operation per round, so that load from other processes on a
 * shared machine falls on all of them alike and their ratios stay meaningful. The heap is collected,
 * off the clock, before every sample: each sample pays for its own garbage only.
 * Returns nanoseconds per call, one value per sample, for each operation.
 */
export async function sampleInterleaved<Name extends string>(
	operations: Record<Name, Operation>,
	plan: SamplingPlan,
): Promise<Record<Name, number[]>> {
	const names = Object.keys(operations) as Name[];
	const repetitions = {} as Record<Name, number>;
	const costs = {} as Record<Name, number[]>;
	for (const name of names) {
		repetitions[name] = await calibrate(operations[name], plan);
		costs[name] = [];
	}
	for (let round = 0; round < plan.samples; round++) {
		for (const name of names) {
			collectGarbage();
			costs[name].push((await timeRepetitions(operations[name], repetitions[name])) / repetitions[name]);
		}
	}
	return costs;
}
