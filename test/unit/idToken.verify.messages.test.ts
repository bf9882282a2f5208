// What a refused ID token tells the person running the workflow: which check failed (the `check` word) and,
// in the message, the algorithm, key id or address involved, so they know what to fix. And when the keys
// are fetched: a known key costs no JWKS request while the published key set is fresh.
import { IdTokenFailure } from '../../nodes/HubspotVisitorIdentification/shared/idToken/failure';
import { forgetPublishedKeys, keyFetchesSettled } from '../../nodes/HubspotVisitorIdentification/shared/idToken/jwks';
import { readLoginProvider, type LoginProvider } from '../../nodes/HubspotVisitorIdentification/shared/idToken/loginProvider';
import { verifyIdToken } from '../../nodes/HubspotVisitorIdentification/shared/idToken/verifyIdToken';
import { LoginProviderStandIn, loopbackFetcher, makeSigningKey, signToken, type SigningKey } from '../support/login-provider';

const NOW = Date.parse('2026-11-24T08:00:00Z');
const MINUTE = 60_000;
const fetchDocument = loopbackFetcher();

let rsa: SigningKey;
let provider: LoginProviderStandIn;

beforeAll(async () => {
	rsa = makeSigningKey('RSA-2048');
	provider = await LoginProviderStandIn.start({ keys: [rsa] });
});
afterAll(async () => await provider.stop());
beforeEach(() => {
	forgetPublishedKeys();
	provider.publish([rsa]);
	provider.setOutage('none');
	provider.maxAgeSeconds = undefined;
	provider.fetches.length = 0;
});

function settings(overrides: Record<string, unknown> = {}): LoginProvider {
	const read = readLoginProvider({ issuer: provider.issuer, audience: 'client-123', algorithms: ['RS256', 'ES256'], ...overrides });
	if (read instanceof Error) throw read;
	return read;
}

function claims(now = NOW): Record<string, unknown> {
	const seconds = Math.floor(now / 1000);
	return { iss: provider.issuer, aud: 'client-123', sub: 'user-1', exp: seconds + 600, iat: seconds - 10, email: 'ada@example.com', email_verified: true };
}

function rs256(header: Record<string, unknown>, key: SigningKey = rsa, payload = claims()): string {
	return signToken(payload, { alg: 'RS256', key: key.privateKey }, header);
}

async function verify(token: unknown, config = settings(), now = NOW) {
	return await verifyIdToken(token, config, { fetchDocument, timeoutMs: 2000, now });
}

async function refusal(token: unknown, config = settings(), now = NOW): Promise<IdTokenFailure> {
	const result = await verify(token, config, now);
	if (!(result instanceof IdTokenFailure)) throw new Error(`expected a refusal, got ${JSON.stringify(result)}`);
	if (typeof token === 'string') {
		for (const part of token.split('.')) if (part.length >= 20) expect(result.message).not.toContain(part.slice(0, 20));
	}
	return result;
}

/** A published key without a "kid", as some providers with a single key publish it. */
function withoutKid(key: SigningKey): SigningKey {
	const { kid: _kid, ...jwk } = key.publicJwk;
	return { ...key, publicJwk: jwk };
}

describe('what the website must send', () => {
	it('no token: says none was sent and how the website sends one', async () => {
		const failure = await refusal(undefined);
		expect(failure).toMatchObject({ code: 'ID_TOKEN_MISSING', check: 'presence' });
		expect(failure.message).toContain('none was sent');
		expect(failure.message).toContain('"Authorization: Bearer <token>"');
	});
});

describe('the header', () => {
	it.each([
		['no "alg"', { alg: undefined }],
		['an empty "alg"', { alg: '' }],
	])('%s: says the header names no signing algorithm', async (_what, header) => {
		const failure = await refusal(rs256({ kid: rsa.kid, ...header }));
		expect(failure).toMatchObject({ code: 'ID_TOKEN_ALGORITHM_REFUSED', check: 'algorithm' });
		expect(failure.message).toContain('its header names no signing algorithm');
	});

	it('an algorithm the credential does not allow: quotes it and lists every allowed one', async () => {
		const token = signToken(claims(), { alg: 'PS256', key: rsa.privateKey }, { kid: rsa.kid });
		expect((await refusal(token)).message).toContain('it is signed with "PS256"; the credential allows RS256, ES256.');
	});

	it('"crit": names the header parameter and that the node does not implement it', async () => {
		const failure = await refusal(rs256({ kid: rsa.kid, crit: ['exp'], exp: 1 }));
		expect(failure.message).toContain('critical extensions ("crit")');
		expect(failure.message).toContain('does not implement');
	});
});

