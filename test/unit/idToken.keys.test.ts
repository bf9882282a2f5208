import { generateKeyPairSync } from 'node:crypto';

import { countUsableKeys, PublishedKey, readKeySet } from '../../nodes/HubspotVisitorIdentification/shared/idToken/keys';
import { makeSigningKey, type SigningKey } from '../support/login-provider';

// Which member of a JWKS may check a token (RFC 7517 metadata first, then the imported key's strength).
// Every PublishedKey and readKeySet call happens inside a test: see CONTRIBUTING on mutation coverage.

let rsa: SigningKey;
let ec: SigningKey;

beforeAll(() => {
	rsa = makeSigningKey('RSA-2048');
	ec = makeSigningKey('P-256');
});

function rsaJwk(extra: Record<string, unknown> = {}): Record<string, unknown> {
	return { ...rsa.publicJwk, ...extra };
}

describe('key_ops: a list, if published, must be well formed and allow "verify"', () => {
	it.each([
		['absent', undefined],
		['["verify"]', ['verify']],
		['["sign", "verify"]', ['sign', 'verify']],
	])('%s: the key checks tokens', (_label, keyOps) => {
		expect(new PublishedKey(rsaJwk({ key_ops: keyOps })).fits('RS256', undefined)).toBe(true);
	});

	it.each([
		['["sign"] (no verify)', ['sign']],
		['[] (nothing allowed)', []],
		['["verify", "verify"] (repeated, RFC 7517 §4.3)', ['verify', 'verify']],
		['["verify", 1] (not all strings)', ['verify', 1]],
		['"verify" (not a list)', 'verify'],
	])('%s: the key is not used', (_label, keyOps) => {
		expect(new PublishedKey(rsaJwk({ key_ops: keyOps })).fits('RS256', undefined)).toBe(false);
	});
});

describe('the other published metadata', () => {
	it('ext may be absent or a boolean, nothing else', () => {
		expect(new PublishedKey(rsaJwk({ ext: true })).fits('RS256', undefined)).toBe(true);
		expect(new PublishedKey(rsaJwk({ ext: false })).fits('RS256', undefined)).toBe(true);
		expect(new PublishedKey(rsaJwk({ ext: 'yes' })).fits('RS256', undefined)).toBe(false);
	});

	it('use "sig" or no use fits; "enc" does not', () => {
		expect(new PublishedKey(rsaJwk({ use: 'sig' })).fits('RS256', undefined)).toBe(true);
		expect(new PublishedKey(rsaJwk({ use: undefined })).fits('RS256', undefined)).toBe(true);
		expect(new PublishedKey(rsaJwk({ use: 'enc' })).fits('RS256', undefined)).toBe(false);
	});

	it('a key published for one alg checks that alg only', () => {
		const key = new PublishedKey(rsaJwk({ alg: 'RS256' }));
		expect(key.fits('RS256', undefined)).toBe(true);
		expect(key.fits('PS256', undefined)).toBe(false);
	});

	it('the key type must be the algorithm\'s, and for EC the curve too', () => {
		expect(new PublishedKey(rsaJwk()).fits('ES256', undefined)).toBe(false);
		expect(new PublishedKey({ ...ec.publicJwk }).fits('ES256', undefined)).toBe(true);
		expect(new PublishedKey({ ...ec.publicJwk }).fits('ES384', undefined)).toBe(false);
		expect(new PublishedKey({ ...ec.publicJwk }).fits('RS256', undefined)).toBe(false);
	});

	it('a curve member on an RSA key (which has none) is ignored, not a reason to refuse it', () => {
		expect(new PublishedKey(rsaJwk({ crv: 'P-256' })).fits('RS256', undefined)).toBe(true);
	});

	it('the token\'s kid must be a string equal to the key\'s', () => {
		const key = new PublishedKey(rsaJwk({ kid: 'key-1' }));
		expect(key.fits('RS256', 'key-1')).toBe(true);
		expect(key.fits('RS256', 'key-2')).toBe(false);
		const numbered = new PublishedKey(rsaJwk({ kid: 7 }));
		expect(numbered.fits('RS256', 7)).toBe(false);
		expect(numbered.fits('RS256', undefined)).toBe(true);
	});
});

describe('keyFor: the imported key, or why it cannot check the token', () => {
	it('imports a fitting key once and hands out the same key object afterwards', () => {
		const key = new PublishedKey(rsaJwk());
		const first = key.keyFor('RS256');
		expect(typeof first).not.toBe('string');
		expect(key.keyFor('RS256')).toBe(first);
		expect(key.keyFor('PS256')).toBe(first);
	});

	it('refuses a JWKS member that carries its private part, even though a public key could be derived from it', () => {
		const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
		const reason = new PublishedKey({ ...privateKey.export({ format: 'jwk' }), kid: 'leaked' }).keyFor('RS256');
		expect(reason).toEqual(expect.stringContaining('private part'));
	});

	it('names a key type it does not check', () => {
		const reason = new PublishedKey({ kty: 'oct', k: 'c2VjcmV0' }).keyFor('RS256');
		expect(reason).toEqual(expect.stringContaining('key type "oct"'));
		expect(reason).toEqual(expect.stringContaining('not one this node checks'));
	});

	it('says when the published numbers are not a public key', () => {
		const reason = new PublishedKey({ kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA' }).keyFor('ES256');
		expect(reason).toEqual(expect.stringContaining('could not be imported'));
	});

	it('an RSA algorithm with a key that has no modulus says the size is unknown', () => {
		const reason = new PublishedKey({ ...ec.publicJwk }).keyFor('RS256');
		expect(reason).toEqual(expect.stringContaining('RSA key of unknown bits'));
		expect(reason).toEqual(expect.stringContaining('RS256 needs at least 2048'));
	});

	it('an RSA key under 2048 bits is named with its size', () => {
		const weak = makeSigningKey('RSA-1024');
		expect(new PublishedKey({ ...weak.publicJwk }).keyFor('RS256')).toEqual(expect.stringContaining('RSA key of 1024 bits'));
	});

	it('countUsableKeys counts the keys that fit one of the algorithms and import', () => {
		const keys = [new PublishedKey(rsaJwk()), new PublishedKey({ ...ec.publicJwk }), new PublishedKey(rsaJwk({ use: 'enc' }))];
		expect(countUsableKeys(keys, ['RS256'])).toBe(1);
		expect(countUsableKeys(keys, ['RS256', 'ES256'])).toBe(2);
	});
});

describe('readKeySet: a JWKS is an object with a "keys" list of key objects', () => {
	it('reads each key object', () => {
		const keys = readKeySet({ keys: [rsaJwk(), { ...ec.publicJwk }] });
		expect(keys?.map((key) => key.kid)).toEqual([rsa.kid, ec.kid]);
	});

	it.each([
		['undefined', undefined],
		['null', null],
		['a string', 'keys'],
		['an object without keys', {}],
		['keys that is not a list', { keys: 'none' }],
		['a null member', { keys: [null] }],
		['a string member', { keys: ['key'] }],
		['a number member', { keys: [7] }],
		['a list member', { keys: [[]] }],
		['one good member and one string', { keys: [{ kty: 'RSA' }, 'key'] }],
	])('%s is not a JWKS', (_label, document) => {
		expect(readKeySet(document)).toBeUndefined();
	});
});
