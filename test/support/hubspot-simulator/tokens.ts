import { randomBytes, randomUUID } from 'node:crypto';

// HubSpot documents the visitor token only as an opaque string, unique per call. Real ones are long
// (a few hundred characters), which matters to anything that stores them: the node's encrypted cache,
// n8n's static data size, cookies a website might use. 192 random bytes give 256 base64url characters,
// in the middle of that range, with no structure a client could be tempted to decode.
const VISITOR_TOKEN_BYTES = 192;

export function mintVisitorToken(): string {
	return randomBytes(VISITOR_TOKEN_BYTES).toString('base64url');
}

/**
 * An access token that is obviously a fixture: the legacy private-app prefix plus a fresh uuid, made at
 * runtime so no token-shaped secret is ever committed.
 */
export function fakeAccessToken(): string {
	return `pat-na1-${randomUUID()}`;
}
