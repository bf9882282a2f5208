import { generateKeyPairSync } from 'node:crypto';

import { ALGORITHM_FITS, PUBLIC_KEY_ALGORITHMS, type PublicKeyAlgorithm } from '../../../nodes/HubspotVisitorIdentification/shared/idToken/algorithms';
import { makeSigningKey, type KeyKind, type SigningKey } from './signingKeys';
import { encodeSegment, signToken, type Signer } from './signToken';

/** The credential settings one case is judged under (the same for the node and for jose). */
export interface OracleSettings {
	algorithms: PublicKeyAlgorithm[];
	audiences: string[];
	sharedSecret?: string;
	clockToleranceSeconds: number;
}

export interface OracleCase {
	/** What the case is, e.g. "RS256 expired": the attack list of the issue, per algorithm. */
	name: string;
	category: string;
	valid: boolean;
	token: string;
	settings: OracleSettings;
}

export interface OracleInput {
	issuer: string;
	now: number;
	jwks: { keys: Array<Record<string, unknown>> };
	cases: OracleCase[];
}

export type JoseVerdict = { accepted: true; payload: Record<string, unknown> } | { accepted: false; reason: string };

const KIND_FOR: Record<string, KeyKind> = { RSA: 'RSA-2048', 'P-256': 'P-256', 'P-384': 'P-384', 'P-521': 'P-521', Ed25519: 'Ed25519' };

function kindOf(alg: PublicKeyAlgorithm): KeyKind {
	const fit = ALGORITHM_FITS[alg];
	return KIND_FOR[fit.crv ?? fit.kty];
}

/** The keys the provider publishes for the oracle: two of each kind, plus traps (weak, for encryption, for PS256 only). */
export function oracleKeys() {
	const pairs = new Map<KeyKind, [SigningKey, SigningKey]>();
	for (const kind of ['RSA-2048', 'P-256', 'P-384', 'P-521', 'Ed25519'] as KeyKind[]) pairs.set(kind, [makeSigningKey(kind), makeSigningKey(kind)]);
	const weak = makeSigningKey('RSA-1024');
	const forEncryption = makeSigningKey('RSA-2048', { use: 'enc' });
	const forPs256Only = makeSigningKey('RSA-2048', { alg: 'PS256', use: 'sig' });
	const published = [...[...pairs.values()].flat(), weak, forEncryption, forPs256Only];
	return { pairs, weak, forEncryption, forPs256Only, published };
}

type Keys = ReturnType<typeof oracleKeys>;

/**
 * At least 300 tokens: for every public-key algorithm the valid shapes and every attack the issue lists,
 * then the attacks specific to a key type, the shared-secret mode, and a narrower algorithm list.
 */
