import { IdTokenFailure } from './failure';
import { nestingDepth } from './untrustedJson';

/** Far above any login provider's ID token (1–2 KB), far below anything that could hurt to parse. */
export const MAX_TOKEN_LENGTH = 16 * 1024;
/**
 * Login providers nest custom claims two or three levels deep (Hasura's roles, Auth0's app_metadata). Far
 * deeper nesting fits in 16 KB too, and only serves to break code that walks it: refused as malformed.
 */
export const MAX_JSON_NESTING = 32;

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

/** The segment's JSON value; undefined when it is not strict UTF-8 or not JSON. */
function parseSegment(bytes: Buffer): { text: string; value: unknown } | undefined {
	try {
		const text = strictUtf8.decode(bytes);
		return { text, value: JSON.parse(text) };
	} catch {
		return undefined;
	}
}

/** The JSON object a segment holds, or why it is none: not JSON, not an object, or nested too deep. */
function jsonObject(bytes: Buffer, part: 'header' | 'payload'): Record<string, unknown> | IdTokenFailure {
	const parsed = parseSegment(bytes);
	const value = parsed?.value;
	if (!parsed || typeof value !== 'object' || value === null || Array.isArray(value)) return malformed(`the ${part} is not a JSON object.`);
	const depth = nestingDepth(parsed.text);
	if (depth > MAX_JSON_NESTING) return malformed(`the ${part} nests ${depth} levels deep; at most ${MAX_JSON_NESTING} are accepted.`);
	return value as Record<string, unknown>;
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
	const header = jsonObject(headerBytes, 'header');
	if (header instanceof IdTokenFailure) return header;
	const payload = jsonObject(payloadBytes, 'payload');
	if (payload instanceof IdTokenFailure) return payload;
	return { header, payload, signingInput: Buffer.from(text.slice(0, headerPart.length + 1 + payloadPart.length), 'ascii'), signature };
}
