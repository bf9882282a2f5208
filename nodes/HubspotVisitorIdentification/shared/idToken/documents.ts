/**
 * The login provider's published documents (OpenID discovery, JWKS), fetched rarely and kept in the memory
 * of the n8n process, per URL. Pure apart from the fetch, which the caller hands in, and time, which it
 * passes as `now`: the rules below are exactly testable.
 * - Fresh for the response's `Cache-Control: max-age`, clamped to 5 minutes–24 hours (1 hour without one):
 *   a provider that says "no-cache" would otherwise be asked on every visit.
 * - A stale copy is still used, without waiting, for up to 24 hours after it went stale; the first visit
 *   that finds it stale starts a refresh beside itself. Past those 24 hours a copy is not used at all (a key
 *   the provider withdrew must stop working), and visitors wait for a new one.
 * - One fetch per URL at a time: callers that must wait for a copy share the fetch under way.
 * - How often a URL is asked again: 10 seconds after a good answer (a token with a key id not yet known, as
 *   right after a rotation; jwks-rsa, Auth0's own library, allows 10 a minute), a minute after a failed one
 *   while a usable copy is at hand (an outage is not hammered), 10 seconds after a failure when there is
 *   none (every visitor is refused meanwhile). A flood of forged key ids costs at most 6 requests a minute
 *   per URL and n8n process.
 */
import { jsonPrefix } from './untrustedJson';

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
/** How long after going stale a copy is still used (the hard limit on a copy's age is its freshness plus this). */
export const STALE_GRACE_MS = 24 * 60 * MINUTE;
/** After a good answer: how soon a key id not among the keys may ask again. */
export const REFETCH_INTERVAL_MS = 10_000;
/** After a failed answer, with a copy at hand. */
export const MIN_ATTEMPT_INTERVAL_MS = MINUTE;
/** After a failed answer, without any copy. */
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

/** The body's size in bytes; of a body the HTTP helper already parsed, its JSON text's, counted only to just past the limit. */
function sizeOf(body: unknown): { bytes: number; exact: boolean } {
	if (Buffer.isBuffer(body)) return { bytes: body.length, exact: true };
	if (typeof body === 'string') return { bytes: Buffer.byteLength(body), exact: true };
	const text = jsonPrefix(body, MAX_DOCUMENT_BYTES);
	return { bytes: Buffer.byteLength(text), exact: text.length <= MAX_DOCUMENT_BYTES };
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
	if (size.bytes > MAX_DOCUMENT_BYTES) return `${url} answered ${size.exact ? '' : 'at least '}${size.bytes} bytes, more than the 1 MB a key document may have`;
	const json = parseJson(body);
	if (typeof json !== 'object' || json === null || Array.isArray(json)) return `${url} did not answer with a JSON object`;
	return { json: json as Record<string, unknown>, freshForMs: freshnessOf(header(headers, 'cache-control')) };
}

interface Entry<T> {
	copy?: { value: T; freshUntil: number };
	lastAttemptAt?: number;
	/** Why the latest attempt failed; undefined after a good answer. */
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
	 * The copy of `url` that may be used now, without waiting: fresh, or stale within the grace, in which
	 * case a refresh starts beside the caller. Undefined when there is none: the caller must `get` one.
	 */
	atHand(url: string, fetchDocument: DocumentFetcher, now: number, timeoutMs: number): T | undefined {
		const entry = this.entries.get(url);
		if (!entry || !this.usable(entry, now)) return undefined;
		this.refreshIfStale(entry, url, fetchDocument, now, timeoutMs);
		return entry.copy?.value;
	}

	/**
	 * The copy of `url`: at once when one is usable (refreshed beside the caller when stale), else after
	 * the fetch under way or a new one. `refresh: true` (a key id not among the keys) waits for a new copy,
	 * within the intervals above, and answers the one at hand if none may be fetched.
	 */
	async get(url: string, fetchDocument: DocumentFetcher, now: number, timeoutMs: number, refresh = false): Promise<CachedAnswer<T>> {
		const entry = this.entryFor(url);
		if (this.usable(entry, now) && !refresh) {
			this.refreshIfStale(entry, url, fetchDocument, now, timeoutMs);
		} else if (entry.inFlight) {
			await entry.inFlight;
		} else if (this.mayAttempt(entry, now)) {
			await this.fetch(entry, url, fetchDocument, now, timeoutMs);
		}
		if (entry.copy && this.usable(entry, now)) {
			return { value: entry.copy.value, stale: now >= entry.copy.freshUntil, refreshProblem: entry.lastProblem };
		}
		return { problem: entry.lastProblem ?? `${url} has not been fetched yet` };
	}

	/** Resolves once no fetch of any URL is under way: for tests and benchmarks, which must see a refresh end. */
	async settled(): Promise<void> {
		for (;;) {
			const pending = [...this.entries.values()].map((entry) => entry.inFlight).filter((fetch) => fetch !== undefined);
			if (pending.length === 0) return;
			await Promise.all(pending);
		}
	}

	forgetAll(): void {
		this.entries.clear();
	}

	private usable(entry: Entry<T>, now: number): boolean {
		return entry.copy !== undefined && now < entry.copy.freshUntil + STALE_GRACE_MS;
	}

	private mayAttempt(entry: Entry<T>, now: number): boolean {
		if (entry.lastAttemptAt === undefined) return true;
		const interval = !this.usable(entry, now) ? MIN_ATTEMPT_INTERVAL_WITHOUT_COPY_MS : entry.lastProblem !== undefined ? MIN_ATTEMPT_INTERVAL_MS : REFETCH_INTERVAL_MS;
		return now - entry.lastAttemptAt >= interval;
	}

	/** A stale copy is refreshed beside the visit that found it: one fetch at a time, nobody waits for it. */
	private refreshIfStale(entry: Entry<T>, url: string, fetchDocument: DocumentFetcher, now: number, timeoutMs: number): void {
		if (!entry.copy || now < entry.copy.freshUntil || entry.inFlight || !this.mayAttempt(entry, now)) return;
		void this.fetch(entry, url, fetchDocument, now, timeoutMs);
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

	/** Starts the one fetch of `url`; the promise never rejects, so a refresh nobody awaits cannot go unhandled. */
	private fetch(entry: Entry<T>, url: string, fetchDocument: DocumentFetcher, now: number, timeoutMs: number): Promise<void> {
		entry.lastAttemptAt = now;
		entry.inFlight = this.fetchInto(entry, url, fetchDocument, now, timeoutMs)
			.catch(() => {
				entry.lastProblem = `${url}: the document could not be read`;
			})
			.finally(() => {
				entry.inFlight = undefined;
			});
		return entry.inFlight;
	}

	private async fetchInto(entry: Entry<T>, url: string, fetchDocument: DocumentFetcher, now: number, timeoutMs: number): Promise<void> {
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
