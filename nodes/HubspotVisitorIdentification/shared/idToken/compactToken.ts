import { IdTokenFailure } from './failure';

/** Far above any login provider's ID token (1–2 KB), far below anything that could hurt to parse. */
export const MAX_TOKEN_LENGTH = 16 * 1024;

/** A compact JWS taken apart; nothing in it is trusted until the signature has been checked. */
export interface CompactToken {
	header: Record<string, unknown>;
	payload: Record<string, unknown>;
	/** The bytes the signature covers: the first two segments exactly as sent. */
	signingInput: Buffer;
	signature: Buffer;
}

/** Three base64url parts (no padding, no whitespace, no other alphabet), matched in one pass. */
const COMPACT_JWS = /^([A-Za-z0-9_-]*)\.([A-Za-z0-9_-]*)\.([A-Za-z0-9_-]*)$/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The token in an Authorization header value or on its own; undefined when there is none. */
export function tokenText(raw: unknown): string | undefined | IdTokenFailure {
	if (raw === undefined || raw === null) return undefined;
	if (typeof raw !== 'string') {
		return new IdTokenFailure('ID_TOKEN_MALFORMED', 'format', `the ID Token parameter must be text, but it is ${Array.isArray(raw) ? 'a list' : typeof raw === 'object' ? 'an object' : `a ${typeof raw}`}.`);
	}
	const text = raw.trim().replace(/^bearer(?:\s+|$)/i, '').trim();
	return text === '' ? undefined : text;
}

/** A base64url part's bytes; a length no encoder produces (4n + 1) is refused rather than guessed at. */
function decodeSegment(segment: string): Buffer | undefined {
	return segment.length % 4 === 1 ? undefined : Buffer.from(segment, 'base64url');
}

function jsonObject(bytes: Buffer): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(strictUtf8.decode(bytes));
		return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

function malformed(detail: string): IdTokenFailure {
	return new IdTokenFailure('ID_TOKEN_MALFORMED', 'format', detail);
}

/** Splits and decodes a compact JWS: three base64url segments, header and payload JSON objects. */
export function parseCompactToken(text: string): CompactToken | IdTokenFailure {
	if (text.length > MAX_TOKEN_LENGTH) return malformed(`it is ${text.length} characters long; at most ${MAX_TOKEN_LENGTH} are accepted.`);
	const parts = COMPACT_JWS.exec(text);
	if (!parts) {
		const count = text.split('.').length;
		return malformed(count === 3 ? 'a part is not base64url-encoded.' : `a compact JWT has 3 dot-separated parts, this one has ${count}.`);
	}
	const [, headerPart, payloadPart, signaturePart] = parts;
	const headerBytes = decodeSegment(headerPart);
	const payloadBytes = decodeSegment(payloadPart);
	const signature = decodeSegment(signaturePart);
	if (!headerBytes || !payloadBytes || !signature) return malformed('a part is not base64url-encoded.');
	const header = jsonObject(headerBytes);
	if (!header) return malformed('the header is not a JSON object.');
	const payload = jsonObject(payloadBytes);
	if (!payload) return malformed('the payload is not a JSON object.');
	return { header, payload, signingInput: Buffer.from(text.slice(0, headerPart.length + 1 + payloadPart.length), 'ascii'), signature };
}
