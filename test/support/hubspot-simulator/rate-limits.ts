// Per-account request accounting: always kept, so success answers carry believable
// X-HubSpot-RateLimit-* headers; enforced only when the optional built-in limiter is on.

import type { AccountTier, RateLimitOptions } from './types';

const WINDOW_MS = 10_000;

// HubSpot's published private-app limits by tier (see the reference file).
const TEN_SECONDLY_BY_TIER: Record<AccountTier, number> = {
	free: 100,
	starter: 100,
	professional: 190,
	enterprise: 190,
};
const DAILY_BY_TIER: Record<AccountTier, number> = {
	free: 250_000,
	starter: 250_000,
	professional: 625_000,
	enterprise: 1_000_000,
};

export type Admission =
	| { admitted: true; headers: Record<string, string> }
	| { admitted: false; retryAfterSeconds: number };

export class RateLimits {
	private readonly recent = new Map<number, number[]>();
	private readonly daily = new Map<number, number>();

	constructor(private options: RateLimitOptions | undefined) {}

	configure(options: RateLimitOptions | undefined): void {
		this.options = options;
	}

	get sendsRetryAfter(): boolean {
		return this.options?.sendRetryAfter === true;
	}

	/** Counts the request against the account unless the built-in limiter turns it away. */
	admit(portalId: number, tier: AccountTier, now: number): Admission {
		const window = (this.recent.get(portalId) ?? []).filter((at) => at > now - WINDOW_MS);
		const max = this.options?.perTenSeconds ?? TEN_SECONDLY_BY_TIER[tier];
		if (this.options && window.length >= max) {
			this.recent.set(portalId, window);
			// The oldest request in the window is the next to leave it.
			const freesAt = window[0] + WINDOW_MS;
			return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil((freesAt - now) / 1000)) };
		}
		window.push(now);
		this.recent.set(portalId, window);
		const usedToday = (this.daily.get(portalId) ?? 0) + 1;
		this.daily.set(portalId, usedToday);
		const dailyMax = DAILY_BY_TIER[tier];
		return {
			admitted: true,
			headers: {
				'X-HubSpot-RateLimit-Max': String(max),
				'X-HubSpot-RateLimit-Remaining': String(Math.max(0, max - window.length)),
				'X-HubSpot-RateLimit-Interval-Milliseconds': String(WINDOW_MS),
				'X-HubSpot-RateLimit-Daily': String(dailyMax),
				'X-HubSpot-RateLimit-Daily-Remaining': String(Math.max(0, dailyMax - usedToday)),
			},
		};
	}
}
