import { freshnessOf } from '../../nodes/HubspotVisitorIdentification/shared/idToken/documents';
import { IdTokenFailure } from '../../nodes/HubspotVisitorIdentification/shared/idToken/failure';
import { forgetPublishedKeys, keyFetchesSettled } from '../../nodes/HubspotVisitorIdentification/shared/idToken/jwks';
import { readLoginProvider, type LoginProvider } from '../../nodes/HubspotVisitorIdentification/shared/idToken/loginProvider';
import { verifyIdToken } from '../../nodes/HubspotVisitorIdentification/shared/idToken/verifyIdToken';
import { LoginProviderStandIn, loopbackFetcher, makeSigningKey, signToken, type SigningKey } from '../support/login-provider';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const START = Date.parse('2026-11-24T08:00:00Z');
const fetchDocument = loopbackFetcher(500);

let key: SigningKey;
let provider: LoginProviderStandIn;

beforeAll(async () => {
	key = makeSigningKey('RSA-2048');
	provider = await LoginProviderStandIn.start({ keys: [key] });
});
afterAll(async () => await provider.stop());
beforeEach(() => {
	forgetPublishedKeys();
	provider.publish([key]);
	provider.setOutage('none');
	provider.releaseHeld();
	provider.maxAgeSeconds = undefined;
	provider.fetches.length = 0;
});
afterEach(async () => {
	provider.setOutage('none');
	provider.releaseHeld();
	await keyFetchesSettled();
});

function settings(overrides: Record<string, unknown> = {}): LoginProvider {
	const read = readLoginProvider({ issuer: provider.issuer, audience: 'client-123', ...overrides });
	if (read instanceof Error) throw read;
	return read;
}

/** A token valid at `now` (its exp follows the clock), signed by `signer`. */
function tokenAt(now: number, signer: SigningKey = key): string {
	const seconds = Math.floor(now / 1000);
	return signToken({ iss: provider.issuer, aud: 'client-123', sub: 'u1', exp: seconds + 600, email: 'ada@example.com', email_verified: true }, { alg: 'RS256', key: signer.privateKey }, { kid: signer.kid });
}

async function verifyAt(now: number, signer: SigningKey = key, config = settings()) {
	return await verifyIdToken(tokenAt(now, signer), config, { fetchDocument, timeoutMs: 500, now });
}

/** A few turns of the event loop: long enough for anything that does not wait on the network to finish. */
async function ticks(): Promise<'still waiting'> {
	for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
	return 'still waiting';
}

async function expectAccepted(now: number, signer: SigningKey = key): Promise<void> {
	const result = await verifyAt(now, signer);
	if (result instanceof IdTokenFailure) throw result;
	expect(result.email).toBe('ada@example.com');
}

describe('Cache-Control max-age is honoured within 5 minutes to 24 hours (1 hour without one)', () => {
	it.each([
		[undefined, HOUR],
		['max-age=600', 10 * MINUTE],
		['public, max-age=10', 5 * MINUTE],
		['max-age=172800', 24 * HOUR],
		['no-store', 5 * MINUTE],
		['no-cache, max-age=3600', 5 * MINUTE],
		['private', HOUR],
	])('%s → fresh for %d ms', (header, expected) => {
		expect(freshnessOf(header)).toBe(expected);
	});

	it('fetches the JWKS once per max-age, not per request', async () => {
		provider.maxAgeSeconds = 600;
		for (let minute = 0; minute < 10; minute++) await expectAccepted(START + minute * MINUTE);
		expect(provider.jwksFetches()).toBe(1);
		expect(provider.discoveryFetches()).toBe(1);
		await expectAccepted(START + 10 * MINUTE);
		await keyFetchesSettled();
		expect(provider.jwksFetches()).toBe(2);
	});

	it('asks a provider that sends no Cache-Control once an hour', async () => {
		await expectAccepted(START);
		await expectAccepted(START + HOUR - 1);
		expect(provider.jwksFetches()).toBe(1);
		await expectAccepted(START + HOUR);
		await keyFetchesSettled();
		expect(provider.jwksFetches()).toBe(2);
	});
});

describe('concurrent verifications share one fetch', () => {
	it('50 visitors at once on a cold cache cost one discovery and one JWKS request', async () => {
		const results = await Promise.all(Array.from({ length: 50 }, () => verifyAt(START)));
		expect(results.filter((result) => result instanceof IdTokenFailure)).toEqual([]);
		expect(provider.discoveryFetches()).toBe(1);
		expect(provider.jwksFetches()).toBe(1);
	});
});

