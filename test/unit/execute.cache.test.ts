import type { IDataObject } from 'n8n-workflow';

import { readHeader, writeCacheText } from '../../nodes/HubspotVisitorIdentification/shared/cacheText';
import type { CachedToken } from '../../nodes/HubspotVisitorIdentification/shared/tokenCache';
import { cacheEntriesIn, editCacheEntries } from '../support/cacheInStaticData';
import { fakeAccessToken, jsonOf, runNode } from '../support/executeContext';
import { HOUR, MINUTE, takeOverClock } from '../support/fakeClock';

let time: ReturnType<typeof takeOverClock>;
beforeEach(() => (time = takeOverClock()));
afterEach(() => time.release());

const alice = { email: 'alice@example.com', firstName: 'Alice', lastName: 'Liddell' };

/** The cache as n8n would store it: JSON of the node's static data. */
const stored = (staticData: IDataObject) => JSON.stringify(staticData);

describe('a visitor is an email: whatever names are sent, one email costs one HubSpot call per token', () => {
	it('reuses the token for the same email in other letter case and with surrounding spaces, without calling HubSpot', async () => {
		const staticData = {};
		const first = jsonOf(await runNode({ items: [alice], staticData }));
		const again = await runNode({ items: [{ ...alice, email: '  ALICE@example.com  ' }], staticData });
		expect(again.requests).toHaveLength(0);
		expect(jsonOf(again)[0]).toMatchObject({ token: first[0].token, cached: true, expiresAt: first[0].expiresAt, email: 'alice@example.com' });
	});

	it.each([
		['first name', { ...alice, firstName: 'Alicia' }],
		['last name', { ...alice, lastName: 'Smith' }],
		['missing names', { email: alice.email }],
	])('serves the cached token when only the %s differs, and sends HubSpot no names', async (_, other) => {
		const staticData = {};
		const first = jsonOf(await runNode({ items: [alice], staticData }));
		const second = await runNode({ items: [other], staticData });
		expect(second.requests).toHaveLength(0);
		expect(jsonOf(second)[0]).toMatchObject({ cached: true, token: first[0].token });
	});

	it('one email sent with 10 different names costs exactly one HubSpot call, in separate executions and in one', async () => {
		const staticData = {};
		const names = Array.from({ length: 10 }, (_, i) => ({ email: 'mallory@example.com', firstName: `First${i}`, lastName: `Last${i}` }));
		let calls = 0;
		for (const item of names) calls += (await runNode({ items: [item], staticData })).requests.length;
		expect(calls).toBe(1);
		const batch = await runNode({ items: names, staticData: {} });
		expect(batch.requests).toHaveLength(1);
		expect(new Set(jsonOf(batch).map((item) => item.token)).size).toBe(1);
	});

	it('a first visit without names, then one with names: the cached token is served and the names wait for the next call', async () => {
		const staticData = {};
		const first = await runNode({ items: [{ email: alice.email }], staticData });
		expect(first.requests[0].options.body).toEqual({ email: alice.email });
		const named = await runNode({ items: [alice], staticData });
		expect(named.requests).toHaveLength(0);
		time.advance(11 * HOUR);
		const refreshed = await runNode({ items: [alice], staticData });
		expect(refreshed.requests[0].options.body).toEqual({ email: alice.email, firstName: 'Alice', lastName: 'Liddell' });
	});

	it('gets a fresh token when the email differs', async () => {
		const staticData = {};
		const first = jsonOf(await runNode({ items: [alice], staticData }));
		const second = await runNode({ items: [{ ...alice, email: 'bob@example.com' }], staticData });
		expect(second.requests).toHaveLength(1);
		expect(jsonOf(second)[0]).toMatchObject({ cached: false });
		expect(jsonOf(second)[0].token).not.toBe(first[0].token);
	});
});

