import {
	CLOCK_ALLOWANCE_MS,
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
const FIVE_MINUTES = 5 * 60_000;

/** An entry key and a sealed value of the shapes the node writes (22 and at least 39 base64url characters). */
const key = (name: string) => name.padEnd(22, '_');
const sealed = (name = 's') => name.padEnd(40, '0');
const keys = (...names: string[]) => names.map(key).sort();

/** A stored cache built only through the module's own write function, as the node does. */
function cacheWith(entries: Array<[string, number]>, now = t0, p = { ...policy, maxEntries: 1000 }) {
	return withNewTokens(undefined, keyId, new Map(entries.map(([name, expiresAt]) => [key(name), [sealed(name), expiresAt] as CachedToken])), now, p);
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
		expect(findServable(entries, key('k'), t0 + elapsed, policy) !== undefined).toBe(served);
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
		const stored = { v: 1, keyId, entries: { [key('stale')]: [sealed(), t0 + policy.refreshMarginMs], [key('good')]: [sealed(), t0 + TOKEN_LIFETIME_MS], [key('bad')]: 'x', [key('worse')]: [sealed(), 'later'] } };
		const next = withNewTokens(stored, keyId, new Map([[key('new'), [sealed(), t0 + TOKEN_LIFETIME_MS] as CachedToken]]), t0, policy);
		expect(Object.keys(next.entries).sort()).toEqual(keys('good', 'new'));
	});

	it('evicts the single entry that expires first when one over the bound', () => {
		const stored = cacheWith([['a', t0 + 3 * 3_600_000], ['b', t0 + 2 * 3_600_000], ['c', t0 + 4 * 3_600_000]]);
		const next = withNewTokens(stored, keyId, new Map([[key('d'), [sealed(), t0 + TOKEN_LIFETIME_MS] as CachedToken]]), t0, policy);
		expect(Object.keys(next.entries).sort()).toEqual(keys('a', 'c', 'd'));
	});

	it('evicts down to the bound when it shrank, soonest expiring first', () => {
		const stored = cacheWith([['a', t0 + 5 * 3_600_000], ['b', t0 + 2 * 3_600_000], ['c', t0 + 4 * 3_600_000], ['d', t0 + 3 * 3_600_000]]);
		const next = withNewTokens(stored, keyId, new Map([[key('e'), [sealed(), t0 + TOKEN_LIFETIME_MS] as CachedToken]]), t0, { ...policy, maxEntries: 2 });
		expect(Object.keys(next.entries).sort()).toEqual(keys('a', 'e'));
	});

	it('replaces an entry for the same key rather than keeping both', () => {
		const stored = cacheWith([['a', t0 + 3 * 3_600_000]]);
		const next = withNewTokens(stored, keyId, new Map([[key('a'), [sealed('newer'), t0 + TOKEN_LIFETIME_MS] as CachedToken]]), t0, policy);
		expect(next.entries).toEqual({ [key('a')]: [sealed('newer'), t0 + TOKEN_LIFETIME_MS] });
	});

	it('returns a new object and leaves the stored one as it was', () => {
		const stored = cacheWith([['a', t0 + TOKEN_LIFETIME_MS]]);
		const before = JSON.stringify(stored);
		const next = withNewTokens(stored, keyId, new Map([[key('b'), [sealed(), t0 + TOKEN_LIFETIME_MS] as CachedToken]]), t0, policy);
		expect(next).not.toBe(stored);
		expect(JSON.stringify(stored)).toBe(before);
	});

	it('a cache written with another key id is replaced, not merged', () => {
		const stored = { v: 1, keyId: 'key-B', entries: { [key('old')]: [sealed(), t0 + TOKEN_LIFETIME_MS] } };
		const next = withNewTokens(stored, keyId, new Map([[key('new'), [sealed(), t0 + TOKEN_LIFETIME_MS] as CachedToken]]), t0, policy);
		expect(next).toEqual({ v: 1, keyId, entries: { [key('new')]: [sealed(), t0 + TOKEN_LIFETIME_MS] } });
	});
});

