import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';

/** The kinds of key a login provider publishes, and the weak one an attacker hopes it does. */
export type KeyKind = 'RSA-2048' | 'RSA-1024' | 'P-256' | 'P-384' | 'P-521' | 'Ed25519';

export interface SigningKey {
	kid: string;
	kind: KeyKind;
	privateKey: KeyObject;
	publicKey: KeyObject;
	/** The public JWK as the JWKS publishes it (`use`, `alg` and `kid` added by the provider). */
	publicJwk: Record<string, unknown>;
}

const NAMED_CURVE: Partial<Record<KeyKind, string>> = { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1' };

function generate(kind: KeyKind): { privateKey: KeyObject; publicKey: KeyObject } {
	if (kind === 'RSA-2048' || kind === 'RSA-1024') return generateKeyPairSync('rsa', { modulusLength: kind === 'RSA-2048' ? 2048 : 1024 });
	if (kind === 'Ed25519') return generateKeyPairSync('ed25519');
	return generateKeyPairSync('ec', { namedCurve: NAMED_CURVE[kind] as string });
}

/** A fresh key pair with a random key id; `extra` lands in the published JWK (e.g. `{ use: 'sig', alg: 'RS256' }`). */
export function makeSigningKey(kind: KeyKind, extra: Record<string, unknown> = {}): SigningKey {
	const { privateKey, publicKey } = generate(kind);
	const kid = `${kind.toLowerCase()}-${randomBytes(4).toString('hex')}`;
	return { kid, kind, privateKey, publicKey, publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, ...extra } };
}