describe('a flood of new emails does not evict returning visitors', () => {
	const returning = Array.from({ length: 100 }, (_, i) => ({ email: `returning${i}@example.com` }));
	const flood = Array.from({ length: 1000 }, (_, i) => ({ email: `made-up${i}@flood.example` }));

	it('100 returning visitors, then 1,000 new emails (no budget): the 100 are still served from the cache', async () => {
		const staticData: IDataObject = {};
		const options = { newVisitorsPerMinute: 0 };
		await runNode({ items: returning, staticData, options });
		time.advance(MINUTE);
		expect((await runNode({ items: returning, staticData, options })).requests).toHaveLength(0);
		time.advance(MINUTE);
		const flooded = await runNode({ items: flood, staticData, options });
		expect(flooded.requests).toHaveLength(1000);
		// Default Max Cache Entries 1,000: 1,100 tokens, and the 100 evicted are flood entries.
		expect(Object.keys(cacheEntriesIn(staticData))).toHaveLength(1000);
		const back = await runNode({ items: returning, staticData, options, freshProcess: true });
		expect(back.requests).toHaveLength(0);
		expect(jsonOf(back).every((item) => item.cached === true)).toBe(true);
	});

	it('with the default budget the same flood costs 60 HubSpot calls and evicts nobody', async () => {
		const staticData: IDataObject = {};
		await runNode({ items: returning.slice(0, 60), staticData });
		time.advance(MINUTE);
		await runNode({ items: returning.slice(0, 60), staticData });
		time.advance(MINUTE);
		const flooded = await runNode({ items: flood, staticData, continueOnFail: true });
		expect(flooded.requests).toHaveLength(60);
		expect(Object.keys(cacheEntriesIn(staticData))).toHaveLength(120);
		expect((await runNode({ items: returning.slice(0, 60), staticData })).requests).toHaveLength(0);
	});

	it('a cache full of returning visitors keeps them and does not keep a new one; lowered, it drops those that expire first', async () => {
		const staticData: IDataObject = {};
		const options = { maxCacheEntries: 2 };
		for (const email of ['a@example.com', 'b@example.com']) {
			await runNode({ items: [{ email }], staticData, options });
			time.advance(MINUTE);
			await runNode({ items: [{ email }], staticData, options });
		}
		await runNode({ items: [{ email: 'c@example.com' }], staticData, options });
		expect((await runNode({ items: [{ email: 'a@example.com' }, { email: 'b@example.com' }], staticData, options, freshProcess: true })).requests).toHaveLength(0);
		expect((await runNode({ items: [{ email: 'c@example.com' }], staticData, options, freshProcess: true })).requests).toHaveLength(1);
		await runNode({ items: [{ email: 'd@example.com' }], staticData, options: { maxCacheEntries: 1 } });
		expect((await runNode({ items: [{ email: 'b@example.com' }], staticData, options, freshProcess: true })).requests).toHaveLength(0);
		expect((await runNode({ items: [{ email: 'a@example.com' }], staticData, options, freshProcess: true })).requests).toHaveLength(1);
	});
});

describe('tokens live 12 hours; reuse stops a refresh margin before that', () => {
	async function reuseAfter(elapsedMs: number, options: IDataObject = {}) {
		const staticData = {};
		await runNode({ items: [alice], staticData, options });
		time.advance(elapsedMs);
		return await runNode({ items: [alice], staticData, options });
	}

	it('reuses a token while more than the default 60-minute margin remains', async () => {
		const result = await reuseAfter(11 * HOUR - 1);
		expect(result.requests).toHaveLength(0);
	});

	it('refreshes a token once only the default margin remains', async () => {
		const result = await reuseAfter(11 * HOUR);
		expect(result.requests).toHaveLength(1);
		expect(jsonOf(result)[0].cached).toBe(false);
	});

	it('honours a custom margin to the millisecond', async () => {
		expect((await reuseAfter(12 * HOUR - 15 * MINUTE - 1, { refreshMarginMinutes: 15 })).requests).toHaveLength(0);
		time.release();
		time = takeOverClock();
		expect((await reuseAfter(12 * HOUR - 15 * MINUTE, { refreshMarginMinutes: 15 })).requests).toHaveLength(1);
	});

	it('with margin 0 reuses a token up to its last millisecond and never once expired', async () => {
		expect((await reuseAfter(12 * HOUR - 1, { refreshMarginMinutes: 0 })).requests).toHaveLength(0);
		time.release();
		time = takeOverClock();
		expect((await reuseAfter(12 * HOUR, { refreshMarginMinutes: 0 })).requests).toHaveLength(1);
	});

	it('a refreshed token replaces the old entry instead of adding one', async () => {
		const staticData: IDataObject = {};
		await runNode({ items: [alice], staticData });
		time.advance(11 * HOUR);
		await runNode({ items: [alice], staticData });
		expect(Object.keys(cacheEntriesIn(staticData))).toHaveLength(1);
	});
});