describe('choosing the key', () => {
	it('no kid and no published key for its algorithm: says so, with the algorithm and the JWKS address', async () => {
		const token = signToken(claims(), { alg: 'ES256', key: makeSigningKey('P-256').privateKey }, {});
		const failure = await refusal(token);
		expect(failure).toMatchObject({ code: 'ID_TOKEN_KEY_NOT_FOUND', check: 'key' });
		expect(failure.message).toContain(`it names no key id ("kid") and matches no key published for ES256 at ${provider.jwksUrl}.`);
	});

	it('no kid and several fitting keys: says the token names no kid and how many keys fit', async () => {
		provider.publish([rsa, makeSigningKey('RSA-2048')]);
		const failure = await refusal(rs256({}));
		expect(failure).toMatchObject({ code: 'ID_TOKEN_KEY_NOT_FOUND', check: 'key' });
		expect(failure.message).toContain('it names no key id ("kid") and matches 2 keys, so none can be chosen');
	});

	it('a kid that two published keys share: quotes the kid, says no key can be chosen, fetches the JWKS once', async () => {
		const twin = makeSigningKey('RSA-2048');
		provider.publish([rsa, { ...twin, kid: rsa.kid, publicJwk: { ...twin.publicJwk, kid: rsa.kid } }]);
		const failure = await refusal(rs256({ kid: rsa.kid }));
		expect(failure).toMatchObject({ code: 'ID_TOKEN_KEY_NOT_FOUND', check: 'key' });
		expect(failure.message).toContain(`its key id "${rsa.kid}" and matches 2 keys, so none can be chosen published for RS256 at ${provider.jwksUrl}.`);
		expect(provider.jwksFetches()).toBe(1);
	});

	it('a kid the provider does not publish: quotes the kid, the algorithm and the JWKS address', async () => {
		const failure = await refusal(rs256({ kid: 'rotated-away' }, makeSigningKey('RSA-2048')));
		expect(failure).toMatchObject({ code: 'ID_TOKEN_KEY_NOT_FOUND', check: 'key' });
		expect(failure.message).toContain(`its key id "rotated-away" matches no key published for RS256 at ${provider.jwksUrl}.`);
	});

	it('a kid not among the keys known while new keys cannot be fetched: 503, the kid and the fetch problem', async () => {
		expect(await verify(rs256({ kid: rsa.kid }))).toMatchObject({ email: 'ada@example.com' });
		provider.setOutage('error-503');
		const later = NOW + 2 * MINUTE;
		const failure = await refusal(rs256({ kid: 'just-rotated-in' }, rsa, claims(later)), settings(), later);
		expect(failure).toMatchObject({ code: 'ID_TOKEN_KEYS_UNAVAILABLE', httpStatus: 503, check: 'keys' });
		expect(failure.message).toContain('its key id "just-rotated-in" is not among the keys known, and new keys could not be fetched:');
		expect(failure.message).toContain(`${provider.jwksUrl} answered HTTP 503`);
	});

	it('keys that cannot be had at all: 503, named as the keys check', async () => {
		provider.setOutage('error-503');
		const failure = await refusal(rs256({ kid: rsa.kid }));
		expect(failure).toMatchObject({ code: 'ID_TOKEN_KEYS_UNAVAILABLE', httpStatus: 503, check: 'keys' });
		expect(failure.message).toContain("the login provider's keys could not be had:");
	});
});

describe('a published key that cannot check the signature', () => {
	it('is quoted by its kid', async () => {
		const weak = makeSigningKey('RSA-1024');
		provider.publish([rsa, weak]);
		const failure = await refusal(rs256({ kid: weak.kid }, weak));
		expect(failure).toMatchObject({ code: 'ID_TOKEN_KEY_REFUSED', check: 'key' });
		expect(failure.message).toContain(`the key "${weak.kid}" cannot check RS256 signatures: `);
	});

	it('without a kid is called "without id"', async () => {
		const weak = withoutKid(makeSigningKey('RSA-1024'));
		provider.publish([weak]);
		const failure = await refusal(rs256({}, weak));
		expect(failure).toMatchObject({ code: 'ID_TOKEN_KEY_REFUSED', check: 'key' });
		expect(failure.message).toContain('the key "without id" cannot check RS256 signatures: ');
	});
});

describe('a signature that does not match', () => {
	it('with the published key: names the algorithm and what it means', async () => {
		const failure = await refusal(rs256({ kid: rsa.kid }, makeSigningKey('RSA-2048')));
		expect(failure).toMatchObject({ code: 'ID_TOKEN_BAD_SIGNATURE', check: 'signature' });
		expect(failure.message).toContain("its RS256 signature does not match the login provider's key: it was forged, altered or signed by someone else.");
	});

	it("with the Shared Secret: names the algorithm and the credential's Shared Secret", async () => {
		const secret = 'a-supabase-legacy-jwt-secret-of-40-chars!';
		const token = signToken(claims(), { alg: 'HS384', secret: `${secret}-not-quite` });
		const failure = await refusal(token, settings({ sharedSecret: secret }));
		expect(failure).toMatchObject({ code: 'ID_TOKEN_BAD_SIGNATURE', check: 'signature' });
		expect(failure.message).toContain("its HS384 signature does not match the credential's Shared Secret.");
	});
});

describe('fetching only what is stale', () => {
	it('when only the discovery document went stale, a known kid refreshes that document (beside the visit) and not the fresh JWKS', async () => {
		provider.maxAgeSeconds = 24 * 60 * 60;
		expect(await verify(rs256({ kid: rsa.kid }))).toMatchObject({ email: 'ada@example.com' });
		provider.fetches.length = 0;
		// The discovery document (no Cache-Control) is fresh for an hour, the JWKS for a day.
		const later = NOW + 61 * MINUTE;
		expect(await verify(rs256({ kid: rsa.kid }, rsa, claims(later)), settings(), later)).toMatchObject({ email: 'ada@example.com' });
		await keyFetchesSettled();
		expect(provider.fetches).toEqual(['/.well-known/openid-configuration']);
	});
});
