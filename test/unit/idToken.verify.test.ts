import { readLoginProvider, type LoginProvider } from '../../nodes/HubspotVisitorIdentification/shared/idToken/loginProvider';
import { forgetPublishedKeys } from '../../nodes/HubspotVisitorIdentification/shared/idToken/jwks';
import { IdTokenFailure } from '../../nodes/HubspotVisitorIdentification/shared/idToken/failure';
import { verifyIdToken } from '../../nodes/HubspotVisitorIdentification/shared/idToken/verifyIdToken';
import { LoginProviderStandIn, loopbackFetcher, makeSigningKey, signToken, type SigningKey } from '../support/login-provider';

const NOW = Date.parse('2026-11-24T08:00:00Z');
const nowSeconds = NOW / 1000;
const fetchDocument = loopbackFetcher();

let rsa: SigningKey;
let ec: SigningKey;
let ed: SigningKey;
let provider: LoginProviderStandIn;

beforeAll(async () => {
	[rsa, ec, ed] = [makeSigningKey('RSA-2048'), makeSigningKey('P-256'), makeSigningKey('Ed25519')];
	provider = await LoginProviderStandIn.start({ keys: [rsa, ec, ed] });
});
afterAll(async () => await provider.stop());
beforeEach(() => {
	forgetPublishedKeys();
	provider.publish([rsa, ec, ed]);
	provider.setOutage('none');
	provider.fetches.length = 0;
});

function settings(overrides: Record<string, unknown> = {}): LoginProvider {
	const read = readLoginProvider({ issuer: provider.issuer, audience: 'client-123', algorithms: ['RS256', 'ES256', 'EdDSA'], ...overrides });
	if (read instanceof Error) throw read;
	return read;
}

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return { iss: provider.issuer, aud: 'client-123', sub: 'user-1', exp: nowSeconds + 600, iat: nowSeconds - 10, email: 'Ada@Example.com', email_verified: true, given_name: 'Ada', family_name: 'Lovelace', ...overrides };
}

function rs256(payload: Record<string, unknown> = claims(), header: Record<string, unknown> = { kid: rsa.kid }): string {
	return signToken(payload, { alg: 'RS256', key: rsa.privateKey }, header);
}

async function verify(token: unknown, config = settings(), now = NOW) {
	return await verifyIdToken(token, config, { fetchDocument, timeoutMs: 2000, now });
}

async function refusal(token: unknown, config = settings(), now = NOW): Promise<IdTokenFailure> {
	const result = await verify(token, config, now);
	if (!(result instanceof IdTokenFailure)) throw new Error(`expected a refusal, got ${JSON.stringify(result)}`);
	// Whatever was refused, the message never carries the token or a recognisable piece of it.
	if (typeof token === 'string' && token.length > 0) {
		for (const part of token.replace(/^Bearer /, '').split('.')) if (part.length >= 20) expect(result.message).not.toContain(part.slice(0, 20));
	}
	return result;
}

describe('a genuine token names the visitor', () => {
	it.each([
		['RS256', () => rs256()],
		['ES256', () => signToken(claims(), { alg: 'ES256', key: ec.privateKey }, { kid: ec.kid })],
		['EdDSA', () => signToken(claims(), { alg: 'EdDSA', key: ed.privateKey }, { kid: ed.kid })],
	])('%s: email (lower-cased), names, subject and issuer from the verified claims', async (_alg, make) => {
		expect(await verify(make())).toEqual({ email: 'ada@example.com', givenName: 'Ada', familyName: 'Lovelace', subject: 'user-1', issuer: provider.issuer });
	});

	it('takes the token with or without "Bearer " in front', async () => {
		const token = rs256();
		expect(await verify(`Bearer ${token}`)).toMatchObject({ email: 'ada@example.com' });
		expect(await verify(`  bearer   ${token} `)).toMatchObject({ email: 'ada@example.com' });
	});

	it('uses the one fitting key when the token names no kid', async () => {
		provider.publish([rsa]);
		expect(await verify(rs256(claims(), {}))).toMatchObject({ email: 'ada@example.com' });
	});

	it('drops name claims that are not usable names instead of refusing the visitor', async () => {
		expect(await verify(rs256(claims({ given_name: 'x'.repeat(101), family_name: 42 })))).toMatchObject({ givenName: '', familyName: '' });
	});
});

