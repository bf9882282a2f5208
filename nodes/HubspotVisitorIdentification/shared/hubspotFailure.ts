/**
 * Every way a token request can fail, turned into what a user needs: a stable code for workflow logic,
 * the HTTP status a workflow should answer its website with, a message that says what to do, and whether
 * trying again can help. HubSpot says to treat every field of its error bodies as optional.
 */

export type FailureCode =
	| 'HUBSPOT_REJECTED_INPUT'
	| 'HUBSPOT_UNAUTHORIZED'
	| 'HUBSPOT_MISSING_SCOPE'
	| 'HUBSPOT_TIER'
	| 'HUBSPOT_NOT_FOUND'
	| 'HUBSPOT_RATE_LIMITED'
	| 'HUBSPOT_DAILY_LIMIT'
	| 'HUBSPOT_UNAVAILABLE'
	| 'HUBSPOT_TIMEOUT'
	| 'HUBSPOT_BAD_RESPONSE'
	| 'NEW_VISITOR_LIMIT';

export const REQUIRED_SCOPE = 'conversations.visitor_identification.tokens.create';

/** How a failed attempt may be retried: after HubSpot's own Retry-After, or by our backoff for its kind. */
export type RetryKind = 'none' | 'burst-limit' | 'secondly-limit' | 'transient';

export interface FailureDetails {
	/** The status the workflow should answer the website with. */
	respondWith: number;
	retry: RetryKind;
	retryAfterMs?: number;
	hubspotStatus?: number;
	/** HubSpot support asks for it: every message carries it when HubSpot sent one. */
	correlationId?: string;
}

/**
 * HubSpot's correlation ids are UUIDs. Anything else in that place (a proxy's text, an echoed Authorization
 * header) is not an id support can use, and may be a secret: it is dropped, never quoted.
 */
const CORRELATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function correlationIdOrNothing(value: string | undefined): string | undefined {
	return value !== undefined && CORRELATION_ID.test(value) ? value : undefined;
}

export class HubSpotFailure extends Error {
	readonly details: FailureDetails;

	constructor(
		readonly code: FailureCode,
		readonly advice: string,
		details: FailureDetails,
		readonly attempts = 1,
	) {
		// Checked here, where every failure is made, so no path can quote a correlation id that is not one.
		const correlationId = correlationIdOrNothing(details.correlationId);
		const tried = attempts > 1 ? ` Gave up after ${attempts} attempts.` : '';
		const quote = correlationId ? ` (HubSpot correlation id: ${correlationId})` : '';
		super(`${advice}${tried}${quote}`);
		this.name = 'HubSpotFailure';
		this.details = { ...details, correlationId };
	}

	/** The same failure, saying how many attempts were made before giving up. */
	afterAttempts(attempts: number): HubSpotFailure {
		return new HubSpotFailure(this.code, this.advice, this.details, attempts);
	}

	/**
	 * The same failure with every occurrence of `secret` (the access token) removed from everything it
	 * carries: HubSpot or a proxy may quote the request back, and the message reaches the website.
	 */
	withoutSecret(secret: string): HubSpotFailure {
		if (secret === '') return this;
		const { correlationId } = this.details;
		const clean = { ...this.details, correlationId: correlationId?.includes(secret) ? undefined : correlationId };
		return new HubSpotFailure(this.code, this.advice.split(secret).join('[redacted]'), clean, this.attempts);
	}
}

export interface HubSpotResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

function header(headers: Record<string, unknown>, name: string): string | undefined {
	for (const key of Object.keys(headers)) {
		if (key.toLowerCase() === name) {
			const value = headers[key];
			return Array.isArray(value) ? String(value[0]) : value === undefined ? undefined : String(value);
		}
	}
	return undefined;
}

/** Error bodies may arrive parsed or as text; a body that is not JSON simply has no fields. */
export function parseBody(body: unknown): Record<string, unknown> | undefined {
	if (typeof body === 'string') {
		try {
			const parsed: unknown = JSON.parse(body);
			return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
		} catch {
			return undefined;
		}
	}
	if (Buffer.isBuffer(body)) return parseBody(body.toString('utf8'));
	return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
}

