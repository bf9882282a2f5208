import { jsonPrefix } from './untrustedJson';

/**
 * Why a visitor's ID token was refused, in the terms a workflow needs: a stable code to branch on, the HTTP
 * status to answer the website with, and a message naming the check that failed. Messages never quote the
 * token: it is a bearer credential of the visitor's login session.
 */
export type IdTokenFailureCode =
	| 'ID_TOKEN_MISSING'
	| 'ID_TOKEN_MALFORMED'
	| 'ID_TOKEN_ALGORITHM_REFUSED'
	| 'ID_TOKEN_KEY_NOT_FOUND'
	| 'ID_TOKEN_KEY_REFUSED'
	| 'ID_TOKEN_BAD_SIGNATURE'
	| 'ID_TOKEN_WRONG_ISSUER'
	| 'ID_TOKEN_WRONG_AUDIENCE'
	| 'ID_TOKEN_EXPIRED'
	| 'ID_TOKEN_NOT_YET_VALID'
	| 'ID_TOKEN_NO_EMAIL'
	| 'ID_TOKEN_EMAIL_UNVERIFIED'
	| 'ID_TOKEN_KEYS_UNAVAILABLE';

/**
 * 401: the website should get the visitor a fresh token (or none) — the token is missing, damaged, forged,
 * expired or meant for someone else. 403: the token is genuine but does not let us name the visitor.
 * 503: the login provider's keys could not be had; the token may be fine.
 */
const HTTP_STATUS: Record<IdTokenFailureCode, 401 | 403 | 503> = {
	ID_TOKEN_MISSING: 401,
	ID_TOKEN_MALFORMED: 401,
	ID_TOKEN_ALGORITHM_REFUSED: 401,
	ID_TOKEN_KEY_NOT_FOUND: 401,
	ID_TOKEN_KEY_REFUSED: 401,
	ID_TOKEN_BAD_SIGNATURE: 401,
	ID_TOKEN_WRONG_ISSUER: 401,
	ID_TOKEN_WRONG_AUDIENCE: 401,
	ID_TOKEN_EXPIRED: 401,
	ID_TOKEN_NOT_YET_VALID: 401,
	ID_TOKEN_NO_EMAIL: 403,
	ID_TOKEN_EMAIL_UNVERIFIED: 403,
	ID_TOKEN_KEYS_UNAVAILABLE: 503,
};

export class IdTokenFailure extends Error {
	readonly httpStatus: 401 | 403 | 503;

	constructor(
		readonly code: IdTokenFailureCode,
		/** The check that failed, in a word or two ("signature", "expiry"), for logs and tests. */
		readonly check: string,
		detail: string,
	) {
		super(`The ID token was refused (${check}): ${detail}`);
		this.name = 'IdTokenFailure';
		this.httpStatus = HTTP_STATUS[code];
	}
}

/**
 * A value taken from the token, quoted short enough to help with a misconfiguration (a trailing slash in
 * an issuer) and never long enough to carry a whole token or a pasted document into a log. Lists and objects
 * are written without recursion, however deep they nest.
 */
export function quoteClaim(value: unknown): string {
	const text = typeof value === 'string' ? value : value === undefined ? 'undefined' : jsonPrefix(value, 80);
	return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}