describe('every refusal has a stable code, an HTTP status and names the check', () => {
	it.each([
		['nothing', undefined, 'ID_TOKEN_MISSING', 401, 'presence'],
		['an empty header', 'Bearer ', 'ID_TOKEN_MISSING', 401, 'presence'],
		['a number', 42, 'ID_TOKEN_MALFORMED', 401, 'format'],
		['two segments', 'abc.def', 'ID_TOKEN_MALFORMED', 401, 'format'],
		['padding in a segment', 'eyJhbGciOiJSUzI1NiJ9.e30=.abc', 'ID_TOKEN_MALFORMED', 401, 'format'],
		['a header that is not JSON', 'bm90IGpzb24.e30.abc', 'ID_TOKEN_MALFORMED', 401, 'format'],
		['a header that is a JSON list', 'WzFd.e30.abc', 'ID_TOKEN_MALFORMED', 401, 'format'],
	])('%s → %s', async (_what, token, code, status, check) => {
		expect(await refusal(token)).toMatchObject({ code, httpStatus: status, check });
	});

	it('refuses a token over 16 KB before decoding anything', async () => {
		const big = rs256(claims({ padding: 'x'.repeat(16 * 1024) }));
		expect(await refusal(big)).toMatchObject({ code: 'ID_TOKEN_MALFORMED', message: expect.stringMatching(/at most 16384/) });
	});

	it('refuses alg "none", HS256 without a shared secret, and algorithms the credential does not allow', async () => {
		const unsigned = signToken(claims(), { alg: 'none' });
		expect(await refusal(unsigned)).toMatchObject({ code: 'ID_TOKEN_ALGORITHM_REFUSED', check: 'algorithm', message: expect.stringMatching(/unsigned/) });
		const rsaPem = rsa.publicKey.export({ type: 'spki', format: 'pem' });
		const confused = signToken(claims(), { alg: 'HS256', secret: rsaPem }, { kid: rsa.kid });
		expect(await refusal(confused)).toMatchObject({ code: 'ID_TOKEN_ALGORITHM_REFUSED' });
		expect(await refusal(rs256(), settings({ algorithms: ['ES256'] }))).toMatchObject({ code: 'ID_TOKEN_ALGORITHM_REFUSED', message: expect.stringMatching(/allows ES256/) });
	});

	it('refuses a "crit" header', async () => {
		expect(await refusal(rs256(claims(), { kid: rsa.kid, crit: ['exp'], exp: 1 }))).toMatchObject({ code: 'ID_TOKEN_MALFORMED', check: 'critical header' });
	});

	it('refuses a forged signature, an altered payload and a key injected in the header', async () => {
		const attacker = makeSigningKey('RSA-2048');
		const forged = signToken(claims(), { alg: 'RS256', key: attacker.privateKey }, { kid: rsa.kid, jwk: attacker.publicJwk, jku: 'https://evil.example/jwks.json' });
		expect(await refusal(forged)).toMatchObject({ code: 'ID_TOKEN_BAD_SIGNATURE', httpStatus: 401, check: 'signature' });
		const [header, , signature] = rs256().split('.');
		const altered = `${header}.${Buffer.from(JSON.stringify(claims({ email: 'ceo@example.com' }))).toString('base64url')}.${signature}`;
		expect(await refusal(altered)).toMatchObject({ code: 'ID_TOKEN_BAD_SIGNATURE' });
	});

	it('refuses an ES256 signature in DER form', async () => {
		const der = signToken(claims(), { alg: 'ES256', key: ec.privateKey, der: true }, { kid: ec.kid });
		expect(await refusal(der)).toMatchObject({ code: 'ID_TOKEN_BAD_SIGNATURE' });
	});

	it('refuses a token signed by another published key than its kid names', async () => {
		const otherRsa = makeSigningKey('RSA-2048');
		provider.publish([rsa, otherRsa]);
		expect(await refusal(signToken(claims(), { alg: 'RS256', key: otherRsa.privateKey }, { kid: rsa.kid }))).toMatchObject({ code: 'ID_TOKEN_BAD_SIGNATURE' });
	});

	it('refuses a key of under 2048 bits even when the JWKS publishes it', async () => {
		const weak = makeSigningKey('RSA-1024');
		provider.publish([rsa, weak]);
		const token = signToken(claims(), { alg: 'RS256', key: weak.privateKey }, { kid: weak.kid });
		expect(await refusal(token)).toMatchObject({ code: 'ID_TOKEN_KEY_REFUSED', message: expect.stringMatching(/1024 bits/) });
	});

	it('refuses keys published for another use or algorithm, and an EC key of another curve', async () => {
		const encryption = makeSigningKey('RSA-2048', { use: 'enc' });
		const forPs = makeSigningKey('RSA-2048', { alg: 'PS256' });
		const p384 = makeSigningKey('P-384');
		provider.publish([encryption, forPs, p384]);
		for (const [key, alg] of [[encryption, 'RS256'], [forPs, 'RS256'], [p384, 'ES256']] as const) {
			const token = signToken(claims(), { alg, key: key.privateKey } as never, { kid: key.kid });
			expect(await refusal(token)).toMatchObject({ code: 'ID_TOKEN_KEY_NOT_FOUND', httpStatus: 401 });
		}
	});

	it('refuses a token without kid when several keys fit', async () => {
		provider.publish([rsa, makeSigningKey('RSA-2048')]);
		expect(await refusal(rs256(claims(), {}))).toMatchObject({ code: 'ID_TOKEN_KEY_NOT_FOUND', message: expect.stringMatching(/matches 2 keys/) });
	});

	it.each([
		['another issuer', { iss: 'https://evil.example' }],
		['the issuer with a trailing slash', { iss: 'TRAILING' }],
		['no issuer', { iss: undefined }],
	])('refuses %s (ID_TOKEN_WRONG_ISSUER, quoted short)', async (_what, override) => {
		const iss = override.iss === 'TRAILING' ? `${provider.issuer}/` : override.iss;
		expect(await refusal(rs256(claims({ iss })))).toMatchObject({ code: 'ID_TOKEN_WRONG_ISSUER', httpStatus: 401, check: 'issuer' });
	});

	it('names the issuer check before fetching any key: a foreign token costs no request', async () => {
		await refusal(rs256(claims({ iss: 'https://other.example' }), { kid: 'unknown' }));
		expect(provider.fetches).not.toContain('/.well-known/jwks.json');
	});
});

