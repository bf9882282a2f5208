/**
 * The login provider's published documents (OpenID discovery, JWKS), fetched rarely and kept in the memory
 * of the n8n process, per URL. Pure apart from the fetch, which the caller hands in, and time, which it
 * passes as `now`: the rules below are exactly testable.
 * - Fresh for the response's `Cache-Control: max-age`, clamped to 5 minutes–24 hours (1 hour without one):
 *   a provider that says "no-cache" would otherwise be asked on every visit.
 * - Callers that arrive while a fetch is under way share it.
 * - At most one attempt per URL per minute while a copy is at hand, whatever asks (an expired copy, an
 *   unknown key id): a flood of forged key ids cannot turn into a flood of requests to the provider.
 *   Without any copy every visitor is refused anyway, so the provider is asked again after 10 seconds.
 * - When a refresh fails, the last good copy stays usable for 24 hours after it went stale, so an outage
 *   of the login provider does not take the chat down.
 */

import { AnswerTooLarge } from '../answerReading';

export interface FetchedDocument {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

/** One GET of a URL, through n8n's HTTP helpers; throws when no answer arrives. */
export type DocumentFetcher = (url: string) => Promise<FetchedDocument>;

export const MAX_DOCUMENT_BYTES = 1024 * 1024;
const MINUTE = 60_000;
export const FRESHNESS = { minMs: 5 * MINUTE, maxMs: 24 * 60 * MINUTE, defaultMs: 60 * MINUTE };
export const STALE_GRACE_MS = 24 * 60 * MINUTE;
export const MIN_ATTEMPT_INTERVAL_MS = MINUTE;
export const MIN_ATTEMPT_INTERVAL_WITHOUT_COPY_MS = 10_000;
/** URLs remembered per process; a workflow has one or two, a busy n8n a few dozen. */
const MAX_URLS = 100;

export interface LoadedDocument {
	json: Record<string, unknown>;
	freshForMs: number;
}

function header(headers: Record<string, unknown>, name: string): string | undefined {
	const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
	const value = key === undefined ? undefined : headers[key];
	return Array.isArray(value) ? value.map(String).join(', ') : value === undefined ? undefined : String(value);
}

/** How long a copy stays fresh, from the response's Cache-Control, within the bounds above. */
export function freshnessOf(cacheControl: string | undefined): number {
	if (cacheControl === undefined) return FRESHNESS.defaultMs;
	if (/(?:^|,)\s*(?:no-cache|no-store)\s*(?:,|$)/i.test(cacheControl)) return FRESHNESS.minMs;
	const maxAge = /(?:^|,)\s*max-age\s*=\s*"?(\d+)"?\s*(?:,|$)/i.exec(cacheControl);
	if (!maxAge) return FRESHNESS.defaultMs;
	return Math.min(FRESHNESS.maxMs, Math.max(FRESHNESS.minMs, Number(maxAge[1]) * 1000));
}

function sizeOf(body: unknown): number {
	if (Buffer.isBuffer(body)) return body.length;
	if (typeof body === 'string') return Buffer.byteLength(body);
	return Buffer.byteLength(JSON.stringify(body) ?? '');
}

function parseJson(body: unknown): unknown {
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
	if (typeof text !== 'string') return body;
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** Follows n8n's wrappers (NodeApiError → axios error → system error) down to the codes that say what happened. */
function networkClues(error: unknown): string[] {
	const clues: string[] = [];
	let current: unknown = error;
	for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
		const { code, httpCode, message, cause } = current as Record<string, unknown>;
		for (const clue of [code, httpCode, message]) if (typeof clue === 'string') clues.push(clue);
		current = cause;
	}
	return clues;
}

/** In words: n8n swaps any message holding a raw code such as ECONNREFUSED for its own generic text. */
function describeNetworkError(error: unknown, timeoutMs: number): string {
	if (error instanceof AnswerTooLarge) return 'it answered more than the 1 MB a key document may have (reading stopped there)';
	const clues = networkClues(error).join(' ');
	if (/ETIMEDOUT|ECONNABORTED|ESOCKETTIMEDOUT|timeout|timed out/i.test(clues)) return `no answer within ${Math.round(timeoutMs / 1000)} seconds`;
	if (/ECONNREFUSED/.test(clues)) return 'the connection was refused';
	if (/ENOTFOUND|EAI_AGAIN/.test(clues)) return 'the host name could not be looked up';
	if (/ECONNRESET|EPIPE|socket hang up/i.test(clues)) return 'the connection was closed unexpectedly';
	if (/CERT|SSL|TLS/i.test(clues)) return 'its TLS certificate could not be verified';
	return 'the request failed without an answer';
}

/** One fetch of a JSON document, checked; the problem in words when it cannot be used. No caching here. */
export async function loadDocument(url: string, fetchDocument: DocumentFetcher, timeoutMs: number): Promise<LoadedDocument | string> {
	let response: FetchedDocument;
	try {
		response = await fetchDocument(url);
	} catch (error) {
		return `${url}: ${describeNetworkError(error, timeoutMs)}`;
	}
	const { statusCode, headers, body } = response;
	if (statusCode >= 300 && statusCode < 400) {
		// Redirects are not followed: the https-only rule must hold for the address actually fetched.
		return `${url} answered ${statusCode}, a redirect to ${header(headers, 'location') ?? 'an unnamed address'}; enter the address it points to`;
	}
	if (statusCode < 200 || statusCode > 299) return `${url} answered HTTP ${statusCode}`;
	const size = sizeOf(body);
	if (size > MAX_DOCUMENT_BYTES) return `${url} answered ${size} bytes, more than the 1 MB a key document may have`;
	const json = parseJson(body);
	if (typeof json !== 'object' || json === null || Array.isArray(json)) return `${url} did not answer with a JSON object`;
	return { json: json as Record<string, unknown>, freshForMs: freshnessOf(header(headers, 'cache-control')) };
}

interface Entry<T> {
	copy?: { value: T; freshUntil: number };
	lastAttemptAt?: number;
	lastProblem?: string;
	inFlight?: Promise<void>;
}

/** A usable copy (and, if the latest attempt to refresh it failed, why), or why there is none. */
export type CachedAnswer<T> = { value: T; stale: boolean; refreshProblem?: string; problem?: undefined } | { value?: undefined; problem: string };

/**
 * Documents of one kind (discovery or JWKS) by URL. `read` turns a fetched JSON object into what callers
 * use (the key list, the JWKS address), once per fetch, or says why the document is unusable.
 */
export class DocumentCache<T> {
	private readonly entries = new Map<string, Entry<T>>();