/** Retry-After is seconds or an HTTP date; anything else is ignored. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
	if (value === undefined || value.trim() === '') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function mentionsMissingScope(body: Record<string, unknown> | undefined): boolean {
	if (!body) return false;
	if (body.category === 'MISSING_SCOPES') return true;
	return JSON.stringify(body.errors ?? []).includes('requiredScopes') || JSON.stringify(body.errors ?? []).includes('requiredGranularScopes');
}

/** Classifies a non-2xx answer from HubSpot. */
export function failureFromResponse(response: HubSpotResponse, now: number): HubSpotFailure {
	const status = response.statusCode;
	const body = parseBody(response.body);
	const said = text(body?.message);
	const saidPart = said ? ` HubSpot said: "${said}".` : '';
	const correlationId = text(body?.correlationId) ?? header(response.headers, 'x-hubspot-correlation-id');
	const base = { hubspotStatus: status, correlationId };

	if (status === 400) {
		return new HubSpotFailure('HUBSPOT_REJECTED_INPUT', `HubSpot rejected the visitor's details (400).${saidPart} Check the email and names sent for this item.`, { ...base, respondWith: 400, retry: 'none' });
	}
	if (status === 401) {
		return new HubSpotFailure('HUBSPOT_UNAUTHORIZED', 'HubSpot did not accept the access token (401): it is invalid, revoked or expired. Open the HubSpot Visitor Identification credential and paste a current access token (of your HubSpot app, legacy private app or service key).', { ...base, respondWith: 502, retry: 'none' });
	}
	if (status === 403 && mentionsMissingScope(body)) {
		return new HubSpotFailure('HUBSPOT_MISSING_SCOPE', `The HubSpot access token lacks the scope "${REQUIRED_SCOPE}" (403). Add that scope to the app (or legacy private app, or service key) in HubSpot, then update the credential if HubSpot issued a new token.`, { ...base, respondWith: 502, retry: 'none' });
	}
	if (status === 403) {
		return new HubSpotFailure('HUBSPOT_TIER', `HubSpot refused visitor identification for this account (403). The Visitor Identification API needs a Professional or Enterprise subscription.${saidPart}`, { ...base, respondWith: 502, retry: 'none' });
	}
	if (status === 404) {
		return new HubSpotFailure('HUBSPOT_NOT_FOUND', 'HubSpot answered 404: the endpoint was not found. Check the credential\'s Base URL and the node\'s API Version option.', { ...base, respondWith: 502, retry: 'none' });
	}
	if (status === 429) {
		const policy = text(body?.policyName);
		if (policy === 'DAILY') {
			return new HubSpotFailure('HUBSPOT_DAILY_LIMIT', 'HubSpot\'s daily API limit for this account is used up; it resets at midnight in the HubSpot account\'s time zone. Until then new visitors cannot be identified (cached visitors still are).', { ...base, respondWith: 503, retry: 'none' });
		}
		const retryAfterMs = parseRetryAfter(header(response.headers, 'retry-after'), now);
		return new HubSpotFailure('HUBSPOT_RATE_LIMITED', `HubSpot's rate limit${policy ? ` (${policy})` : ''} was exceeded (429). Other apps may share this access token's limit; try again in a few seconds, or allow a longer Max Retry Wait.`, { ...base, respondWith: 503, retry: policy === 'SECONDLY' ? 'secondly-limit' : 'burst-limit', retryAfterMs });
	}
	if (status >= 500) {
		const retryAfterMs = parseRetryAfter(header(response.headers, 'retry-after'), now);
		return new HubSpotFailure('HUBSPOT_UNAVAILABLE', `HubSpot had a temporary problem (${status}).${saidPart} Try again shortly.`, { ...base, respondWith: 502, retry: 'transient', retryAfterMs });
	}
	return new HubSpotFailure('HUBSPOT_BAD_RESPONSE', `HubSpot answered with an unexpected status ${status}.${saidPart}`, { ...base, respondWith: 502, retry: 'none' });
}

/**
 * A 3xx from the Base URL. Redirects are never followed: n8n's client would carry the Authorization header
 * to wherever the Location points, even another host over plain http.
 */
