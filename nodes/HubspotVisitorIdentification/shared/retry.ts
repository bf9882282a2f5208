import type { HubSpotFailure, RetryKind } from './hubspotFailure';

export interface RetryPolicy {
	/** Attempts after the first one. */
	maxRetries: number;
	/** Total time all backoff waits of one request may add up to: a visitor is waiting on the webhook. */
	maxTotalWaitMs: number;
}

/**
 * Our own backoff when HubSpot sends no Retry-After. HubSpot's SDK waits 10 s × attempt after a ten-secondly
 * 429, which a waiting visitor cannot afford; shorter waits spend the same budget on more chances, and the
 * burst limiter already keeps this node's own traffic under the limit.
 */
export function backoffMs(kind: RetryKind, retryNumber: number): number {
	switch (kind) {
		case 'burst-limit':
			return 2000 * retryNumber;
		case 'secondly-limit':
			return 1000;
		case 'transient':
			return 250 * 2 ** (retryNumber - 1);
		case 'none':
			return Infinity;
	}
}

/**
 * Repeats `attempt` until it succeeds, fails in a way retrying cannot fix, runs out of retries, or the next
 * wait would overrun the budget. The policy lives here, apart from the HubSpot call it repeats.
 */
export async function withRetries<T extends { failure?: HubSpotFailure }>(
	attempt: () => Promise<T>,
	policy: RetryPolicy,
	sleep: (ms: number) => Promise<void>,
): Promise<T> {
	let waitedMs = 0;
	for (let attemptNumber = 1; ; attemptNumber++) {
		const result = await attempt();
		const failure = result.failure;
		if (!failure) return result;
		const { retry, retryAfterMs } = failure.details;
		// Retry-After may ask for longer than our backoff, never for less: "0", a negative number or a date in
		// the past would otherwise turn the retries into a burst against a service that is already refusing.
		const delayMs = retry === 'none' ? Infinity : Math.max(retryAfterMs ?? 0, backoffMs(retry, attemptNumber));
		if (attemptNumber > policy.maxRetries || waitedMs + delayMs > policy.maxTotalWaitMs) {
			return { ...result, failure: failure.afterAttempts(attemptNumber) };
		}
		await sleep(delayMs);
		waitedMs += delayMs;
	}
}
