// The Visitor Login Provider credential's Test button, for the answers test/unit/idToken.credentialTest.test.ts
// does not reach: a discovery document without a JWKS address, a JWKS URL that cannot be read or is no JWKS,
// and a JWKS URL entered by hand. The provider's web server is stood in for by a table of documents, so each
// test says exactly what the provider publishes and sees exactly what was fetched.
import type { DocumentFetcher, FetchedDocument } from '../../nodes/HubspotVisitorIdentification/shared/idToken/documents';
import { testLoginProviderCredential } from '../../nodes/HubspotVisitorIdentification/shared/idToken/credentialCheck';
import { makeSigningKey } from '../support/login-provider';

const issuer = 'https://login.example.com/';
const discoveryUrl = 'https://login.example.com/.well-known/openid-configuration';
const jwksUrl = 'https://login.example.com/keys/jwks.json';

/** A provider publishing these documents (JSON, 200); any other address answers 404. Records what was asked for. */
function provider(documents: Record<string, unknown>, answers: Record<string, FetchedDocument> = {}) {
	const fetched: string[] = [];
	const fetchDocument: DocumentFetcher = async (url) => {
		fetched.push(url);
		if (answers[url]) return answers[url];
		if (url in documents) return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(documents[url]) };
		return { statusCode: 404, headers: {}, body: 'Not found' };
	};
	return { fetched, fetchDocument };
}

const check = async (fields: Record<string, unknown>, fetchDocument: DocumentFetcher) =>
	await testLoginProviderCredential({ issuer, audience: 'client-123', ...fields }, fetchDocument);

describe('the login provider credential test names what is wrong with the provider\'s documents', () => {
	it('a discovery document without "jwks_uri": says the discovery document is not usable and to enter the JWKS URL', async () => {
		const { fetchDocument } = provider({ [discoveryUrl]: { issuer } });
		const result = await check({}, fetchDocument);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^The OpenID discovery document is not usable: /);
		expect(result.message).toContain('"jwks_uri"');
		expect(result.message).toContain('enter the JWKS URL');
	});

	it('a JWKS URL that cannot be read: says the JWKS could not be read, quoting the address and the answer', async () => {
		const { fetchDocument } = provider({}, { [jwksUrl]: { statusCode: 503, headers: {}, body: 'Service Unavailable' } });
		const result = await check({ jwksUrl }, fetchDocument);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Could not read the JWKS: /);
		expect(result.message).toContain(jwksUrl);
		expect(result.message).toContain('HTTP 503');
	});

	it('a JSON document that is not a JWKS: names the address and what a JWKS is', async () => {
		const { fetchDocument } = provider({ [jwksUrl]: { keys: 'none here' } });
		const result = await check({ jwksUrl }, fetchDocument);
		expect(result.status).toBe('Error');
		expect(result.message).toContain(jwksUrl);
		expect(result.message).toMatch(/is not a JWKS \(a "keys" list of key objects\)/);
	});

	it('lists every allowed algorithm, comma-separated, when no published key fits any of them', async () => {
		const { fetchDocument } = provider({ [jwksUrl]: { keys: [makeSigningKey('Ed25519').publicJwk] } });
		const result = await check({ jwksUrl, algorithms: ['RS256', 'ES256'] }, fetchDocument);
		expect(result.status).toBe('Error');
		expect(result.message).toContain('publishes 1 key(s), none usable for RS256, ES256 ');
		expect(result.message).toContain('Check the Algorithms');
	});
});

describe('with a JWKS URL entered, the credential test reads only that address', () => {
	it('does not look for a discovery document (which this provider does not publish)', async () => {
		const { fetched, fetchDocument } = provider({ [jwksUrl]: { keys: [makeSigningKey('P-256').publicJwk] } });
		const result = await check({ jwksUrl }, fetchDocument);
		expect(result).toEqual({ status: 'OK', message: `Found 1 usable key(s) of 1 at ${jwksUrl} for RS256, ES256.` });
		expect(fetched).toEqual([jwksUrl]);
	});

	it('without one, reads the JWKS the discovery document names', async () => {
		const { fetched, fetchDocument } = provider({ [discoveryUrl]: { issuer, jwks_uri: jwksUrl }, [jwksUrl]: { keys: [makeSigningKey('P-256').publicJwk] } });
		const result = await check({}, fetchDocument);
		expect(result).toMatchObject({ status: 'OK', message: expect.stringContaining(`at ${jwksUrl}`) });
		expect(fetched).toEqual([discoveryUrl, jwksUrl]);
	});
});
