import type { DocumentFetcher, FetchedDocument } from '../../nodes/HubspotVisitorIdentification/shared/idToken/documents';
import { discoveryUrlOf, forgetPublishedKeys, keyFetchesSettled, keysAtHand, publishedKeys, readDiscovery } from '../../nodes/HubspotVisitorIdentification/shared/idToken/jwks';
import { makeSigningKey, type SigningKey } from '../support/login-provider';

// Where the keys come from: the credential's JWKS URL, or the one the issuer's discovery document names.

const MINUTE = 60_000;
const START = Date.parse('2026-11-24T08:00:00Z');
const ISSUER = 'https://login.example.com';
const DISCOVERY = `${ISSUER}/.well-known/openid-configuration`;
const JWKS = `${ISSUER}/keys`;

let key: SigningKey;

beforeAll(() => {
	key = makeSigningKey('RSA-2048');
});
beforeEach(() => forgetPublishedKeys());

/** A provider that answers each URL from `documents` (404 otherwise), with max-age=600, and logs each fetch. */
function providerAnswering(documents: Record<string, unknown>) {
	const fetched: string[] = [];
	const fetchDocument: DocumentFetcher = async (url) => {
		fetched.push(url);
		const document = documents[url];
		const response: FetchedDocument =
			document === undefined ? { statusCode: 404, headers: {}, body: Buffer.from('') } : { statusCode: 200, headers: { 'cache-control': 'max-age=600' }, body: Buffer.from(JSON.stringify(document)) };
		return response;
	};
	return { fetched, fetchDocument };
}

describe('discoveryUrlOf (OpenID Connect Discovery §4)', () => {
	it.each([
		[ISSUER, DISCOVERY],
		[`${ISSUER}/`, DISCOVERY],
		[`${ISSUER}//`, DISCOVERY],
		['https://tenant.example.com/realms/shop/', 'https://tenant.example.com/realms/shop/.well-known/openid-configuration'],
	])('%s → %s', (issuer, expected) => {
		expect(discoveryUrlOf(issuer)).toBe(expected);
	});
});

describe('readDiscovery', () => {
	it('takes the JWKS address the discovery document names', () => {
		expect(readDiscovery({ issuer: ISSUER, jwks_uri: JWKS })).toEqual({ jwksUrl: JWKS });
	});

	it('without a jwks_uri it says to enter the JWKS URL in the credential', () => {
		const problem = readDiscovery({ issuer: ISSUER });
		expect(problem).toEqual(expect.stringContaining('"jwks_uri"'));
		expect(problem).toEqual(expect.stringContaining('enter the JWKS URL in the credential'));
	});

	it('a plain-http JWKS address elsewhere is refused, and the message says it came from the discovery document', () => {
		const problem = readDiscovery({ issuer: ISSUER, jwks_uri: 'http://login.example.com/keys' });
		expect(problem).toEqual(expect.stringContaining('JWKS address in the discovery document'));
		expect(problem).toEqual(expect.stringContaining('https://'));
	});
});

describe('publishedKeys and keysAtHand', () => {
	it('follows discovery to the JWKS, and then serves both from memory while fresh', async () => {
		const { fetched, fetchDocument } = providerAnswering({ [DISCOVERY]: { jwks_uri: JWKS }, [JWKS]: { keys: [key.publicJwk] } });
		const answer = await publishedKeys(ISSUER, undefined, { fetchDocument, timeoutMs: 2000, now: START });
		expect(answer.keys?.map((published) => published.kid)).toEqual([key.kid]);
		expect(answer).toMatchObject({ jwksUrl: JWKS });
		expect(keysAtHand(ISSUER, undefined, { fetchDocument, timeoutMs: 2000, now: START + 5 * MINUTE })).toMatchObject({ jwksUrl: JWKS });
		expect(fetched).toEqual([DISCOVERY, JWKS]);
		// Stale: still at hand, and both documents refreshed beside the caller.
		expect(keysAtHand(ISSUER, undefined, { fetchDocument, timeoutMs: 2000, now: START + 10 * MINUTE })).toMatchObject({ jwksUrl: JWKS });
		await keyFetchesSettled();
		expect(fetched).toEqual([DISCOVERY, JWKS, DISCOVERY, JWKS]);
	});

	it('with a JWKS URL in the credential there is no discovery, and keysAtHand serves that JWKS', async () => {
		const { fetched, fetchDocument } = providerAnswering({ [JWKS]: { keys: [key.publicJwk] } });
		const answer = await publishedKeys(ISSUER, JWKS, { fetchDocument, timeoutMs: 2000, now: START });
		expect(answer.problem).toBeUndefined();
		const fresh = keysAtHand(ISSUER, JWKS, { fetchDocument, timeoutMs: 2000, now: START + MINUTE });
		expect(fresh?.jwksUrl).toBe(JWKS);
		expect(fresh?.keys.map((published) => published.kid)).toEqual([key.kid]);
		expect(fetched).toEqual([JWKS]);
	});

	it('a later call without refresh does not refetch a fresh JWKS, even more than a minute on', async () => {
		const { fetched, fetchDocument } = providerAnswering({ [JWKS]: { keys: [key.publicJwk] } });
		await publishedKeys(ISSUER, JWKS, { fetchDocument, timeoutMs: 2000, now: START });
		await publishedKeys(ISSUER, JWKS, { fetchDocument, timeoutMs: 2000, now: START + 3 * MINUTE });
		expect(fetched).toEqual([JWKS]);
		await publishedKeys(ISSUER, JWKS, { fetchDocument, timeoutMs: 2000, now: START + 4 * MINUTE }, true);
		expect(fetched).toEqual([JWKS, JWKS]);
	});

	it('a document without a "keys" list is named as not a JWKS', async () => {
		const { fetchDocument } = providerAnswering({ [JWKS]: { issuer: ISSUER } });
		const answer = await publishedKeys(ISSUER, JWKS, { fetchDocument, timeoutMs: 2000, now: START });
		expect(answer.problem).toEqual(expect.stringContaining(`${JWKS}: it is not a JWKS`));
		expect(answer.problem).toEqual(expect.stringContaining('"keys" list'));
	});

	it('a discovery document without jwks_uri is the problem, and no JWKS is fetched', async () => {
		const { fetched, fetchDocument } = providerAnswering({ [DISCOVERY]: { issuer: ISSUER } });
		const answer = await publishedKeys(ISSUER, undefined, { fetchDocument, timeoutMs: 2000, now: START });
		expect(answer.problem).toEqual(expect.stringContaining(DISCOVERY));
		expect(answer.problem).toEqual(expect.stringContaining('enter the JWKS URL in the credential'));
		expect(fetched).toEqual([DISCOVERY]);
	});
});