describe('writes drop entries the node cannot have written (odd static data is repaired by the next write)', () => {
	const fresh = (name: string): [string, CachedToken] => [key(name), [sealed(), t0 + TOKEN_LIFETIME_MS]];

	it.each([
		['an entry expiring far beyond a token issued now', key('far'), [sealed(), 1e15]],
		['an entry expiring just beyond 12 hours plus the 5-minute clock allowance', key('late'), [sealed(), t0 + TOKEN_LIFETIME_MS + FIVE_MINUTES + 1]],
		['an entry under a key of another length', 'short-key', [sealed(), t0 + TOKEN_LIFETIME_MS]],
		['an entry under a key with characters base64url has not', key('a+b/c='), [sealed(), t0 + TOKEN_LIFETIME_MS]],
		['an entry whose sealed value is too short to hold IV, ciphertext and tag', key('tiny'), ['AAAA', t0 + TOKEN_LIFETIME_MS]],
		['an entry whose sealed value is not base64url', key('text'), [`${sealed()}!`, t0 + TOKEN_LIFETIME_MS]],
	])('drops %s', (_, badKey, badEntry) => {
		const stored = { v: 1, keyId, entries: { [badKey as string]: badEntry, [key('good')]: [sealed(), t0 + TOKEN_LIFETIME_MS] } };
		const next = withNewTokens(stored, keyId, new Map([fresh('new')]), t0, { ...policy, maxEntries: 10 });
		expect(Object.keys(next.entries).sort()).toEqual(keys('good', 'new'));
	});

	it('keeps an entry written up to the 5-minute clock allowance in the future (n8n\'s clock was set back a little)', () => {
		// The README's figure, written out rather than read from the code, so a changed allowance fails here.
		expect(CLOCK_ALLOWANCE_MS).toBe(FIVE_MINUTES);
		const stored = { v: 1, keyId, entries: { [key('ahead')]: [sealed(), t0 + TOKEN_LIFETIME_MS + FIVE_MINUTES] } };
		const next = withNewTokens(stored, keyId, new Map([fresh('new')]), t0, policy);
		expect(Object.keys(next.entries).sort()).toEqual(keys('ahead', 'new'));
	});

	it('ten never-expiring entries cannot push a real token out (poisoned static data)', () => {
		const poisoned = Object.fromEntries(Array.from({ length: 10 }, (_, index) => [key(`poison${index}`), ['AAAA', 1e15]]));
		const next = withNewTokens({ v: 1, keyId, entries: poisoned }, keyId, new Map([fresh('real')]), t0, { ...policy, maxEntries: 10 });
		expect(Object.keys(next.entries)).toEqual([key('real')]);
	});
});

describe('only entries shaped as the node writes them are served', () => {
	it.each<[string, unknown]>([
		['an entry with a third field', [sealed(), t0 + TOKEN_LIFETIME_MS, 'extra']],
		['an entry whose sealed token is not text', [42, t0 + TOKEN_LIFETIME_MS]],
		['an entry whose expiry is text', [sealed(), String(t0 + TOKEN_LIFETIME_MS)]],
		['an entry with only a sealed token', [sealed()]],
	])('%s is a miss', (_label, entry) => {
		const entries = readEntries({ v: 1, keyId, entries: { [key('k')]: entry } }, keyId);
		expect(findServable(entries, key('k'), t0, policy)).toBeUndefined();
	});

	it('the same entry well formed is served', () => {
		const entries = readEntries({ v: 1, keyId, entries: { [key('k')]: [sealed(), t0 + TOKEN_LIFETIME_MS] } }, keyId);
		expect(findServable(entries, key('k'), t0, policy)).toEqual([sealed(), t0 + TOKEN_LIFETIME_MS]);
	});
});

