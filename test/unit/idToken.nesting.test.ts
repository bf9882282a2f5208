// Deeply nested JSON from outside: a token's header or payload, or a key document, may nest
// arrays thousands of levels deep within its size limit. V8's JSON.parse copes; JSON.stringify and String()
// of an array recurse and throw "Maximum call stack size exceeded", which used to escape the verifier and
// fail the whole execution. Such a token is ID_TOKEN_MALFORMED, and nothing recursive runs on what it holds.
import { parseCompactToken } from '../../nodes/HubspotVisitorIdentification/shared/idToken/compactToken';
import { loadDocument, MAX_DOCUMENT_BYTES, type DocumentFetcher } from '../../nodes/HubspotVisitorIdentification/shared/idToken/documents';
import { IdTokenFailure, quoteClaim } from '../../nodes/HubspotVisitorIdentification/shared/idToken/failure';
import { forgetPublishedKeys } from '../../nodes/HubspotVisitorIdentification/shared/idToken/jwks';
import { PublishedKey } from '../../nodes/HubspotVisitorIdentification/shared/idToken/keys';
import { readLoginProvider, type LoginProvider } from '../../nodes/HubspotVisitorIdentification/shared/idToken/loginProvider';
import { verifyIdToken } from '../../nodes/HubspotVisitorIdentification/shared/idToken/verifyIdToken';
import { encodeSegment, makeSigningKey, signToken, type SigningKey } from '../support/login-provider';

const NOW = Date.parse('2026-11-24T08:00:00Z');
const ISSUER = 'https://login.example.com/';
const JWKS_URL = 'https://login.example.com/jwks';

/** `[[[…]]]`, `levels` deep, as JSON text: built by hand, since JSON.stringify itself would overflow. */
function nestedList(levels: number): string {
	return `${'['.repeat(levels)}${']'.repeat(levels)}`;
}

/** A JSON value that deep, parsed (JSON.parse does not recurse). */
function deepValue(levels: number): unknown {
	return JSON.parse(nestedList(levels));
}

function settings(): LoginProvider {
	const read = readLoginProvider({ issuer: ISSUER, audience: 'client-123', jwksUrl: JWKS_URL });
	if (read instanceof Error) throw read;
	return read;
}

let key: SigningKey;
const fetched: string[] = [];
/** Publishes `key` at JWKS_URL; counts the fetches. */
const fetchDocument: DocumentFetcher = async (url) => {
	fetched.push(url);
	return { statusCode: 200, headers: {}, body: Buffer.from(JSON.stringify({ keys: [key.publicJwk] })) };
};

beforeAll(() => {
	key = makeSigningKey('RSA-2048');
});
beforeEach(() => {
	forgetPublishedKeys();
	fetched.length = 0;
});

const seconds = Math.floor(NOW / 1000);
const goodClaims = `"aud":"client-123","sub":"u1","exp":${seconds + 600},"email":"ada@example.com","email_verified":true`;

