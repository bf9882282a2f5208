// The options' ranges as the README and the parameter descriptions state them, from both sides of each bound.
import { InvalidOptionError, readSettings } from '../../nodes/HubspotVisitorIdentification/shared/settings';
import { runNode } from '../support/executeContext';

const OPTIONS = [
	// name, label, min, max
	['refreshMarginMinutes', 'Refresh Margin (Minutes)', 0, 719],
	['maxCacheEntries', 'Max Cache Entries', 1, 10_000],
	['maxRetries', 'Max Retries', 0, 10],
	['maxRetryWaitSeconds', 'Max Retry Wait (Seconds)', 0, 60],
	['timeoutSeconds', 'Timeout (Seconds)', 1, 60],
] as const;

describe('defaults, as the README lists them', () => {
	it('no options: cache on, 60-minute margin, 1000 entries, API 2026-03, 3 retries, 8 s of waits, 10 s timeout, 60 new visitors a minute', () => {
		expect(readSettings({})).toEqual({ useCache: true, refreshMarginMs: 60 * 60_000, maxEntries: 1000, apiVersion: '2026-03', maxRetries: 3, maxTotalWaitMs: 8000, timeoutMs: 10_000, newVisitorsPerMinute: 60 });
	});

	it.each([undefined, null, ''])('an option left %p takes its default', (value) => {
		expect(readSettings({ maxRetries: value as never, timeoutSeconds: value as never })).toMatchObject({ maxRetries: 3, timeoutMs: 10_000 });
	});
});

describe.each(OPTIONS)('%s (%s) accepts %d to %d', (name, label, min, max) => {
	it('accepts both bounds', () => {
		expect(readSettings({ [name]: min })).not.toBeInstanceOf(InvalidOptionError);
		expect(readSettings({ [name]: max })).not.toBeInstanceOf(InvalidOptionError);
	});

	it.each([
		['just below the lowest', min - 0.5],
		['just above the highest', max + 0.5],
		['not a number', 'ten'],
		['infinite', Infinity],
		['true (an expression that gave a yes/no)', true],
		['a list holding a number in range', [min]],
	])('refuses a value %s, naming the option and its range', (_, value) => {
		const result = readSettings({ [name]: value });
		expect(result).toBeInstanceOf(InvalidOptionError);
		expect((result as InvalidOptionError).message).toBe(`The option "${label}" must be a number from ${min} to ${max}; it is ${JSON.stringify(value)}.`);
	});
});

describe('units the code works in', () => {
	it('converts minutes and seconds to milliseconds and reads numbers given as text', () => {
		expect(readSettings({ refreshMarginMinutes: 5, maxRetryWaitSeconds: '2.5', timeoutSeconds: '30', maxCacheEntries: 7.9, maxRetries: 2.7 })).toMatchObject({
			refreshMarginMs: 300_000,
			maxTotalWaitMs: 2500,
			timeoutMs: 30_000,
			maxEntries: 7,
			maxRetries: 2,
		});
	});

	it('turns the cache off only for an explicit false', () => {
		expect(readSettings({ useCache: false })).toMatchObject({ useCache: false });
		expect(readSettings({ useCache: true })).toMatchObject({ useCache: true });
	});

	it.each(['2026-09', '2026-03', 'v3'])('accepts API Version %s, in either node version', (apiVersion) => {
		expect(readSettings({ apiVersion })).toMatchObject({ apiVersion });
		expect(readSettings({ apiVersion }, 2)).toMatchObject({ apiVersion });
	});

	it.each(['2027-03', '2025-09', 'v4', ''])('refuses API Version %p, naming the ones it takes', (apiVersion) => {
		expect(readSettings({ apiVersion })).toEqual(new InvalidOptionError(`The option "API Version" must be "2026-09", "2026-03" or "v3"; it is ${JSON.stringify(apiVersion)}.`));
	});

	it('without the option, node version 1 calls 2026-03 (as every saved workflow did) and version 2 calls 2026-09', () => {
		expect(readSettings({})).toMatchObject({ apiVersion: '2026-03' });
		expect(readSettings({}, 1)).toMatchObject({ apiVersion: '2026-03' });
		expect(readSettings({}, 2)).toMatchObject({ apiVersion: '2026-09' });
	});
});

describe('an option out of range stops the node before any HubSpot call', () => {
	it('fails the whole execution with the option named', async () => {
		const result = await runNode({ items: [{ email: 'a@example.com' }], options: { timeoutSeconds: 0 } });
		expect(result.error?.message).toContain('"Timeout (Seconds)" must be a number from 1 to 60');
		expect(result.requests).toHaveLength(0);
	});
});