export function failureFromRedirect(response: HubSpotResponse): HubSpotFailure {
	return new HubSpotFailure(
		'HUBSPOT_BAD_RESPONSE',
		`The credential's Base URL answered with a redirect (${response.statusCode}), which is never followed, so the access token stays with that host. Check the Base URL: use https://api.hubapi.com, or a proxy that forwards requests instead of redirecting them.`,
		{ respondWith: 502, retry: 'none', hubspotStatus: response.statusCode },
	);
}

/** HubSpot's token answer is a few hundred bytes; far more than that is not HubSpot's token endpoint. */
export function failureFromOversizedAnswer(host: string, limitBytes: number): HubSpotFailure {
	return new HubSpotFailure(
		'HUBSPOT_BAD_RESPONSE',
		`HubSpot (${host}) answered with more than ${Math.round(limitBytes / 1024)} KB, far more than a token answer; reading stopped there. Check the credential's Base URL.`,
		{ respondWith: 502, retry: 'none' },
	);
}

/** A 200 that does not carry a token is as useless to the website as an error. */
export function failureFromMissingToken(response: HubSpotResponse): HubSpotFailure {
	const isJson = parseBody(response.body) !== undefined;
	return new HubSpotFailure(
		'HUBSPOT_BAD_RESPONSE',
		isJson ? 'HubSpot answered 200 but without a token.' : 'HubSpot answered 200 with a body that is not JSON; no token could be read.',
		{ respondWith: 502, retry: 'none', hubspotStatus: response.statusCode, correlationId: header(response.headers, 'x-hubspot-correlation-id') },
	);
}

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ECONNABORTED', 'ESOCKETTIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function errorCodes(error: unknown): string[] {
	const codes: string[] = [];
	let current: unknown = error;
	// n8n wraps the network error (NodeApiError → axios error → system error): look all the way down.
	// n8n 1.x keeps the clues only in `httpCode` (e.g. ECONNABORTED) and `messages` (axios's original text).
	for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
		const candidate = current as { code?: unknown; httpCode?: unknown; cause?: unknown; message?: unknown; messages?: unknown };
		for (const value of [candidate.code, candidate.httpCode, candidate.message, ...(Array.isArray(candidate.messages) ? candidate.messages : [])]) {
			if (typeof value === 'string') codes.push(value);
		}
		current = candidate.cause;
	}
	return codes;
}

/**
 * Network failures described in words. n8n replaces any error message that contains a raw code such as
 * ECONNRESET with its own generic text, which would lose the item number and the advice.
 */
// A Map, not an object literal: a code such as "constructor" or "__proto__" must not find Object's own keys.
const NETWORK_FAILURES = new Map<string, string>([
	['ECONNREFUSED', 'the connection was refused'],
	['ECONNRESET', 'the connection was closed unexpectedly'],
	['ENOTFOUND', 'the host name was not found'],
	['EAI_AGAIN', 'the host name could not be looked up'],
	['EHOSTUNREACH', 'the host is unreachable'],
	['ENETUNREACH', 'the network is unreachable'],
	['EPIPE', 'the connection was closed while sending'],
	['UND_ERR_SOCKET', 'the connection was closed unexpectedly'],
	['CERT_HAS_EXPIRED', 'its TLS certificate has expired'],
	['DEPTH_ZERO_SELF_SIGNED_CERT', 'its TLS certificate is self-signed'],
	['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'its TLS certificate could not be verified'],
]);

/** Classifies an attempt that got no HTTP answer at all: the connection failed or timed out. */
export function failureFromNetworkError(error: unknown, host: string, timeoutMs: number): HubSpotFailure {
	const codes = errorCodes(error);
	if (codes.some((code) => TIMEOUT_CODES.has(code) || /timeout|timed out/i.test(code))) {
		return new HubSpotFailure('HUBSPOT_TIMEOUT', `HubSpot (${host}) did not answer within ${Math.round(timeoutMs / 1000)} seconds. Try again, or raise the Timeout option.`, { respondWith: 504, retry: 'none' });
	}
	const known = codes.find((code) => NETWORK_FAILURES.has(code));
	const reason = known ? `: ${NETWORK_FAILURES.get(known)}` : '';
	return new HubSpotFailure('HUBSPOT_UNAVAILABLE', `Could not reach HubSpot at ${host}${reason}. Check the credential's Base URL and the network between n8n and HubSpot.`, { respondWith: 502, retry: 'transient' });
}