describe('a token nested deeper than any login provider writes is malformed, whatever the nesting holds', () => {
	it('an unsigned token of about 12 KB whose "iss" nests 5,500 lists: 401 ID_TOKEN_MALFORMED, no stack overflow', async () => {
		const token = `${encodeSegment({ alg: 'none', typ: 'JWT' })}.${encodeSegment(`{"iss":${nestedList(5500)},${goodClaims}}`)}.`;
		expect(token.length).toBeGreaterThan(12_000);
		expect(token.length).toBeLessThan(16 * 1024);
		const result = await verifyIdToken(token, settings(), { fetchDocument, timeoutMs: 1000, now: NOW });
		expect(result).toBeInstanceOf(IdTokenFailure);
		expect(result).toMatchObject({ code: 'ID_TOKEN_MALFORMED', httpStatus: 401, check: 'format' });
		expect((result as IdTokenFailure).message).toContain('the payload nests 5501 levels deep; at most 32 are accepted.');
	});

	it('a token whose "kid" nests 5,000 lists: 401 ID_TOKEN_MALFORMED, and no key is fetched for it', async () => {
		const header = `{"alg":"RS256","kid":${nestedList(5000)}}`;
		const token = signToken(`{"iss":"${ISSUER}",${goodClaims}}`, { alg: 'RS256', key: key.privateKey }, {});
		const forged = `${encodeSegment(header)}.${token.split('.')[1]}.${token.split('.')[2]}`;
		expect(forged.length).toBeLessThan(16 * 1024);
		const result = await verifyIdToken(forged, settings(), { fetchDocument, timeoutMs: 1000, now: NOW });
		expect(result).toMatchObject({ code: 'ID_TOKEN_MALFORMED', httpStatus: 401, message: expect.stringContaining('the header nests 5001 levels deep') });
		expect(fetched).toEqual([]);
	});

	it('32 levels are accepted, 33 are not; brackets inside strings do not count', () => {
		const nested = (levels: number) => `{"iss":"${ISSUER}","deep":${nestedList(levels - 1)},"text":"[[[[{{{{"}`;
		const header = encodeSegment({ alg: 'RS256' });
		expect(parseCompactToken(`${header}.${encodeSegment(nested(32))}.`)).not.toBeInstanceOf(IdTokenFailure);
		expect(parseCompactToken(`${header}.${encodeSegment(nested(33))}.`)).toMatchObject({ code: 'ID_TOKEN_MALFORMED', message: expect.stringContaining('nests 33 levels deep') });
		const escapedQuote = `{"iss":"a\\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[","n":[[1]]}`;
		expect(parseCompactToken(`${header}.${encodeSegment(escapedQuote)}.`)).not.toBeInstanceOf(IdTokenFailure);
	});

	it('a genuine token with a few levels of custom claims (Hasura, Auth0 app_metadata) is still accepted', async () => {
		const claims = { iss: ISSUER, aud: 'client-123', sub: 'u1', exp: seconds + 600, email: 'ada@example.com', email_verified: true, 'https://hasura.io/jwt/claims': { 'x-hasura-allowed-roles': ['user', ['nested', { deeper: [1] }]] } };
		const token = signToken(claims, { alg: 'RS256', key: key.privateKey }, { kid: key.kid });
		expect(await verifyIdToken(token, settings(), { fetchDocument, timeoutMs: 1000, now: NOW })).toMatchObject({ email: 'ada@example.com' });
	});
});

describe('quoting a value from outside never recurses', () => {
	it('a list nested 100,000 deep is quoted to 80 characters', () => {
		const quoted = quoteClaim(deepValue(100_000));
		expect(quoted).toBe(JSON.stringify(`${'['.repeat(77)}...`));
	});

	it('an object nested 100,000 deep is quoted to 80 characters', () => {
		const quoted = quoteClaim(JSON.parse(`${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`));
		expect(quoted).toBe(JSON.stringify(`${'{"a":'.repeat(16).slice(0, 77)}...`));
	});

	it('short values read exactly as JSON.stringify writes them', () => {
		const value = { a: [1, 'two', null, true, { b: [] }], 'c"d': {} };
		expect(quoteClaim(value)).toBe(JSON.stringify(JSON.stringify(value)));
	});
});

describe('a key document nested deep cannot break the verifier either', () => {
	it('a published key whose "kid" nests 100,000 lists and which carries its private part: refused by name, no stack overflow', async () => {
		const { d } = key.privateKey.export({ format: 'jwk' });
		const jwks = `{"keys":[{"kty":"RSA","n":"${key.publicJwk.n as string}","e":"AQAB","d":"${d as string}","kid":${nestedList(100_000)}}]}`;
		const deepFetcher: DocumentFetcher = async () => ({ statusCode: 200, headers: {}, body: Buffer.from(jwks) });
		const token = signToken({ iss: ISSUER, aud: 'client-123', exp: seconds + 600, email: 'ada@example.com', email_verified: true }, { alg: 'RS256', key: key.privateKey }, {});
		const result = await verifyIdToken(token, settings(), { fetchDocument: deepFetcher, timeoutMs: 1000, now: NOW });
		expect(result).toMatchObject({ code: 'ID_TOKEN_KEY_REFUSED', message: expect.stringContaining(`the key "${'['.repeat(77)}..." cannot check RS256 signatures: the JWKS publishes it with its private part.`) });
	});

	it('a key type that is a deep list is named short, without recursion', () => {
		expect(new PublishedKey({ kty: deepValue(100_000) }).keyFor('RS256')).toEqual(expect.stringContaining(`its key type "${'['.repeat(77)}..." is not one this node checks`));
	});

	it('a body the HTTP helper already parsed, nested 100,000 deep and over 1 MB, is measured without recursion and refused', async () => {
		const body = { keys: [], pad: deepValue(100_000), more: 'x'.repeat(MAX_DOCUMENT_BYTES) };
		const problem = await loadDocument(JWKS_URL, async () => ({ statusCode: 200, headers: {}, body }), 1000);
		expect(problem).toEqual(expect.stringContaining('more than the 1 MB a key document may have'));
	});
});
