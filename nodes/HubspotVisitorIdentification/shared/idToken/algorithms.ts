import { constants, createHmac, timingSafeEqual, verify, type KeyObject } from 'node:crypto';

/** The signing algorithms a login provider may be allowed to use, as the credential offers them. */
export const PUBLIC_KEY_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;
export const SHARED_SECRET_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;

export type PublicKeyAlgorithm = (typeof PUBLIC_KEY_ALGORITHMS)[number];
export type SharedSecretAlgorithm = (typeof SHARED_SECRET_ALGORITHMS)[number];

/** What key an algorithm needs: a JWK of this `kty` (and `crv`), and how node:crypto checks it. */
export interface AlgorithmFit {
	kty: 'RSA' | 'EC' | 'OKP';
	crv?: 'P-256' | 'P-384' | 'P-521' | 'Ed25519';
	hash: 'sha256' | 'sha384' | 'sha512' | null;
	/** RSA-PSS salt length (the hash length, as RFC 7518 requires). */
	pssSaltLength?: number;
	/** ECDSA: JWS carries r||s of this many bytes in total, never DER. */
	ecSignatureLength?: number;
}

export const ALGORITHM_FITS: Record<PublicKeyAlgorithm, AlgorithmFit> = {
	RS256: { kty: 'RSA', hash: 'sha256' },
	RS384: { kty: 'RSA', hash: 'sha384' },
	RS512: { kty: 'RSA', hash: 'sha512' },
	PS256: { kty: 'RSA', hash: 'sha256', pssSaltLength: 32 },
	PS384: { kty: 'RSA', hash: 'sha384', pssSaltLength: 48 },
	PS512: { kty: 'RSA', hash: 'sha512', pssSaltLength: 64 },
	ES256: { kty: 'EC', crv: 'P-256', hash: 'sha256', ecSignatureLength: 64 },
	ES384: { kty: 'EC', crv: 'P-384', hash: 'sha384', ecSignatureLength: 96 },
	ES512: { kty: 'EC', crv: 'P-521', hash: 'sha512', ecSignatureLength: 132 },
	EdDSA: { kty: 'OKP', crv: 'Ed25519', hash: null },
};

const HMAC_HASH: Record<SharedSecretAlgorithm, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

export function isPublicKeyAlgorithm(value: unknown): value is PublicKeyAlgorithm {
	return typeof value === 'string' && (PUBLIC_KEY_ALGORITHMS as readonly string[]).includes(value);
}

export function isSharedSecretAlgorithm(value: unknown): value is SharedSecretAlgorithm {
	return typeof value === 'string' && (SHARED_SECRET_ALGORITHMS as readonly string[]).includes(value);
}

/** Whether the signature over `data` was made by the private half of `key` with `alg`. */
export function verifyWithPublicKey(alg: PublicKeyAlgorithm, key: KeyObject, data: Buffer, signature: Buffer): boolean {
	const fit = ALGORITHM_FITS[alg];
	// A DER-encoded ECDSA signature has another length; refusing it here keeps "JWS form only" explicit.
	if (fit.ecSignatureLength !== undefined && signature.length !== fit.ecSignatureLength) return false;
	try {
		if (fit.pssSaltLength !== undefined) {
			return verify(fit.hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: fit.pssSaltLength }, signature);
		}
		if (fit.ecSignatureLength !== undefined) return verify(fit.hash, data, { key, dsaEncoding: 'ieee-p1363' }, signature);
		return verify(fit.hash, data, key, signature);
	} catch {
		// node:crypto throws for some impossible signatures (wrong length for the modulus): not a match either.
		return false;
	}
}

/** HMAC check in constant time: a comparison that stops early would leak how much of a forgery is right. */
export function verifyWithSharedSecret(alg: SharedSecretAlgorithm, secret: Buffer, data: Buffer, signature: Buffer): boolean {
	const expected = createHmac(HMAC_HASH[alg], secret).update(data).digest();
	return expected.length === signature.length && timingSafeEqual(expected, signature);
}
