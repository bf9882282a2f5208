/**
 * Keeps one execution's HubSpot traffic inside HubSpot's burst limit (a rolling 10-second window per
 * access token: 100 requests for Starter, 190 for Professional and Enterprise) with a bounded number of
 * requests in flight. It cannot see other executions or other apps sharing the token, so its default
 * stays well under the limit; HubSpot's 429s are still handled by the retry policy.
 */
export interface PacingPolicy {
	concurrency: number;
	maxRequestsPerWindow: number;
	windowMs: number;
}

export const DEFAULT_PACING: PacingPolicy = { concurrency: 6, maxRequestsPerWindow: 100, windowMs: 10_000 };

export interface Clock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

/** Resolves when one more request may start without exceeding `maxRequestsPerWindow` in any window. */
export function createBurstLimiter(policy: PacingPolicy, clock: Clock): () => Promise<void> {
	const started: number[] = [];
	return async function waitForTurn(): Promise<void> {
		for (;;) {
			const now = clock.now();
			while (started.length > 0 && started[0] <= now - policy.windowMs) started.shift();
			if (started.length < policy.maxRequestsPerWindow) {
				started.push(now);
				return;
			}
			await clock.sleep(started[0] + policy.windowMs - now);
		}
	};
}

/** Runs `work` for every task with at most `concurrency` running at once; never rejects (work handles its errors). */
export async function forEachConcurrently<T>(tasks: readonly T[], concurrency: number, work: (task: T) => Promise<void>): Promise<void> {
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < tasks.length) {
			const task = tasks[next++];
			await work(task);
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
}
