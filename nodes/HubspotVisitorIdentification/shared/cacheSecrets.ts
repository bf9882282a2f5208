import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

import type { VisitorIdentity } from './identity';

/**
 * Static data is stored unencrypted in n8n's database and travels with workflow exports, so the cache
 * keeps neither a visitor's email nor a usable token there. Both keys are derived from the credential's
 * access token: whoever can read an export but not the credential learns nothing, and rotating the access
 * token changes the keys, which starts a fresh cache.
 */
export interface CacheSecrets {
	/** Short public fingerprint of the keys: tells a cache written with another access token apart. */
	readonly keyId: string;
	/**
	 * Keyed hash of a visitor's email: one visitor is one email, whatever names are sent, so that nobody can
	 * buy a fresh HubSpot call by varying the names. Nothing else can be read from it.
	 */
	entryKey(email: string): string;
	/** The key caches written before 0.2 used: email and names together. Read, never written. */
	legacyEntryKey(identity: VisitorIdentity): string;
	/** Encrypts a token; `context` (entry key and expiry) is authenticated, so a moved or edited entry fails to open. */
	seal(token: string, context: string): string;
	/** The token, or undefined if the sealed value was not made by these keys for this context. */
	open(sealed: string, context: string): string | undefined;
}

const SALT = 'n8n-nodes-hubspot-visitor-identification/cache/v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** 128 bits of HMAC output: collisions are out of reach and each entry key stays 22 characters. */
const ENTRY_KEY_BYTES = 16;

/** The shape of every entry key `entryKey` makes: 16 bytes in base64url. */
export const ENTRY_KEY_SHAPE = /^[A-Za-z0-9_-]{22}$/;
/** The shape of every value `seal` makes: base64url of IV, at least one byte of ciphertext, and the tag. */
export const SEALED_SHAPE = new RegExp(`^[A-Za-z0-9_-]{${Math.ceil(((IV_BYTES + 1 + TAG_BYTES) * 4) / 3)},}$`);

// HubSpot's tokens are opaque, but they travel in URLs and headers, so they are usually base64url text.
// Storing such text as the bytes it spells saves a quarter of the ciphertext, which matters because
// n8n rewrites the whole static-data blob on every cache write. Anything else is stored as UTF-8.
const PACKED_BASE64URL = 1;
const PLAIN_UTF8 = 0;

function packToken(token: string): Buffer {
	if (/^[A-Za-z0-9_-]*$/.test(token)) {
		const bytes = Buffer.from(token, 'base64url');
		if (bytes.toString('base64url') === token) return Buffer.concat([Buffer.of(PACKED_BASE64URL), bytes]);
	}
	return Buffer.concat([Buffer.of(PLAIN_UTF8), Buffer.from(token, 'utf8')]);
}

function unpackToken(packed: Buffer): string | undefined {
	const body = packed.subarray(1);
	if (packed[0] === PACKED_BASE64URL) return body.toString('base64url');
	if (packed[0] === PLAIN_UTF8) return body.toString('utf8');
	return undefined;
}

function deriveKey(accessToken: string, purpose: string, length: number): Buffer {
	return Buffer.from(hkdfSync('sha256', accessToken, SALT, purpose, length));
}

export function deriveCacheSecrets(accessToken: string): CacheSecrets {
	const hashKey = deriveKey(accessToken, 'entry-key', 32);
	const encryptionKey = deriveKey(accessToken, 'token-encryption', 32);
	const keyId = createHmac('sha256', hashKey).update('key-id').digest().subarray(0, 8).toString('base64url');
	const keyedHash = (canonical: string): string => createHmac('sha256', hashKey).update(canonical).digest().subarray(0, ENTRY_KEY_BYTES).toString('base64url');

	return {
		keyId,
		// A one-element JSON list never equals the three-element list of a legacy key, so the two cannot collide.
		entryKey: (email) => keyedHash(JSON.stringify([email])),
		// JSON keeps the three parts apart, so ("a b", "c") and ("a", "b c") never hash alike.
		legacyEntryKey: (identity) => keyedHash(JSON.stringify([identity.email, identity.firstName, identity.lastName])),
		seal(token, context) {
			const iv = randomBytes(IV_BYTES);
			const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv);
			cipher.setAAD(Buffer.from(context, 'utf8'));
			const ciphertext = Buffer.concat([cipher.update(packToken(token)), cipher.final()]);
			return Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString('base64url');
		},
		open(sealed, context) {
			const bytes = Buffer.from(sealed, 'base64url');
			if (bytes.length < IV_BYTES + TAG_BYTES + 1) return undefined;
			try {
				const decipher = createDecipheriv('aes-256-gcm', encryptionKey, bytes.subarray(0, IV_BYTES));
				decipher.setAAD(Buffer.from(context, 'utf8'));
				decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
				const packed = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
				return unpackToken(packed);
			} catch {
				// Authentication failed: another key, a hand-edited entry or truncation. A miss, never a wrong token.
				return undefined;
			}
		},
	};
}