describe('a stored cache that is not this version\'s table of entries reads as empty, whatever it holds', () => {
	const entries = () => ({ [key('k')]: [sealed(), t0 + TOKEN_LIFETIME_MS] });

	it.each<[string, () => unknown]>([
		['another format version', () => ({ v: 2, keyId, entries: entries() })],
		['a version given as text', () => ({ v: '1', keyId, entries: entries() })],
		['entries stored as text', () => ({ v: 1, keyId, entries: 'k,s,1' })],
		['entries stored as a number', () => ({ v: 1, keyId, entries: 7 })],
	])('%s', (_label, stored) => {
		expect(readEntries(stored(), keyId)).toEqual({});
	});

	it('while the same cache with this version and key id gives its entries', () => {
		expect(readEntries({ v: 1, keyId, entries: entries() }, keyId)).toEqual(entries());
	});
});

describe('the bound is Max Cache Entries exactly', () => {
	it('a write that brings the cache to exactly the bound keeps every entry', () => {
		const stored = cacheWith([['a', t0 + 3 * 3_600_000], ['b', t0 + 2 * 3_600_000]]);
		const next = withNewTokens(stored, keyId, new Map([[key('c'), [sealed(), t0 + TOKEN_LIFETIME_MS] as CachedToken]]), t0, policy);
		expect(Object.keys(next.entries).sort()).toEqual(keys('a', 'b', 'c'));
	});
});

describe('a full cache evicts entries never served again before entries that were', () => {
	it('evicts a never-reused entry even when a served-again one expires sooner', () => {
		const stored = cacheWith([['a', t0 + 2 * 3_600_000], ['b', t0 + 5 * 3_600_000], ['c', t0 + 6 * 3_600_000]]);
		const marked = withNewTokens(stored, keyId, new Map(), t0, policy, new Set([key('a')]));
		expect(marked.entries[key('a')]).toEqual([sealed('a'), t0 + 2 * 3_600_000, 1]);
		const next = withNewTokens(marked, keyId, new Map([[key('d'), [sealed(), t0 + TOKEN_LIFETIME_MS] as CachedToken]]), t0, policy);
		expect(Object.keys(next.entries).sort()).toEqual(keys('a', 'c', 'd'));
	});

	it('among served-again entries, those that expire first go first', () => {
		const stored = cacheWith([['a', t0 + 2 * 3_600_000], ['b', t0 + 5 * 3_600_000], ['c', t0 + 6 * 3_600_000]]);
		const marked = withNewTokens(stored, keyId, new Map(), t0, policy, new Set([key('a'), key('b'), key('c')]));
		expect(Object.keys(withNewTokens(marked, keyId, new Map(), t0, { ...policy, maxEntries: 1 }).entries)).toEqual([key('c')]);
	});

	it('the same token written again keeps its mark; a new token for the key starts unmarked', () => {
		const stored = cacheWith([['a', t0 + 2 * 3_600_000]]);
		const marked = withNewTokens(stored, keyId, new Map(), t0, policy, new Set([key('a')]));
		const same = withNewTokens(marked, keyId, new Map([[key('a'), [sealed('a'), t0 + 2 * 3_600_000] as CachedToken]]), t0, policy);
		expect(same.entries[key('a')]).toHaveLength(3);
		const renewed = withNewTokens(marked, keyId, new Map([[key('a'), [sealed('renewed'), t0 + TOKEN_LIFETIME_MS] as CachedToken]]), t0, policy);
		expect(renewed.entries[key('a')]).toEqual([sealed('renewed'), t0 + TOKEN_LIFETIME_MS]);
	});

	it('a mark is 1 and nothing else: other third fields are not entries the node wrote', () => {
		const stored = { v: 1, keyId, entries: { [key('one')]: [sealed(), t0 + 3_600_000 * 5, 1], [key('two')]: [sealed(), t0 + 3_600_000 * 5, 2], [key('yes')]: [sealed(), t0 + 3_600_000 * 5, true] } };
		expect(findServable(readEntries(stored, keyId), key('one'), t0, policy)).toBeDefined();
		expect(findServable(readEntries(stored, keyId), key('two'), t0, policy)).toBeUndefined();
		expect(Object.keys(withNewTokens(stored, keyId, new Map(), t0, policy).entries)).toEqual([key('one')]);
	});
});