describe('audience: aud must contain one; without aud, azp must be one (Clerk)', () => {
	const config = () => settings({ audience: 'client-123, https://shop.example' });
	it.each([
		['aud string', { aud: 'https://shop.example' }],
		['aud list with one of ours', { aud: ['other', 'client-123'] }],
		['no aud, azp ours', { aud: undefined, azp: 'https://shop.example' }],
	])('accepts %s', async (_what, override) => {
		expect(await verify(rs256(claims(override)), config())).toMatchObject({ email: 'ada@example.com' });
	});
	it.each([
		['aud foreign', { aud: 'someone-else' }],
		['aud foreign even with azp ours', { aud: 'someone-else', azp: 'client-123' }],
		['aud an empty list', { aud: [] }],
		['aud a number', { aud: 123 }],
		['no aud, azp foreign', { aud: undefined, azp: 'https://evil.example' }],
		['neither aud nor azp', { aud: undefined }],
	])('refuses %s', async (_what, override) => {
		expect(await refusal(rs256(claims(override)), config())).toMatchObject({ code: 'ID_TOKEN_WRONG_AUDIENCE', httpStatus: 401, check: 'audience' });
	});
});

describe('time: exp required and not past, nbf and iat not in the future, within the tolerance', () => {
	it.each([
		['exp 59 s ago (tolerance 60)', { exp: nowSeconds - 59 }],
		['nbf 60 s ahead', { nbf: nowSeconds + 60 }],
		['iat 60 s ahead', { iat: nowSeconds + 60 }],
	])('accepts %s', async (_what, override) => {
		expect(await verify(rs256(claims(override)))).toMatchObject({ email: 'ada@example.com' });
	});
	it.each([
		['exp 60 s ago', { exp: nowSeconds - 60 }, 'ID_TOKEN_EXPIRED', 'expiry'],
		['no exp', { exp: undefined }, 'ID_TOKEN_MALFORMED', 'expiry'],
		['exp as text', { exp: String(nowSeconds + 600) }, 'ID_TOKEN_MALFORMED', 'expiry'],
		['nbf 61 s ahead', { nbf: nowSeconds + 61 }, 'ID_TOKEN_NOT_YET_VALID', 'not-before'],
		['iat 61 s ahead', { iat: nowSeconds + 61 }, 'ID_TOKEN_NOT_YET_VALID', 'issued-at'],
	])('refuses %s', async (_what, override, code, check) => {
		expect(await refusal(rs256(claims(override)))).toMatchObject({ code, httpStatus: 401, check });
	});
	it('applies the credential\'s tolerance', async () => {
		expect(await refusal(rs256(claims({ exp: nowSeconds - 5 })), settings({ clockToleranceSeconds: 0 }))).toMatchObject({ code: 'ID_TOKEN_EXPIRED' });
	});
});

