import { ENTRY_KEY_SHAPE, SEALED_SHAPE } from './cacheSecrets';
import { wasServedAgain, type CachedToken } from './tokenCache';

/**
 * The cache as static data stores it after 0.1.x: one string, so that n8n, which reads, parses and wraps the
 * workflow's whole static data in change-tracking proxies on every request, handles one value instead of
 * an object per entry.
 *
 *   c2:<keyId>:<generation>;<entryKey>.<sealed token>.<expiry, base 36>;<entryKey>.<sealed token>.<expiry>.1…
 *
 * A fourth field `1` marks a token that was served again (its visitor came back: see tokenCache).
 *
 * The header says which keys sealed the entries (a cache from another access token reads as empty) and
 * which write made it: every write draws a new random generation, so a process that has already read
 * a generation recognises it from the first few characters and does not parse the rest again. The
 * separators are outside base64url's alphabet, and nothing in the string needs escaping in JSON.
 */
const PREFIX = 'c2:';
const ENTRY_SEPARATOR = ';';
const FIELD_SEPARATOR = '.';
const SERVED_AGAIN_MARK = '1';
/** Longest header worth looking for: prefix, key id, generation and separators, with room to spare. */
const MAX_HEADER = 80;

const BASE64URL = /^[A-Za-z0-9_-]+$/;

export interface CacheHeader {
	keyId: string;
	generation: string;
}

/** The header of a stored cache string, or undefined for anything else. Looks at the first characters only. */
export function readHeader(stored: unknown): CacheHeader | undefined {
	if (typeof stored !== 'string' || !stored.startsWith(PREFIX)) return undefined;
	let end = stored.indexOf(ENTRY_SEPARATOR, 0);
	if (end === -1) end = stored.length;
	if (end > MAX_HEADER) return undefined;
	const [keyId, generation, ...rest] = stored.slice(PREFIX.length, end).split(':');
	if (rest.length > 0 || keyId === undefined || generation === undefined || !BASE64URL.test(keyId) || !BASE64URL.test(generation)) return undefined;
	return { keyId, generation };
}

/** One entry, or undefined when it is malformed (a hand edit, a truncation): such entries are skipped, never fatal. */
function readEntry(text: string): [string, CachedToken] | undefined {
	const parts = text.split(FIELD_SEPARATOR);
	if (parts.length !== 3 && !(parts.length === 4 && parts[3] === SERVED_AGAIN_MARK)) return undefined;
	const [entryKey, sealed, expiry] = parts;
	if (!ENTRY_KEY_SHAPE.test(entryKey) || !SEALED_SHAPE.test(sealed) || !/^[0-9a-z]{1,12}$/.test(expiry)) return undefined;
	const expiresAt = parseInt(expiry, 36);
	if (!Number.isSafeInteger(expiresAt)) return undefined;
	return [entryKey, parts.length === 4 ? [sealed, expiresAt, 1] : [sealed, expiresAt]];
}

/**
 * Every well-formed entry of a stored cache string whose header is valid; duplicates keep the later one.
 * Never throws. Entries are only parsed here, not trusted: a token is served only if it opens with the
 * keys, for its entry key and expiry (see cacheSecrets).
 */
export function readEntriesText(stored: string): Map<string, CachedToken> {
	const entries = new Map<string, CachedToken>();
	const texts = stored.split(ENTRY_SEPARATOR);
	for (let index = 1; index < texts.length; index++) {
		const entry = readEntry(texts[index]);
		if (entry) entries.set(entry[0], entry[1]);
	}
	return entries;
}

/** The string to store for these entries, under a header naming the keys and this write's generation. */
export function writeCacheText(header: CacheHeader, entries: ReadonlyMap<string, CachedToken>): string {
	const parts = [`${PREFIX}${header.keyId}:${header.generation}`];
	for (const [entryKey, token] of entries) {
		const mark = wasServedAgain(token) ? `${FIELD_SEPARATOR}${SERVED_AGAIN_MARK}` : '';
		parts.push(`${entryKey}${FIELD_SEPARATOR}${token[0]}${FIELD_SEPARATOR}${token[1].toString(36)}${mark}`);
	}
	return parts.join(ENTRY_SEPARATOR);
}
