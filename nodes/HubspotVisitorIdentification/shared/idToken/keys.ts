import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';

import { ALGORITHM_FITS, type PublicKeyAlgorithm } from './algorithms';
import { quoteClaim } from './failure';

/** RFC 7518 §3.3 and every current provider: RSA keys for JWS are at least this large. */
export const MIN_RSA_BITS = 2048;

const PUBLIC_MEMBERS: Record<string, string[]> = { RSA: ['kty', 'n', 'e'], EC: ['kty', 'crv', 'x', 'y'], OKP: ['kty', 'crv', 'x'] };

/** An operation list, if present, must be well formed and allow verifying. */
function allowsVerifying(keyOps: unknown): boolean {
	if (keyOps === undefined) return true;
	if (!Array.isArray(keyOps) || !keyOps.every((operation) => typeof operation === 'string')) return false;
	return new Set(keyOps).size === keyOps.length && keyOps.includes('verify');
}

/**
 * One member of the login provider's JWKS. Whether it may check a token is decided from its published
 * metadata first (type, curve, `use`, `alg`, `key_ops`, `kid`), the way RFC 7517 and RFC 8725 describe;
 * only the key so chosen is imported, once, and checked for strength.
 */
export class PublishedKey {
	private imported: KeyObject | string | undefined;

	constructor(readonly jwk: Record<string, unknown>) {}

	get kid(): unknown {
		return this.jwk.kid;
	}

	/** Whether this key is published for `alg` and, when the token names one, has the token's `kid`. */
	fits(alg: PublicKeyAlgorithm, kid: unknown): boolean {
		const { kty, crv, use, ext, key_ops: keyOps } = this.jwk;
		const fit = ALGORITHM_FITS[alg];
		return (
			(ext === undefined || typeof ext === 'boolean') &&
			allowsVerifying(keyOps) &&
			kty === fit.kty &&
			(fit.crv === undefined || crv === fit.crv) &&
			(use === undefined || use === 'sig') &&
			(this.jwk.alg === undefined || this.jwk.alg === alg) &&
			(kid === undefined || (typeof kid === 'string' && kid === this.jwk.kid))
		);
	}

	/** The public key, or why it cannot check `alg` signatures. */
	keyFor(alg: PublicKeyAlgorithm): KeyObject | string {
		const key = this.publicKey();
		if (typeof key === 'string') return key;
		const bits = key.asymmetricKeyDetails?.modulusLength;
		if (ALGORITHM_FITS[alg].kty === 'RSA' && (bits === undefined || bits < MIN_RSA_BITS)) {
			return `it is an RSA key of ${bits ?? 'unknown'} bits; ${alg} needs at least ${MIN_RSA_BITS}.`;
		}
		return key;
	}

	private publicKey(): KeyObject | string {
		if (this.imported === undefined) this.imported = this.importPublicKey();
		return this.imported;
	}

	private importPublicKey(): KeyObject | string {
		// createPublicKey would quietly derive the public half of a private JWK; a JWKS that publishes private
		// keys is broken, and RFC 7517 says its members must be public.
		if (this.jwk.d !== undefined) return 'the JWKS publishes it with its private part.';
		const { kty } = this.jwk;
		const members = typeof kty === 'string' && Object.hasOwn(PUBLIC_MEMBERS, kty) ? PUBLIC_MEMBERS[kty] : undefined;
		if (!members) return `its key type ${quoteClaim(kty)} is not one this node checks.`;
		const jwk: Record<string, unknown> = {};
		for (const member of members) jwk[member] = this.jwk[member];
		try {
			return createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
		} catch {
			return 'it could not be imported (its numbers do not form a valid public key).';
		}
	}
}

/** The keys a JWKS document publishes; undefined when the document is not a JWKS. */
export function readKeySet(document: unknown): PublishedKey[] | undefined {
	if (typeof document !== 'object' || document === null) return undefined;
	const keys = (document as { keys?: unknown }).keys;
	if (!Array.isArray(keys) || !keys.every((jwk) => typeof jwk === 'object' && jwk !== null && !Array.isArray(jwk))) return undefined;
	return keys.map((jwk) => new PublishedKey(jwk as Record<string, unknown>));
}

/** How many keys could check a token signed with one of `algorithms`: what the credential test reports. */
export function countUsableKeys(keys: PublishedKey[], algorithms: readonly PublicKeyAlgorithm[]): number {
	return keys.filter((key) => algorithms.some((alg) => key.fits(alg, undefined) && typeof key.keyFor(alg) !== 'string')).length;
}