describe('key rotation: an unknown kid refetches at most every 10 seconds per URL', () => {
	it('picks up a key the provider rotated in', async () => {
		await expectAccepted(START);
		const next = makeSigningKey('RSA-2048');
		provider.publish([key, next]);
		await expectAccepted(START + 2 * MINUTE, next);
		expect(provider.jwksFetches()).toBe(2);
	});

	it('does not let forged key ids turn into requests: one refetch per 10 seconds, then 401', async () => {
		await expectAccepted(START);
		const stranger = makeSigningKey('RSA-2048');
		const first = await verifyAt(START + 2 * MINUTE, stranger);
		expect(first).toMatchObject({ code: 'ID_TOKEN_KEY_NOT_FOUND', httpStatus: 401 });
		for (let second = 1; second < 10; second++) expect(await verifyAt(START + 2 * MINUTE + second * 1000, stranger)).toMatchObject({ code: 'ID_TOKEN_KEY_NOT_FOUND' });
		expect(provider.jwksFetches()).toBe(2);
		await verifyAt(START + 2 * MINUTE + 10_000, stranger);
		expect(provider.jwksFetches()).toBe(3);
		// A minute of forged key ids, one a second: 6 requests, what jwks-rsa (Auth0's library) allows is 10.
		for (let second = 11; second <= 70; second++) await verifyAt(START + 2 * MINUTE + second * 1000, stranger);
		expect(provider.jwksFetches()).toBe(9);
	});

	it('a forged kid just before a real rotation delays the new key\'s genuine tokens by at most 10 seconds', async () => {
		await expectAccepted(START);
		const forgedAt = START + 2 * MINUTE;
		expect(await verifyAt(forgedAt, makeSigningKey('RSA-2048'))).toMatchObject({ code: 'ID_TOKEN_KEY_NOT_FOUND' });
		const next = makeSigningKey('RSA-2048');
		provider.publish([key, next]);
		expect(await verifyAt(forgedAt + 5_000, next)).toMatchObject({ code: 'ID_TOKEN_KEY_NOT_FOUND' });
		await expectAccepted(forgedAt + 10_000, next);
		expect(provider.jwksFetches()).toBe(3);
	});

	it.each([
		['another issuer', { iss: 'https://evil.example' }, 'ID_TOKEN_WRONG_ISSUER'],
		['another audience', { aud: 'someone-else' }, 'ID_TOKEN_WRONG_AUDIENCE'],
		['expired', { exp: Math.floor(START / 1000) - 3600 }, 'ID_TOKEN_EXPIRED'],
		['not yet valid', { nbf: Math.floor(START / 1000) + 3600 }, 'ID_TOKEN_NOT_YET_VALID'],
	])('a token %s with a forged kid is refused for that and starts no fetch, cold or warm', async (_what, override, code) => {
		const stranger = makeSigningKey('RSA-2048');
		const seconds = Math.floor(START / 1000);
		const forged = () => signToken({ iss: provider.issuer, aud: 'client-123', sub: 'u1', exp: seconds + 600, email: 'ada@example.com', email_verified: true, ...override }, { alg: 'RS256', key: stranger.privateKey }, { kid: 'forged' });
		const source = (now: number) => ({ fetchDocument, timeoutMs: 500, now });
		expect(await verifyIdToken(forged(), settings(), source(START))).toMatchObject({ code, httpStatus: 401 });
		expect(provider.fetches).toEqual([]);
		await expectAccepted(START);
		const before = provider.fetches.length;
		expect(await verifyIdToken(forged(), settings(), source(START + MINUTE))).toMatchObject({ code });
		expect(provider.fetches).toHaveLength(before);
	});
});

describe('a key refresh never makes a visitor wait while usable keys are at hand', () => {
	it('stale keys answer at once while one refresh runs beside; once it answers, the rotated-in key works without a request', async () => {
		await expectAccepted(START);
		const next = makeSigningKey('RSA-2048');
		provider.publish([key, next]);
		provider.setOutage('hang');
		// An hour on, both documents are stale (no Cache-Control): the visitor does not wait for the hung refresh.
		expect(await Promise.race([verifyAt(START + HOUR), ticks()])).toMatchObject({ email: 'ada@example.com' });
		const crowd = await Promise.race([Promise.all(Array.from({ length: 50 }, () => verifyAt(START + HOUR + 1000))), ticks()]);
		expect(crowd).toHaveLength(50);
		expect((crowd as unknown[]).filter((result) => result instanceof IdTokenFailure)).toEqual([]);
		await ticks();
		// One refresh at a time per document, however many visitors found it stale.
		expect(provider.discoveryFetches()).toBe(2);
		expect(provider.jwksFetches()).toBe(2);
		provider.setOutage('none');
		provider.releaseHeld();
		await keyFetchesSettled();
		const fetchesBefore = provider.fetches.length;
		await expectAccepted(START + HOUR + 2000, next);
		expect(provider.fetches).toHaveLength(fetchesBefore);
	});

	it('a refresh that fails is recorded (retried a minute later), and the stale keys go on being used', async () => {
		await expectAccepted(START);
		provider.setOutage('error-503');
		await expectAccepted(START + HOUR);
		await keyFetchesSettled();
		await expectAccepted(START + HOUR + 59_000);
		await keyFetchesSettled();
		expect(provider.jwksFetches()).toBe(2);
		await expectAccepted(START + HOUR + MINUTE);
		await keyFetchesSettled();
		expect(provider.jwksFetches()).toBe(3);
	});

	it('keys past the hard limit (24 hours after going stale) are not used: the visitor waits for new ones', async () => {
		await expectAccepted(START);
		const next = makeSigningKey('RSA-2048');
		provider.publish([next]);
		// The old key is no longer published; the copy that still has it is too old to be trusted.
		const late = START + 25 * HOUR;
		expect(await verifyAt(late)).toMatchObject({ code: 'ID_TOKEN_KEY_NOT_FOUND' });
		await expectAccepted(late + 1, next);
	});
});

