// The signature checks themselves (shared/idToken/algorithms.ts), one level below verifyIdToken: a genuine
// signature in JWS form is a match, anything else is not — and "not a match" is always an answer, never an
// exception, whatever node:crypto makes of the bytes.
import { constants, createHmac, sign, type KeyObject } from 'node:crypto';
import { verifyWithPublicKey, verifyWithSharedSecret } from '../../nodes/HubspotVisitorIdentification/shared/idToken/algorithms';
import { makeSigningKey, type SigningKey } from '../support/login-provider';

const data = Buffer.from('eyJhbGciOiJQUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ', 'ascii');

let rsa: SigningKey;
let ec: SigningKey;
let ed: SigningKey;
beforeAll(() => {
	[rsa, ec, ed] = [makeSigningKey('RSA-2048'), makeSigningKey('P-256'), makeSigningKey('Ed25519')];
});

function pss(key: KeyObject, saltLength: number): Buffer {
	return sign('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength });
}

describe('public keys', () => {
	it('RS256, PS256, ES256 and EdDSA: a genuine signature is a match, over other data it is not', () => {
		const cases: [Parameters<typeof verifyWithPublicKey>[0], KeyObject, Buffer][] = [
			['RS256', rsa.publicKey, sign('sha256', data, rsa.privateKey)],
			['PS256', rsa.publicKey, pss(rsa.privateKey, 32)],
			['ES256', ec.publicKey, sign('sha256', data, { key: ec.privateKey, dsaEncoding: 'ieee-p1363' })],
			['EdDSA', ed.publicKey, sign(null, data, ed.privateKey)],
		];
		for (const [alg, key, signature] of cases) {
			expect([alg, verifyWithPublicKey(alg, key, data, signature)]).toEqual([alg, true]);
			expect([alg, verifyWithPublicKey(alg, key, Buffer.from('something else'), signature)]).toEqual([alg, false]);
		}
	});

	it('PS256 means RSA-PSS with a 32-byte salt: a PKCS#1 v1.5 signature or another salt length is no match', () => {
		expect(verifyWithPublicKey('PS256', rsa.publicKey, data, sign('sha256', data, rsa.privateKey))).toBe(false);
		expect(verifyWithPublicKey('PS256', rsa.publicKey, data, pss(rsa.privateKey, 0))).toBe(false);
		expect(verifyWithPublicKey('RS256', rsa.publicKey, data, pss(rsa.privateKey, 32))).toBe(false);
	});

	it('ES256 takes r||s of 64 bytes only: DER, or a byte more or less, is no match', () => {
		const jws = sign('sha256', data, { key: ec.privateKey, dsaEncoding: 'ieee-p1363' });
		const der = sign('sha256', data, { key: ec.privateKey, dsaEncoding: 'der' });
		expect(verifyWithPublicKey('ES256', ec.publicKey, data, der)).toBe(false);
		expect(verifyWithPublicKey('ES256', ec.publicKey, data, Buffer.concat([jws, Buffer.alloc(1)]))).toBe(false);
		expect(verifyWithPublicKey('ES256', ec.publicKey, data, jws.subarray(1))).toBe(false);
	});

	it('a key node:crypto cannot use with the algorithm is no match rather than an exception', () => {
		// Ed25519 with a SHA-256 digest makes node:crypto throw; the verifier must answer "no".
		const signature = sign(null, data, ed.privateKey);
		expect(() => verifyWithPublicKey('RS256', ed.publicKey, data, signature)).not.toThrow();
		expect(verifyWithPublicKey('RS256', ed.publicKey, data, signature)).toBe(false);
	});
});

describe('shared secret (HS256)', () => {
	const secret = Buffer.from('a-supabase-legacy-jwt-secret-of-40-chars!');
	const genuine = () => createHmac('sha256', secret).update(data).digest();

	it('the HMAC of the secret is a match; another secret\'s is not', () => {
		expect(verifyWithSharedSecret('HS256', secret, data, genuine())).toBe(true);
		expect(verifyWithSharedSecret('HS256', Buffer.from(`${secret.toString()}x`), data, genuine())).toBe(false);
	});

	it('a truncated or empty signature is no match rather than an exception', () => {
		expect(() => verifyWithSharedSecret('HS256', secret, data, genuine().subarray(0, 16))).not.toThrow();
		expect(verifyWithSharedSecret('HS256', secret, data, genuine().subarray(0, 16))).toBe(false);
		expect(verifyWithSharedSecret('HS256', secret, data, Buffer.alloc(0))).toBe(false);
	});
});