describe('email: from the configured claim, valid, and verified unless the credential says otherwise', () => {
	it.each([
		['no email claim', { email: undefined }, 'ID_TOKEN_NO_EMAIL'],
		['an email that is a number', { email: 42 }, 'ID_TOKEN_NO_EMAIL'],
		['an email that is not an address', { email: 'not an email' }, 'ID_TOKEN_NO_EMAIL'],
		['email_verified false', { email_verified: false }, 'ID_TOKEN_EMAIL_UNVERIFIED'],
		['no email_verified', { email_verified: undefined }, 'ID_TOKEN_EMAIL_UNVERIFIED'],
	])('refuses %s with 403', async (_what, override, code) => {
		expect(await refusal(rs256(claims(override)))).toMatchObject({ code, httpStatus: 403 });
	});
	it('accepts "true" as text (Cognito), and an unverified email when Require Verified Email is off', async () => {
		expect(await verify(rs256(claims({ email_verified: 'true' })))).toMatchObject({ email: 'ada@example.com' });
		expect(await verify(rs256(claims({ email_verified: undefined })), settings({ requireVerifiedEmail: false }))).toMatchObject({ email: 'ada@example.com' });
	});
	it('refuses a verified address with the Kelvin sign (U+212A) rather than taking it for the "k" address (403)', async () => {
		const failure = await refusal(rs256(claims({ email: '\u212Aate@example.com' })));
		expect(failure).toMatchObject({ code: 'ID_TOKEN_NO_EMAIL', httpStatus: 403, message: expect.stringContaining('U+212A') });
	});
	it('reads another claim when the credential names it (Auth0 namespaced claims)', async () => {
		const token = rs256(claims({ email: undefined, 'https://example.com/email': 'grace@example.com' }));
		expect(await verify(token, settings({ emailClaim: 'https://example.com/email', requireVerifiedEmail: false }))).toMatchObject({ email: 'grace@example.com' });
	});
});