	constructor(private readonly read: (json: Record<string, unknown>) => T | string) {}

	/**
	 * The current copy of `url`, fetching when there is none or it is stale; `refresh: true` asks for a new
	 * copy even if fresh (an unknown key id), still within one attempt per minute.
	 */
	async get(url: string, fetchDocument: DocumentFetcher, now: number, timeoutMs: number, refresh = false): Promise<CachedAnswer<T>> {
		const entry = this.entryFor(url);
		if (entry.inFlight) {
			await entry.inFlight;
		} else if (this.mayAttempt(entry, now) && (!entry.copy || now >= entry.copy.freshUntil || refresh)) {
			entry.inFlight = this.fetchInto(entry, url, fetchDocument, now, timeoutMs).finally(() => {
				entry.inFlight = undefined;
			});
			await entry.inFlight;
		}
		if (entry.copy && now < entry.copy.freshUntil + STALE_GRACE_MS) {
			return { value: entry.copy.value, stale: now >= entry.copy.freshUntil, refreshProblem: entry.lastProblem };
		}
		return { problem: entry.lastProblem ?? `${url} has not been fetched yet` };
	}

	/** The copy of `url` if it is fresh, without waiting or fetching: the path almost every visit takes. */
	peek(url: string, now: number): T | undefined {
		const copy = this.entries.get(url)?.copy;
		return copy && now < copy.freshUntil ? copy.value : undefined;
	}

	forgetAll(): void {
		this.entries.clear();
	}

	private mayAttempt(entry: Entry<T>, now: number): boolean {
		const interval = entry.copy ? MIN_ATTEMPT_INTERVAL_MS : MIN_ATTEMPT_INTERVAL_WITHOUT_COPY_MS;
		return entry.lastAttemptAt === undefined || now - entry.lastAttemptAt >= interval;
	}

	private entryFor(url: string): Entry<T> {
		let entry = this.entries.get(url);
		if (!entry) {
			entry = {};
			this.entries.set(url, entry);
			if (this.entries.size > MAX_URLS) this.entries.delete(this.entries.keys().next().value as string);
		}
		return entry;
	}

	private async fetchInto(entry: Entry<T>, url: string, fetchDocument: DocumentFetcher, now: number, timeoutMs: number): Promise<void> {
		entry.lastAttemptAt = now;
		const loaded = await loadDocument(url, fetchDocument, timeoutMs);
		const value = typeof loaded === 'string' ? loaded : this.read(loaded.json);
		if (typeof value === 'string') {
			entry.lastProblem = typeof loaded === 'string' ? value : `${url}: ${value}`;
			return;
		}
		entry.copy = { value, freshUntil: now + (loaded as LoadedDocument).freshForMs };
		entry.lastProblem = undefined;
	}
}