describe('an outage of the login provider does not take the chat down', () => {
	it('keeps using the last keys for up to 24 hours after they went stale, asking at most once a minute', async () => {
		await expectAccepted(START);
		provider.setOutage('error-503');
		await expectAccepted(START + HOUR);
		await expectAccepted(START + HOUR + 30_000);
		await keyFetchesSettled();
		expect(provider.jwksFetches()).toBe(2);
		await expectAccepted(START + HOUR + MINUTE);
		await keyFetchesSettled();
		expect(provider.jwksFetches()).toBe(3);
		await expectAccepted(START + 25 * HOUR - 1);
		await keyFetchesSettled();
		const after = await verifyAt(START + 25 * HOUR);
		expect(after).toMatchObject({ code: 'ID_TOKEN_KEYS_UNAVAILABLE', httpStatus: 503, message: expect.stringMatching(/answered HTTP 503/) });
	});

	it('recovers as soon as the provider answers again', async () => {
		await expectAccepted(START);
		provider.setOutage('error-503');
		await expectAccepted(START + HOUR);
		await keyFetchesSettled();
		provider.setOutage('none');
		await expectAccepted(START + HOUR + MINUTE);
		await keyFetchesSettled();
		expect(provider.jwksFetches()).toBe(3);
		await expectAccepted(START + 2 * HOUR);
		expect(provider.jwksFetches()).toBe(3);
	});

	it.each([
		['error-503', /answered HTTP 503/],
		['hang', /no answer within 0 seconds|no answer within 1 seconds/],
		['not-json', /did not answer with a JSON object/],
		['huge', /more than the 1 MB/],
		['redirect', /a redirect to http:\/\/keys\.example\.com/],
	] as const)('with no keys yet, %s is a 503 that says what went wrong', async (outage, reason) => {
		provider.setOutage(outage);
		expect(await verifyAt(START)).toMatchObject({ code: 'ID_TOKEN_KEYS_UNAVAILABLE', httpStatus: 503, message: expect.stringMatching(reason) });
	});

	it('with no keys at all, asks again after 10 seconds, not before', async () => {
		provider.setOutage('error-503');
		expect(await verifyAt(START)).toMatchObject({ code: 'ID_TOKEN_KEYS_UNAVAILABLE' });
		provider.setOutage('none');
		expect(await verifyAt(START + 9_999)).toMatchObject({ code: 'ID_TOKEN_KEYS_UNAVAILABLE' });
		expect(provider.fetches).toEqual(['/.well-known/openid-configuration']);
		await expectAccepted(START + 10_000);
		expect(provider.fetches).toEqual(['/.well-known/openid-configuration', '/.well-known/openid-configuration', '/.well-known/jwks.json']);
	});

	it('a rotated key during an outage is a 503, not a 401: the token may be fine', async () => {
		await expectAccepted(START);
		provider.setOutage('error-503');
		expect(await verifyAt(START + 2 * MINUTE, makeSigningKey('RSA-2048'))).toMatchObject({ code: 'ID_TOKEN_KEYS_UNAVAILABLE', httpStatus: 503 });
	});
});

describe('discovery and transport rules', () => {
	it('uses the configured JWKS URL without discovery', async () => {
		await verifyAt(START, key, settings({ jwksUrl: provider.jwksUrl }));
		expect(provider.fetches).toEqual(['/.well-known/jwks.json']);
	});

	it.each([
		[{ issuer: 'http://login.example.com' }, /must start with https:\/\//],
		[{ jwksUrl: 'http://10.0.0.5/jwks.json' }, /JWKS URL must start with https:\/\//],
		[{ jwksUrl: 'https://user:pw@login.example.com/jwks.json' }, /user name, password/],
		[{ audience: ' , ' }, /no Audience/],
		[{ algorithms: ['RS256', 'none'] }, /"none"/],
		[{ algorithms: 7 }, /allows no Algorithms/],
		[{ sharedSecret: 'short' }, /at least 32/],
		[{ clockToleranceSeconds: 3600 }, /Clock Tolerance/],
	])('refuses the credential %j', (overrides, problem) => {
		const read = readLoginProvider({ issuer: 'https://login.example.com/', audience: 'client-123', ...overrides });
		expect(read).toBeInstanceOf(Error);
		expect((read as Error).message).toMatch(problem);
	});

	it('accepts http only for this machine, and a shared secret with any issuer', () => {
		expect(readLoginProvider({ issuer: 'http://127.0.0.1:9999', audience: 'a' })).not.toBeInstanceOf(Error);
		expect(readLoginProvider({ issuer: 'supabase', audience: 'authenticated', sharedSecret: 'x'.repeat(32) })).not.toBeInstanceOf(Error);
	});
});
