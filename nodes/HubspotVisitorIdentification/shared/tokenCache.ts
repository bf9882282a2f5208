/**
 * The token cache as a pure data structure over a plain object: no I/O, no n8n, no HubSpot, no clock of its
 * own. The node reads it from workflow static data, asks it questions with the current time, and stores
 * what `withNewTokens` returns.
 */

import { ENTRY_KEY_SHAPE, SEALED_SHAPE } from './cacheSecrets';

/** HubSpot: a token "will expire after 12 hours" and may be cached "as long as [it is] refreshed at least every 12 hours". */
export const TOKEN_LIFETIME_MS = 12 * 60 * 60 * 1000;

/** How far n8n's clock may have been set back since an entry was written, for its entry still to count as real. */
export const CLOCK_ALLOWANCE_MS = 5 * 60 * 1000;

/**
 * One cached token: its sealed (encrypted) form, when HubSpot's 12 hours end (epoch milliseconds), and 1 once
 * it has been served again, i.e. its visitor came back: a full cache evicts the others first, so a flood of
 * new emails through a public webhook cannot push returning visitors out.
 */
export type CachedToken = [sealedToken: string, expiresAt: number, servedAgain?: 1];

/** What lives in static data. Short field names: n8n rewrites the whole blob on every write. */
export interface StoredTokenCache {
	v: 1;
	/** Which keys sealed these entries; a cache from another access token reads as empty. */
	keyId: string;
	entries: Record<string, CachedToken>;
}

export interface CachePolicy {
	/** A token is reused only while more than this much of its life remains. */
	refreshMarginMs: number;
	/** The cache never holds more entries than this after a write. */
	maxEntries: number;
}

const SERVED_AGAIN = 1;

export function wasServedAgain(token: CachedToken): boolean {
	return token[2] === SERVED_AGAIN;
}

function servedAgain(token: CachedToken): CachedToken {
	return [token[0], token[1], SERVED_AGAIN];
}

function isCachedToken(value: unknown): value is CachedToken {
	return (
		Array.isArray(value) &&
		(value.length === 2 || (value.length === 3 && value[2] === SERVED_AGAIN)) &&
		typeof value[0] === 'string' &&
		typeof value[1] === 'number' &&
		Number.isFinite(value[1])
	);
}

/**
 * The entries of a stored cache, or an empty set when the stored value is not a cache written with these
 * keys: edited by hand, from another version, truncated, or from a rotated access token. Never throws.
 * Entries themselves are checked one by one when used, so a read stays O(1) however large the cache is.
 */
export function readEntries(stored: unknown, keyId: string): Record<string, unknown> {
	if (typeof stored !== 'object' || stored === null) return {};
	const cache = stored as Partial<Record<keyof StoredTokenCache, unknown>>;
	if (cache.v !== 1 || cache.keyId !== keyId) return {};
	const entries = cache.entries;
	if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) return {};
	return entries as Record<string, unknown>;
}

export function isServable(token: CachedToken, now: number, policy: CachePolicy): boolean {
	return token[1] - now > policy.refreshMarginMs;
}

/** The cached token for this entry key if it may still be handed out, else undefined. */
export function findServable(
	entries: Record<string, unknown>,
	entryKey: string,
	now: number,
	policy: CachePolicy,
): CachedToken | undefined {
	const candidate = Object.prototype.hasOwnProperty.call(entries, entryKey) ? entries[entryKey] : undefined;
	if (!isCachedToken(candidate)) return undefined;
	return isServable(candidate, now, policy) ? candidate : undefined;
}

/** Which of two entries a full cache evicts first: one never served again, else the one that expires first. */
function evictsBefore(a: CachedToken, b: CachedToken): boolean {
	if (wasServedAgain(a) !== wasServedAgain(b)) return !wasServedAgain(a);
	return a[1] < b[1];
}

/**
 * Removes `count` entries: first those never served again, each group soonest-expiring first. A single
 * eviction, the usual case, is one linear scan.
 */
function evict(entries: Record<string, CachedToken>, count: number): void {
	if (count === 1) {
		let victim: string | undefined;
		for (const key in entries) if (victim === undefined || evictsBefore(entries[key], entries[victim])) victim = key;
		if (victim !== undefined) delete entries[victim];
		return;
	}
	const keys = Object.keys(entries).sort((a, b) => (evictsBefore(entries[a], entries[b]) ? -1 : evictsBefore(entries[b], entries[a]) ? 1 : 0));
	for (const key of keys.slice(0, count)) delete entries[key];
}

/**
 * Whether an entry could have been written by this node: its key and sealed value have the shapes the node
 * makes, and it expires no later than a token issued now would (plus a clock allowance). Anything else was
 * put there by hand, e.g. `["AAAA", 1e15]` entries that would never expire and never be evicted.
 */
function couldBeOurs(key: string, entry: CachedToken, now: number): boolean {
	return ENTRY_KEY_SHAPE.test(key) && SEALED_SHAPE.test(entry[0]) && entry[1] <= now + TOKEN_LIFETIME_MS + CLOCK_ALLOWANCE_MS;
}

/**
 * The cache to store after adding new tokens: entries old or new that can no longer be served (expired, or inside the
 * refresh margin), malformed ones and ones this node cannot have written are dropped, entries named in
 * `servedAgainKeys` are marked as served again, then entries are evicted down to `maxEntries` (never-reused
 * ones first). Returns a new object: n8n only notices a change when a top-level static-data property is
 * assigned, and the previous object is never mutated.
 */
export function withNewTokens(
	stored: unknown,
	keyId: string,
	newTokens: ReadonlyMap<string, CachedToken>,
	now: number,
	policy: CachePolicy,
	servedAgainKeys: ReadonlySet<string> = new Set(),
): StoredTokenCache {
	const previous = readEntries(stored, keyId);
	const entries: Record<string, CachedToken> = {};
	let count = 0;
	const keep = (key: string, entry: CachedToken): void => {
		if (!Object.prototype.hasOwnProperty.call(entries, key)) count++;
		entries[key] = servedAgainKeys.has(key) && !wasServedAgain(entry) ? servedAgain(entry) : entry;
	};
	const usable = (key: string, entry: unknown): entry is CachedToken => isCachedToken(entry) && isServable(entry, now, policy) && couldBeOurs(key, entry, now);
	for (const key in previous) if (usable(key, previous[key])) keep(key, previous[key] as CachedToken);
	for (const [key, entry] of newTokens) {
		// Tokens a process remembered may have expired since they were issued.
		if (!usable(key, entry)) continue;
		// The same token stored before keeps its mark; a new token for the key starts unmarked.
		const before = entries[key];
		keep(key, before !== undefined && before[0] === entry[0] && wasServedAgain(before) ? servedAgain(entry) : entry);
	}
	if (count > policy.maxEntries) evict(entries, count - policy.maxEntries);
	return { v: 1, keyId, entries };
}