describe('static data never holds an email or a usable token', () => {
	it('stores neither the email (any case) nor the token nor the names', async () => {
		const staticData = {};
		const [item] = jsonOf(await runNode({ items: [{ ...alice, email: 'Alice@Example.com' }], staticData }));
		const raw = stored(staticData);
		for (const secret of [item.token as string, 'alice@example.com', 'Alice@Example.com', 'Liddell', (item.token as string).slice(0, 40)]) {
			expect(raw.toLowerCase()).not.toContain(secret.toLowerCase());
		}
	});

	it('a token in static data opens only with the access token that sealed it: rotating it starts a fresh cache', async () => {
		const staticData = {};
		const oldToken = fakeAccessToken();
		const first = jsonOf(await runNode({ items: [alice], staticData, accessToken: oldToken }));
		const rotated = await runNode({ items: [alice], staticData, accessToken: fakeAccessToken() });
		expect(rotated.requests).toHaveLength(1);
		expect(jsonOf(rotated)[0].token).not.toBe(first[0].token);
		expect(stored(staticData)).not.toContain(oldToken);
		// The old entries are gone after the first write with the new key, not kept until they expire.
		expect(Object.keys(cacheEntriesIn(staticData))).toHaveLength(1);
	});

	it('an entry copied under another visitor\'s key does not open: no one gets another visitor\'s token', async () => {
		const staticData: IDataObject = {};
		await runNode({ items: [alice, { email: 'bob@example.com' }], staticData });
		editCacheEntries(staticData, (entries) => {
			const [aliceKey, bobKey] = Object.keys(entries);
			entries[bobKey] = entries[aliceKey];
		});
		const bob = await runNode({ items: [{ email: 'bob@example.com' }], staticData, freshProcess: true });
		expect(bob.requests).toHaveLength(1);
	});

	it('an entry whose expiry was pushed back by hand does not open', async () => {
		const staticData: IDataObject = {};
		await runNode({ items: [alice], staticData });
		time.advance(11 * HOUR);
		editCacheEntries(staticData, (entries) => {
			for (const entry of Object.values(entries)) entry[1] += 10 * HOUR;
		});
		expect((await runNode({ items: [alice], staticData, freshProcess: true })).requests).toHaveLength(1);
	});
});

describe('a cache hit writes nothing; a miss writes once, pruned and bounded', () => {
	it('leaves static data untouched (same object, same content) on a hit', async () => {
		const staticData: IDataObject = {};
		await runNode({ items: [alice], staticData });
		const cacheObject = staticData.tokenCache;
		const before = stored(staticData);
		await runNode({ items: [alice, alice], staticData });
		await runNode({ items: [alice], staticData, freshProcess: true });
		expect(staticData.tokenCache).toBe(cacheObject);
		expect(stored(staticData)).toBe(before);
	});

	it('marks a visitor who came back at the next write a new visitor causes, not before', async () => {
		const staticData: IDataObject = {};
		await runNode({ items: [alice, alice], staticData });
		await runNode({ items: [alice], staticData });
		expect(Object.values(cacheEntriesIn(staticData)).map((entry) => entry.length)).toEqual([2]);
		await runNode({ items: [{ email: 'bob@example.com' }], staticData });
		expect(Object.values(cacheEntriesIn(staticData)).map((entry) => entry.length).sort()).toEqual([2, 3]);
	});

	it('assigns a new top-level object on a miss, so n8n sees the change', async () => {
		const staticData: IDataObject = {};
		await runNode({ items: [alice], staticData });
		const cacheObject = staticData.tokenCache;
		await runNode({ items: [{ email: 'bob@example.com' }], staticData });
		expect(staticData.tokenCache).not.toBe(cacheObject);
	});

	it('drops entries that can no longer be served when it writes', async () => {
		const staticData: IDataObject = {};
		await runNode({ items: [alice], staticData });
		time.advance(11 * HOUR + 1);
		await runNode({ items: [{ email: 'bob@example.com' }], staticData });
		expect(Object.keys(cacheEntriesIn(staticData))).toHaveLength(1);
	});

	it('evicts the entries that expire first beyond Max Cache Entries', async () => {
		const staticData: IDataObject = {};
		const options = { maxCacheEntries: 3 };
		for (const name of ['a', 'b', 'c', 'd']) {
			await runNode({ items: [{ email: `${name}@example.com` }], staticData, options });
			time.advance(MINUTE);
		}
		expect(Object.keys(cacheEntriesIn(staticData))).toHaveLength(3);
		// a expired first, so it was evicted; b, c and d are still served from the cache.
		expect((await runNode({ items: [{ email: 'a@example.com' }], staticData, options })).requests).toHaveLength(1);
		time.advance(MINUTE);
		const rest = await runNode({ items: ['c', 'd'].map((name) => ({ email: `${name}@example.com` })), staticData, options });
		expect(rest.requests).toHaveLength(0);
	});

	it('keeps an entry within the documented size: token length plus at most 120 bytes', async () => {
		const staticData: IDataObject = {};
		const tokens = jsonOf(await runNode({ items: Array.from({ length: 50 }, (_, i) => ({ email: `visitor${i}@example.com` })), staticData }));
		const emptyCache = JSON.stringify({ tokenCache: writeCacheText(readHeader(staticData.tokenCache) ?? { keyId: '', generation: '' }, new Map()) }).length;
		const perEntry = (stored(staticData).length - emptyCache) / 50;
		expect(perEntry).toBeLessThanOrEqual((tokens[0].token as string).length + 120);
	});
});

