import {
	findServable,
	readEntries,
	TOKEN_LIFETIME_MS,
	withNewTokens,
	type CachedToken,
	type CachePolicy,
} from '../../nodes/HubspotVisitorIdentification/shared/tokenCache';

const policy: CachePolicy = { refreshMarginMs: 60 * 60_000, maxEntries: 3 };
const keyId = 'key-A';
const t0 = 1_800_000_000_000;

/** A stored cache built only through the module's own write function, as the node does. */
function cacheWith(entries: Array<[string, number]>, now = t0, p = { ...policy, maxEntries: 1000 }) {
	return withNewTokens(undefined, keyId, new Map(entries.map(([key, expiresAt]) => [key, [`sealed-${key}`, expiresAt] as CachedToken])), now, p);
}

describe('lookups: served while more than the refresh margin remains', () => {
	const stored = cacheWith([['k', t0 + TOKEN_LIFETIME_MS]]);
	const entries = readEntries(stored, keyId);

	it.each([
		[0, true],
		[TOKEN_LIFETIME_MS - policy.refreshMarginMs - 1, true],
		[TOKEN_LIFETIME_MS - policy.refreshMarginMs, false],
		[TOKEN_LIFETIME_MS, false],
		[TOKEN_LIFETIME_MS + 1, false],
	])('at t0 + %d ms: served = %s', (elapsed, served) => {
		expect(findServable(entries, 'k', t0 + elapsed, policy) !== undefined).toBe(served);
	});

	it('a key that is not there, or an inherited property name, is a miss', () => {
		expect(findServable(entries, 'other', t0, policy)).toBeUndefined();
		expect(findServable(entries, 'constructor', t0, policy)).toBeUndefined();
		expect(findServable(entries, '__proto__', t0, policy)).toBeUndefined();
	});
});

describe('reading a stored cache never throws and ignores what it did not write', () => {
	it.each([undefined, null, 'text', 42, [], { v: 2, keyId, entries: {} }, { v: 1, keyId: 'key-B', entries: { k: ['s', t0] } }, { v: 1, keyId, entries: null }, { v: 1, keyId, entries: ['x'] }])(
		'%j reads as empty',
		(stored) => {
			expect(readEntries(stored, keyId)).toEqual({});
		},
	);
});

describe('writes prune, bound and never mutate', () => {
	it('drops entries that can no longer be served and malformed ones', () => {
		const stored = { v: 1, keyId, entries: { stale: ['s', t0 + policy.refreshMarginMs], good: ['s', t0 + TOKEN_LIFETIME_MS], bad: 'x', worse: ['s', 'later'] } };
		const next = withNewTokens(stored, keyId, new Map([['new', ['s', t0 + TOKEN_LIFETIME_MS] as CachedToken]]), t0, policy);
		expect(Object.keys(next.entries).sort()).toEqual(['good', 'new']);
	});

	it('evicts the single entry that expires first when one over the bound', () => {
		const stored = cacheWith([['a', t0 + 3 * 3_600_000], ['b', t0 + 2 * 3_600_000], ['c', t0 + 4 * 3_600_000]]);
		const next = withNewTokens(stored, keyId, new Map([['d', ['s', t0 + TOKEN_LIFETIME_MS] as CachedToken]]), t0, policy);
		expect(Object.keys(next.entries).sort()).toEqual(['a', 'c', 'd']);
	});

	it('evicts down to the bound when it shrank, soonest expiring first', () => {
		const stored = cacheWith([['a', t0 + 5 * 3_600_000], ['b', t0 + 2 * 3_600_000], ['c', t0 + 4 * 3_600_000], ['d', t0 + 3 * 3_600_000]]);
		const next = withNewTokens(stored, keyId, new Map([['e', ['s', t0 + TOKEN_LIFETIME_MS] as CachedToken]]), t0, { ...policy, maxEntries: 2 });
		expect(Object.keys(next.entries).sort()).toEqual(['a', 'e']);
	});

	it('replaces an entry for the same key rather than keeping both', () => {
		const stored = cacheWith([['a', t0 + 3 * 3_600_000]]);
		const next = withNewTokens(stored, keyId, new Map([['a', ['newer', t0 + TOKEN_LIFETIME_MS] as CachedToken]]), t0, policy);
		expect(next.entries).toEqual({ a: ['newer', t0 + TOKEN_LIFETIME_MS] });
	});

	it('returns a new object and leaves the stored one as it was', () => {
		const stored = cacheWith([['a', t0 + TOKEN_LIFETIME_MS]]);
		const before = JSON.stringify(stored);
		const next = withNewTokens(stored, keyId, new Map([['b', ['s', t0 + TOKEN_LIFETIME_MS] as CachedToken]]), t0, policy);
		expect(next).not.toBe(stored);
		expect(JSON.stringify(stored)).toBe(before);
	});

	it('a cache written with another key id is replaced, not merged', () => {
		const stored = { v: 1, keyId: 'key-B', entries: { old: ['s', t0 + TOKEN_LIFETIME_MS] } };
		const next = withNewTokens(stored, keyId, new Map([['new', ['s', t0 + TOKEN_LIFETIME_MS] as CachedToken]]), t0, policy);
		expect(next).toEqual({ v: 1, keyId, entries: { new: ['s', t0 + TOKEN_LIFETIME_MS] } });
	});
});
