import { checkBaseUrl } from '../../nodes/HubspotVisitorIdentification/shared/baseUrl';
import { failureFromResponse, parseRetryAfter } from '../../nodes/HubspotVisitorIdentification/shared/hubspotFailure';
import { createBurstLimiter, forEachConcurrently } from '../../nodes/HubspotVisitorIdentification/shared/pacing';
import { backoffMs, withRetries } from '../../nodes/HubspotVisitorIdentification/shared/retry';
import type { TokenAttempt } from '../../nodes/HubspotVisitorIdentification/shared/transport';

describe('the base URL: https anywhere, http only on this machine', () => {
	it.each([
		['https://api.hubapi.com', 'https://api.hubapi.com'],
		['https://api-eu1.hubapi.com/', 'https://api-eu1.hubapi.com'],
		['  https://proxy.example.com/hubspot//  ', 'https://proxy.example.com/hubspot'],
		['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
		['http://localhost:3000', 'http://localhost:3000'],
		['http://[::1]:3000', 'http://[::1]:3000'],
	])('accepts %j as %j', (raw, expected) => {
		expect(checkBaseUrl(raw)).toMatchObject({ ok: true, baseUrl: expected });
	});

	it.each(['http://api.hubapi.com', 'http://192.168.1.10', 'http://127.0.0.1.evil.example', 'https://user:pw@api.hubapi.com', 'https://api.hubapi.com?x=1', 'http://127.0.0.1:8080#', 'https://proxy.example.com/proxy?', 'javascript:alert(1)', 42, undefined])(
		'refuses %j',
		(raw) => {
			expect(checkBaseUrl(raw).ok).toBe(false);
		},
	);
});

describe('retry policy', () => {
	it('backs off by kind: burst 2 s × n, secondly 1 s, transient 250 ms doubling', () => {
		expect([1, 2, 3].map((n) => backoffMs('burst-limit', n))).toEqual([2000, 4000, 6000]);
		expect([1, 2].map((n) => backoffMs('secondly-limit', n))).toEqual([1000, 1000]);
		expect([1, 2, 3].map((n) => backoffMs('transient', n))).toEqual([250, 500, 1000]);
		expect(backoffMs('none', 1)).toBe(Infinity);
	});

	it('reads Retry-After as seconds or as an HTTP date, and ignores nonsense', () => {
		const now = Date.parse('2026-11-23T08:00:00Z');
		expect(parseRetryAfter('2', now)).toBe(2000);
		expect(parseRetryAfter('Mon, 23 Nov 2026 08:00:05 GMT', now)).toBe(5000);
		expect(parseRetryAfter('soon', now)).toBeUndefined();
		expect(parseRetryAfter(undefined, now)).toBeUndefined();
	});

	it('returns the first success without waiting', async () => {
		const sleeps: number[] = [];
		const result = await withRetries(async (): Promise<TokenAttempt> => ({ token: 't' }), { maxRetries: 3, maxTotalWaitMs: 8000 }, async (ms) => void sleeps.push(ms));
		expect(result).toEqual({ token: 't' });
		expect(sleeps).toEqual([]);
	});

	it('never retries what retrying cannot fix', async () => {
		let attempts = 0;
		const failure = failureFromResponse({ statusCode: 401, headers: {}, body: {} }, 0);
		const result = await withRetries(async (): Promise<TokenAttempt> => (attempts++, { failure }), { maxRetries: 5, maxTotalWaitMs: 60_000 }, async () => undefined);
		expect(attempts).toBe(1);
		expect(result.failure?.code).toBe('HUBSPOT_UNAUTHORIZED');
	});
});

describe('pacing', () => {
	it('runs every task once with at most the given concurrency', async () => {
		let running = 0;
		let peak = 0;
		const done: number[] = [];
		await forEachConcurrently([1, 2, 3, 4, 5, 6, 7], 3, async (task) => {
			running++;
			peak = Math.max(peak, running);
			await new Promise((resolve) => setImmediate(resolve));
			done.push(task);
			running--;
		});
		expect(peak).toBe(3);
		expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
	});

	it('the burst limiter waits exactly until the oldest request leaves the window', async () => {
		let now = 0;
		const sleeps: number[] = [];
		const waitForTurn = createBurstLimiter({ concurrency: 1, maxRequestsPerWindow: 2, windowMs: 10_000 }, { now: () => now, sleep: async (ms) => { sleeps.push(ms); now += ms; } });
		await waitForTurn();
		now += 3000;
		await waitForTurn();
		await waitForTurn();
		expect(sleeps).toEqual([7000]);
		expect(now).toBe(10_000);
	});
});