describe('static data in an unexpected shape counts as empty and is repaired by the next write', () => {
	it.each([
		['a string', 'garbage'],
		['an array', [1, 2, 3]],
		['null', null],
		['another version', { v: 2, keyId: 'x', entries: {} }],
		['entries as an array', { v: 1, keyId: 'whatever', entries: [] }],
		['truncated entries', { v: 1, entries: { abc: ['only-one-part'] } }],
	])('%s', async (_, garbage) => {
		const staticData: IDataObject = { tokenCache: garbage as IDataObject };
		const result = await runNode({ items: [alice], staticData });
		expect(jsonOf(result)[0].cached).toBe(false);
		expect(readHeader(staticData.tokenCache)).toBeDefined();
		expect((await runNode({ items: [alice], staticData })).requests).toHaveLength(0);
	});

	it('malformed entries under the right key id are skipped, the valid ones served', async () => {
		const staticData: IDataObject = {};
		await runNode({ items: [alice], staticData });
		staticData.tokenCache = `${String(staticData.tokenCache)};bogus;another.1.two;${'k'.repeat(22)}.x.zz`;
		const result = await runNode({ items: [alice], staticData });
		expect(result.requests).toHaveLength(0);
		await runNode({ items: [{ email: 'bob@example.com' }], staticData });
		expect(Object.keys(cacheEntriesIn(staticData))).toHaveLength(2);
	});

	it('a sealed token cut short reads as a miss, never as a wrong token', async () => {
		const staticData: IDataObject = {};
		await runNode({ items: [alice], staticData });
		editCacheEntries(staticData, (entries) => {
			for (const entry of Object.values(entries)) entry[0] = entry[0].slice(0, 50);
		});
		const result = await runNode({ items: [alice], staticData, freshProcess: true });
		expect(result.requests).toHaveLength(1);
		expect(jsonOf(result)[0].cached).toBe(false);
	});
});

describe('static data poisoned to push real tokens out is repaired by the next write', () => {
	it.each(['0.1.x object', 'string'])('ten never-expiring entries under the right key id, in the %s form, do not keep real tokens from being cached', async (form) => {
		const staticData: IDataObject = {};
		const options = { maxCacheEntries: 10 };
		await runNode({ items: [alice], staticData, options });
		// The key id is readable in any export; the attacker fills the cache with entries that never expire.
		const keyId = readHeader(staticData.tokenCache)?.keyId ?? '';
		const poison = Array.from({ length: 10 }, (_, index): [string, CachedToken] => [`poison${index}`.padEnd(22, 'A'), ['A'.repeat(form === 'string' ? 60 : 4), 1e15]]);
		staticData.tokenCache = form === 'string' ? writeCacheText({ keyId, generation: 'poisoned' }, new Map(poison)) : { v: 1, keyId, entries: Object.fromEntries(poison) };

		const visitors = ['bob', 'carol', 'dave'].map((name) => ({ email: `${name}@example.com` }));
		await runNode({ items: visitors, staticData, options, freshProcess: true });
		const entries = cacheEntriesIn(staticData);
		expect(Object.keys(entries)).toHaveLength(3);
		expect(JSON.stringify(entries)).not.toContain('AAAA');
		const again = await runNode({ items: visitors, staticData, options, freshProcess: true });
		expect(again.requests).toHaveLength(0);
		expect(jsonOf(again).map((item) => item.cached)).toEqual([true, true, true]);
	});
});