describe('with a custom Email Claim, Require Verified Email checks the claim that belongs to it', () => {
	// "email_verified" is about "email": a token may carry a verified "email" beside an unverified custom address.
	const workEmail = (extra: Record<string, unknown>) => rs256(claims({ email: 'ada@example.com', email_verified: true, work_email: 'ceo@victim.example', ...extra }));

	it('without an Email Verified Claim the credential is refused, naming both fields, before any token is read', () => {
		const read = readLoginProvider({ issuer: provider.issuer, audience: 'client-123', emailClaim: 'work_email' });
		expect(read).toBeInstanceOf(Error);
		expect((read as Error).message).toContain('Email Claim is "work_email" and Require Verified Email is on, but no Email Verified Claim is given');
	});

	it('"email_verified": true does not vouch for "work_email"', async () => {
		const config = settings({ emailClaim: 'work_email', emailVerifiedClaim: 'work_email_verified' });
		expect(await refusal(workEmail({}), config)).toMatchObject({ code: 'ID_TOKEN_EMAIL_UNVERIFIED', httpStatus: 403 });
		expect(await refusal(workEmail({ work_email_verified: false }), config)).toMatchObject({ code: 'ID_TOKEN_EMAIL_UNVERIFIED' });
	});

	it('the named claim true (or "true") vouches for it', async () => {
		const config = settings({ emailClaim: 'work_email', emailVerifiedClaim: 'work_email_verified' });
		expect(await verify(workEmail({ work_email_verified: true }), config)).toMatchObject({ email: 'ceo@victim.example' });
		expect(await verify(workEmail({ work_email_verified: 'true' }), config)).toMatchObject({ email: 'ceo@victim.example' });
	});

	it('with the default Email Claim, a named Email Verified Claim replaces "email_verified"', async () => {
		const config = settings({ emailVerifiedClaim: 'https://example.com/verified' });
		expect(await refusal(rs256(claims({ email_verified: true })), config)).toMatchObject({ code: 'ID_TOKEN_EMAIL_UNVERIFIED' });
		expect(await verify(rs256(claims({ email_verified: false, 'https://example.com/verified': true })), config)).toMatchObject({ email: 'ada@example.com' });
	});

	it('a claim name the prototype knows ("constructor") is not read from the prototype', async () => {
		expect(await refusal(rs256(claims()), settings({ emailVerifiedClaim: 'constructor' }))).toMatchObject({ code: 'ID_TOKEN_EMAIL_UNVERIFIED' });
	});

	it('Require Verified Email off: the custom claim is taken as it is, and the Email Verified Claim ignored', async () => {
		const read = readLoginProvider({ issuer: provider.issuer, audience: 'client-123', emailClaim: 'work_email', requireVerifiedEmail: false, emailVerifiedClaim: 'x' });
		expect(read).toMatchObject({ requireVerifiedEmail: false, emailVerifiedClaim: undefined });
		expect(await verify(workEmail({}), read as LoginProvider)).toMatchObject({ email: 'ceo@victim.example' });
	});
});

describe('a shared secret: HS256/384/512 only, no JWKS', () => {
	const secret = 'a-supabase-legacy-jwt-secret-of-40-chars!';
	it.each(['HS256', 'HS384', 'HS512'] as const)('accepts %s signed with the secret', async (alg) => {
		const token = signToken(claims(), { alg, secret });
		expect(await verify(token, settings({ sharedSecret: secret }))).toMatchObject({ email: 'ada@example.com' });
		expect(provider.fetches).not.toContain('/.well-known/jwks.json');
	});
	it('refuses another secret and any public-key algorithm', async () => {
		const config = settings({ sharedSecret: secret });
		expect(await refusal(signToken(claims(), { alg: 'HS256', secret: `${secret}x` }), config)).toMatchObject({ code: 'ID_TOKEN_BAD_SIGNATURE' });
		expect(await refusal(rs256(), config)).toMatchObject({ code: 'ID_TOKEN_ALGORITHM_REFUSED', message: expect.stringMatching(/Shared Secret/) });
	});
});
