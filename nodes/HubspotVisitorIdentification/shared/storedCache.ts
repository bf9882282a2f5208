import { randomBytes } from 'node:crypto';

import { readEntriesText, readHeader, writeCacheText } from './cacheText';
import { readEntries, withNewTokens, type CachedToken, type CachePolicy, type StoredTokenCache } from './tokenCache';

/**
 * The cache in static data, read and written so that its size does not tax every request.
 *
 * n8n reads a workflow's whole static data from its database for every request, parses it and wraps every
 * nested object in a change-tracking proxy, whichever node reads it. Stored as one string (see cacheText),
 * the cache is one value to n8n, and the node parses it at most once per process and generation: a hit in
 * a process that has seen this generation before costs a look at the string's first characters and one
 * lookup. Caches stored by 0.1.x (an object per entry) are still read, and rewritten in the new form by the
 * next execution that uses the cache.
 */

/** Generations parsed or written in this process, the most recent last. Overlapping executions may each hold an older one. */
const MAX_GENERATIONS = 4;
const generations = new Map<string, { length: number; entries: Record<string, CachedToken> }>();

function rememberGeneration(id: string, length: number, entries: Record<string, CachedToken>): void {
	generations.delete(id);
	generations.set(id, { length, entries });
	if (generations.size > MAX_GENERATIONS) generations.delete(generations.keys().next().value as string);
}

/**
 * The entries of a stored cache written with these keys, or none. Never throws; entries are checked when
 * used (shape, expiry, and the seal, which binds a token to its entry key and expiry).
 */
export function readStoredEntries(stored: unknown, keyId: string): Record<string, unknown> {
	const header = readHeader(stored);
	if (header === undefined) return readEntries(stored, keyId);
	if (header.keyId !== keyId) return {};
	const text = stored as string;
	const id = `${keyId}:${header.generation}`;
	const seen = generations.get(id);
	// The length guards against a hand edit that kept the header: the entries are then parsed again.
	if (seen !== undefined && seen.length === text.length) return seen.entries;
	const entries = Object.fromEntries(readEntriesText(text)) as Record<string, CachedToken>;
	rememberGeneration(id, text.length, entries);
	return entries;
}

/** True for a 0.1.x cache (an object per entry) holding entries for these keys: worth rewriting once. */
export function isOldStoredForm(stored: unknown, keyId: string): boolean {
	return typeof stored === 'object' && stored !== null && Object.keys(readEntries(stored, keyId)).length > 0;
}

/**
 * The string to store: the entries read from `stored` plus `newTokens`, pruned, marked and bounded by the
 * cache policy (withNewTokens), under a fresh generation. The process remembers it, so the next request,
 * which reads back what this write stored, does not parse it.
 */
export function nextStoredCache(
	stored: unknown,
	keyId: string,
	newTokens: ReadonlyMap<string, CachedToken>,
	now: number,
	policy: CachePolicy,
	servedAgainKeys: ReadonlySet<string> = new Set(),
): string {
	const previous: StoredTokenCache = { v: 1, keyId, entries: readStoredEntries(stored, keyId) as Record<string, CachedToken> };
	const { entries } = withNewTokens(previous, keyId, newTokens, now, policy, servedAgainKeys);
	const generation = randomBytes(9).toString('base64url');
	const text = writeCacheText({ keyId, generation }, new Map(Object.entries(entries)));
	rememberGeneration(`${keyId}:${generation}`, text.length, entries);
	return text;
}

/** Forgets parsed generations, as a restart of n8n would. */
export function forgetStoredGenerations(): void {
	generations.clear();
}
