import { randomBytes } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { readEntriesText, readHeader, writeCacheText } from '../../nodes/HubspotVisitorIdentification/shared/cacheText';
import type { CachedToken } from '../../nodes/HubspotVisitorIdentification/shared/tokenCache';

/** The node's cache entries in its static data, whatever the stored form (0.2 string or 0.1.x object). */
export function cacheEntriesIn(staticData: IDataObject): Record<string, CachedToken> {
	const stored = staticData.tokenCache;
	if (typeof stored === 'string') return Object.fromEntries(readEntriesText(stored));
	return ((stored as { entries?: Record<string, CachedToken> } | undefined)?.entries ?? {}) as Record<string, CachedToken>;
}

/**
 * Edits the stored cache as someone with access to n8n's database would: decode, change, store again under
 * a new generation (an edit that keeps the header is tested on its own).
 */
export function editCacheEntries(staticData: IDataObject, edit: (entries: Record<string, CachedToken>) => void): void {
	const header = readHeader(staticData.tokenCache);
	if (header === undefined) throw new Error('static data holds no cache in the stored form');
	const entries = cacheEntriesIn(staticData);
	edit(entries);
	staticData.tokenCache = writeCacheText({ keyId: header.keyId, generation: randomBytes(9).toString('base64url') }, new Map(Object.entries(entries)));
}