export function buildCorpus(issuer: string, now: number, keys: Keys): OracleCase[] {
	const seconds = Math.floor(now / 1000);
	const allAlgorithms: OracleSettings = { algorithms: [...PUBLIC_KEY_ALGORITHMS], audiences: ['client-123', 'https://shop.example'], clockToleranceSeconds: 60 };
	const claims = (overrides: Record<string, unknown> = {}) => {
		const base: Record<string, unknown> = { iss: issuer, aud: 'client-123', sub: 'user-1', iat: seconds - 30, exp: seconds + 600, email: 'ada@example.com', email_verified: true, ...overrides };
		for (const key of Object.keys(base)) if (base[key] === undefined) delete base[key];
		return base;
	};
	const cases: OracleCase[] = [];
	const add = (name: string, category: string, valid: boolean, token: string, settings: OracleSettings = allAlgorithms) => cases.push({ name, category, valid, token, settings });

	for (const alg of PUBLIC_KEY_ALGORITHMS) {
		const [own, sibling] = keys.pairs.get(kindOf(alg)) as [SigningKey, SigningKey];
		const signer = (key: SigningKey = own): Signer => ({ alg, key: key.privateKey }) as Signer;
		const sign = (payload: Record<string, unknown> = claims(), header: Record<string, unknown> = { kid: own.kid }, key: SigningKey = own) => signToken(payload, signer(key), header);
		const attacker = makeSigningKey(kindOf(alg));
		const genuine = sign();
		const [genuineHeader, genuinePayload, genuineSignature] = genuine.split('.');

		add(`${alg} genuine`, 'valid', true, genuine);
		add(`${alg} aud list`, 'valid', true, sign(claims({ aud: ['other-app', 'client-123'] })));
		add(`${alg} azp without aud (Clerk)`, 'valid', true, sign(claims({ aud: undefined, azp: 'https://shop.example' })));
		add(`${alg} exp 59 s ago, within tolerance`, 'valid', true, sign(claims({ exp: seconds - 59 })));
		add(`${alg} nbf 60 s ahead, within tolerance`, 'valid', true, sign(claims({ nbf: seconds + 60 })));
		add(`${alg} upper-case email`, 'valid', true, sign(claims({ email: 'Ada.Lovelace@Example.COM' })));
		add(`${alg} no iat`, 'valid', true, sign(claims({ iat: undefined })));
		add(`${alg} extra header members`, 'valid', true, sign(claims(), { kid: own.kid, typ: 'at+jwt', cty: 'x' }));

		add(`${alg} alg none, no signature`, 'alg none', false, signToken(claims(), { alg: 'none' }, { kid: own.kid }));
		add(`${alg} alg none, signature kept`, 'alg none', false, `${encodeSegment({ alg: 'none', kid: own.kid })}.${genuinePayload}.${genuineSignature}`);
		add(`${alg} alg NONE`, 'alg none', false, signToken(claims(), { alg: 'none' }, { alg: 'NONE', kid: own.kid }));
		add(`${alg} HS256 signed with the public key (PEM)`, 'alg confusion', false, signToken(claims(), { alg: 'HS256', secret: own.publicKey.export({ type: 'spki', format: 'pem' }) as string }, { kid: own.kid }));
		add(`${alg} HS256 signed with the public JWK`, 'alg confusion', false, signToken(claims(), { alg: 'HS256', secret: JSON.stringify(own.publicJwk) }, { kid: own.kid }));
		add(`${alg} kid of another published key`, 'kid of another key', false, sign(claims(), { kid: own.kid }, sibling));
		add(`${alg} unknown kid`, 'unknown kid', false, sign(claims(), { kid: 'not-published' }, attacker));
		add(`${alg} injected jwk`, 'injected key', false, sign(claims(), { kid: own.kid, jwk: attacker.publicJwk }, attacker));
		add(`${alg} injected jwk without kid`, 'injected key', false, sign(claims(), { jwk: attacker.publicJwk }, attacker));
		add(`${alg} injected jku`, 'injected key', false, sign(claims(), { kid: own.kid, jku: 'https://evil.example/jwks.json' }, attacker));
		add(`${alg} injected x5u and x5c`, 'injected key', false, sign(claims(), { kid: own.kid, x5u: 'https://evil.example/cert.pem', x5c: ['MIIBIjAN'] }, attacker));
		add(`${alg} crit exp`, 'crit', false, sign(claims(), { kid: own.kid, crit: ['exp'], exp: seconds + 600 }));
		add(`${alg} crit b64 true`, 'crit', false, sign(claims(), { kid: own.kid, crit: ['b64'], b64: true }));
		add(`${alg} wrong iss`, 'wrong iss', false, sign(claims({ iss: 'https://evil.example' })));
		add(`${alg} iss with a trailing slash`, 'wrong iss', false, sign(claims({ iss: `${issuer}/` })));
		add(`${alg} no iss`, 'wrong iss', false, sign(claims({ iss: undefined })));
		add(`${alg} wrong aud`, 'wrong aud', false, sign(claims({ aud: 'someone-else' })));
		add(`${alg} wrong aud, azp ours`, 'wrong aud', false, sign(claims({ aud: 'someone-else', azp: 'client-123' })));
		add(`${alg} no aud, foreign azp`, 'wrong aud', false, sign(claims({ aud: undefined, azp: 'https://evil.example' })));
		add(`${alg} expired`, 'expired', false, sign(claims({ exp: seconds - 61 })));
		add(`${alg} no exp`, 'expired', false, sign(claims({ exp: undefined })));
		add(`${alg} exp as text`, 'expired', false, sign(claims({ exp: String(seconds + 600) })));
		add(`${alg} future nbf`, 'future nbf', false, sign(claims({ nbf: seconds + 61 })));
		add(`${alg} future iat`, 'future nbf', false, sign(claims({ iat: seconds + 61 })));
		add(`${alg} email_verified false`, 'unverified email', false, sign(claims({ email_verified: false })));
		add(`${alg} email_verified missing`, 'unverified email', false, sign(claims({ email_verified: undefined })));
		add(`${alg} email missing`, 'email claim', false, sign(claims({ email: undefined })));
		add(`${alg} email a number`, 'email claim', false, sign(claims({ email: 12345 })));
		add(`${alg} email a list`, 'email claim', false, sign(claims({ email: ['ada@example.com'] })));
		add(`${alg} email not an address`, 'email claim', false, sign(claims({ email: 'ada at example' })));
		add(`${alg} signature truncated`, 'truncated', false, genuine.slice(0, -2));
		add(`${alg} signature missing`, 'truncated', false, `${genuineHeader}.${genuinePayload}.`);
		add(`${alg} two segments`, 'truncated', false, `${genuineHeader}.${genuinePayload}`);
		add(`${alg} four segments`, 'truncated', false, `${genuine}.${genuineSignature}`);
		add(`${alg} payload altered`, 'altered', false, `${genuineHeader}.${encodeSegment(claims({ email: 'ceo@example.com' }))}.${genuineSignature}`);
		add(`${alg} over 16 KB`, 'over-long', false, sign(claims({ padding: 'x'.repeat(16 * 1024) })));
		add(`${alg} just under 16 KB`, 'valid', true, sign(claims({ padding: 'x'.repeat(11 * 1024) })));
	}

	// Attacks that depend on the key type.
	for (const alg of ['ES256', 'ES384', 'ES512'] as const) {
		const [own] = keys.pairs.get(kindOf(alg)) as [SigningKey, SigningKey];
		add(`${alg} DER signature`, 'DER signature', false, signToken(claims(), { alg, key: own.privateKey, der: true }, { kid: own.kid }));
	}
	const [p384] = keys.pairs.get('P-384') as [SigningKey, SigningKey];
	add('ES256 signed with a P-384 key, its kid', 'curve mismatch', false, signToken(claims(), { alg: 'ES256', key: p384.privateKey } as Signer, { kid: p384.kid }));
	for (const alg of ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'] as const) {
		// PS512's 64-byte salt does not fit a 1024-bit key; a shorter one makes the same attack.
		add(`${alg} with the 1024-bit key`, '1024-bit RSA', false, signToken(claims(), { alg, key: keys.weak.privateKey, pssSaltLength: alg === 'PS512' ? 32 : undefined }, { kid: keys.weak.kid }));
		add(`${alg} with the key published for encryption`, 'key for another use', false, signToken(claims(), { alg, key: keys.forEncryption.privateKey }, { kid: keys.forEncryption.kid }));
		add(`${alg} with the key published for PS256`, alg === 'PS256' ? 'valid' : 'key for another alg', alg === 'PS256', signToken(claims(), { alg, key: keys.forPs256Only.privateKey }, { kid: keys.forPs256Only.kid }));
	}
	const [rsaOwn] = keys.pairs.get('RSA-2048') as [SigningKey, SigningKey];
	add('RS256 signature relabelled RS384', 'alg swapped', false, (() => {
		const [, payload, signature] = signToken(claims(), { alg: 'RS256', key: rsaOwn.privateKey }, { kid: rsaOwn.kid }).split('.');
		return `${encodeSegment({ alg: 'RS384', kid: rsaOwn.kid })}.${payload}.${signature}`;
	})());
	add('RS256 without kid, several RSA keys fit', 'no kid', false, signToken(claims(), { alg: 'RS256', key: rsaOwn.privateKey }));
	add('EdDSA with an Ed448 key', 'curve mismatch', false, signToken(claims(), { alg: 'EdDSA', key: generateKeyPairSync('ed448').privateKey } as Signer, { kid: 'ed448' }));

	// A narrower list (the default RS256 + ES256) refuses the rest.
	const defaults: OracleSettings = { ...allAlgorithms, algorithms: ['RS256', 'ES256'] };
	for (const alg of PUBLIC_KEY_ALGORITHMS) {
		const [own] = keys.pairs.get(kindOf(alg)) as [SigningKey, SigningKey];
		add(`${alg} under the default algorithms`, alg === 'RS256' || alg === 'ES256' ? 'valid' : 'alg not allowed', alg === 'RS256' || alg === 'ES256', signToken(claims(), { alg, key: own.privateKey } as Signer, { kid: own.kid }), defaults);
	}

	// A shared secret (Supabase's legacy projects): HS only, the right secret only.
	const secret = 'supabase-legacy-jwt-secret-0123456789abcdef';
	const hs: OracleSettings = { ...allAlgorithms, sharedSecret: secret };
	for (const alg of ['HS256', 'HS384', 'HS512'] as const) {
		add(`${alg} with the shared secret`, 'valid', true, signToken(claims({ aud: 'client-123' }), { alg, secret }), hs);
		add(`${alg} with another secret`, 'bad signature', false, signToken(claims(), { alg, secret: `${secret}!` }), hs);
		add(`${alg} expired, shared secret`, 'expired', false, signToken(claims({ exp: seconds - 3600 }), { alg, secret }), hs);
		add(`${alg} unverified email, shared secret`, 'unverified email', false, signToken(claims({ email_verified: false }), { alg, secret }), hs);
	}
	add('alg none under a shared secret', 'alg none', false, signToken(claims(), { alg: 'none' }), hs);
	add('RS256 under a shared secret', 'alg not allowed', false, signToken(claims(), { alg: 'RS256', key: rsaOwn.privateKey }, { kid: rsaOwn.kid }), hs);
	return cases;
}
