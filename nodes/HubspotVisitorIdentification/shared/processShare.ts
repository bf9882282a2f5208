import type { HubSpotFailure } from './hubspotFailure';
import { wasServedAgain, withNewTokens, type CachedToken, type CachePolicy, type StoredTokenCache } from './tokenCache';

/**
 * What the executions of one workflow's node share inside one n8n process. Static data cannot do this:
 * each execution loads its own copy when it starts and n8n writes the whole copy back when it ends, so
 * executions that overlap erase each other's new entries. Kept here:
 * - the tokens this process issued (sealed, exactly as in static data), merged into every static-data
 *   write so no overlapping execution can erase them, and served when static data lost them;
 * - the HubSpot calls in flight, so concurrent first visits of one visitor make one call.
 * Nothing here is readable without the access token, and it is bounded like the cache itself.
 * In queue mode every worker has its own, and n8n 2.41.1 gives workers no static data: there this is the cache.
 */
export interface IssuedToken {
	token: string;
	expiresAt: number;
}

export type SharedCall = Promise<IssuedToken | HubSpotFailure>;

export interface ProcessShare {
	issued: StoredTokenCache;
	/** How many entries `issued` holds, kept up to date so that adding one costs no count. */
	issuedCount: number;
	inFlight: Map<string, SharedCall>;
	/**
	 * Entries served again in this process (their visitors came back), oldest first. A hit writes nothing, so
	 * they are marked in static data by the next write that happens anyway, e.g. a new visitor's.
	 */
	servedAgain: Set<string>;
}

/** Workflows × nodes × access tokens seen by this process; the oldest scope is dropped beyond this. */
const MAX_SCOPES = 200;
const shares = new Map<string, ProcessShare>();

/** The share of one cache: one workflow's node with one access token (its key id). */
export function shareFor(workflowId: string, nodeName: string, keyId: string): ProcessShare {
	const scope = JSON.stringify([workflowId, nodeName, keyId]);
	let share = shares.get(scope);
	if (!share) {
		share = { issued: { v: 1, keyId, entries: {} }, issuedCount: 0, inFlight: new Map(), servedAgain: new Set() };
		shares.set(scope, share);
		if (shares.size > MAX_SCOPES) shares.delete(shares.keys().next().value as string);
	}
	return share;
}

/**
 * Remembers tokens issued in this process. Each is added in place, and only a share that then holds more
 * than Max Cache Entries is pruned and bounded by the cache's own policy: until it is full, a miss does not
 * walk every remembered token.
 */
export function rememberIssued(share: ProcessShare, newTokens: ReadonlyMap<string, CachedToken>, now: number, policy: CachePolicy): void {
	const entries = share.issued.entries;
	for (const [key, token] of newTokens) {
		if (!Object.prototype.hasOwnProperty.call(entries, key)) share.issuedCount++;
		entries[key] = token;
	}
	if (share.issuedCount > policy.maxEntries) {
		share.issued = withNewTokens(share.issued, share.issued.keyId, new Map(), now, policy);
		share.issuedCount = Object.keys(share.issued.entries).length;
	}
}

/** Remembers that an entry was served again, so that pruning and the next write keep it (see tokenCache). */
export function markServedAgain(share: ProcessShare, entryKey: string, maxEntries: number): void {
	const token = Object.prototype.hasOwnProperty.call(share.issued.entries, entryKey) ? share.issued.entries[entryKey] : undefined;
	if (token !== undefined && !wasServedAgain(token)) share.issued.entries[entryKey] = [token[0], token[1], 1];
	share.servedAgain.delete(entryKey);
	share.servedAgain.add(entryKey);
	// Bounded like the cache: the marks that matter belong to entries a cache of Max Cache Entries can hold.
	if (share.servedAgain.size > maxEntries) share.servedAgain.delete(share.servedAgain.values().next().value as string);
}

/** Forgets everything, as a restart of n8n would. */
export function forgetProcessShares(): void {
	shares.clear();
}
