import { constants, createHmac, sign, type KeyObject } from 'node:crypto';

/**
 * Makes compact JWS tokens the way login providers do, and the ways attackers do: any header, any payload,
 * any algorithm name, signed with any key or secret. Written with node:crypto on purpose, independently of
 * the node's verifier and of jose (the oracle checks both against each other).
 */
export type Signer =
	| { alg: 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512' | 'EdDSA'; key: KeyObject; der?: boolean; pssSaltLength?: number }
	| { alg: 'HS256' | 'HS384' | 'HS512'; secret: Buffer | string }
	| { alg: 'none' };

const HASH: Record<string, string> = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };

export function encodeSegment(value: unknown): string {
	return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

function signature(signer: Signer, data: Buffer): Buffer {
	if (signer.alg === 'none') return Buffer.alloc(0);
	const hash = HASH[signer.alg.slice(2)];
	if ('secret' in signer) return createHmac(hash, signer.secret).update(data).digest();
	if (signer.alg === 'EdDSA') return sign(null, data, signer.key);
	if (signer.alg.startsWith('PS')) return sign(hash, data, { key: signer.key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: signer.pssSaltLength ?? Number(signer.alg.slice(2)) / 8 });
	if (signer.alg.startsWith('ES')) return sign(hash, data, { key: signer.key, dsaEncoding: signer.der ? 'der' : 'ieee-p1363' });
	return sign(hash, data, signer.key);
}

/** A compact JWS. The header's `alg` defaults to the signer's; pass `alg` in `header` to lie about it. */
export function signToken(payload: unknown, signer: Signer, header: Record<string, unknown> = {}): string {
	const fullHeader = { alg: signer.alg, typ: 'JWT', ...header };
	const signingInput = `${encodeSegment(fullHeader)}.${encodeSegment(payload)}`;
	return `${signingInput}.${signature(signer, Buffer.from(signingInput)).toString('base64url')}`;
}
