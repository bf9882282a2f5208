import type { IHttpRequestOptions } from 'n8n-workflow';

import { HubspotVisitorIdentificationApi } from '../../credentials/HubspotVisitorIdentificationApi.credentials';
import { fakeAccessToken } from '../support/executeContext';

async function authenticate(baseUrl: string, request: Partial<IHttpRequestOptions> & Record<string, unknown>, accessToken = fakeAccessToken()) {
	const options = { method: 'POST', ...request } as IHttpRequestOptions;
	try {
		const signed = await new HubspotVisitorIdentificationApi().authenticate({ accessToken: ` ${accessToken}\n`, baseUrl }, options);
		return { accessToken, authorization: (signed.headers as Record<string, string> | undefined)?.Authorization };
	} catch (error) {
		return { accessToken, error: error as Error };
	}
}

describe('the credential attaches the access token only to requests for its Base URL\'s origin', () => {
	it.each([
		['the node\'s own request (full url)', 'https://api.hubapi.com', { url: 'https://api.hubapi.com/visitor-identification/2026-03/tokens/create' }],
		['a proxy path on the same origin', 'https://proxy.example.com/hubspot/', { url: 'https://proxy.example.com/hubspot/visitor-identification/v3/tokens/create' }],
		// n8n's credential test hands the request over as baseURL plus a relative url, as the `test` block declares them.
		['the credential test (baseURL + relative url)', 'http://127.0.0.1:8080', { baseURL: 'http://127.0.0.1:8080', url: '/visitor-identification/2026-03/tokens/create' }],
		['the legacy request helper (baseUrl + uri)', 'https://api.hubapi.com', { baseUrl: 'https://api.hubapi.com', uri: '/visitor-identification/2026-03/tokens/create' }],
		['a host in other letter case and the default port', 'https://api.hubapi.com', { url: 'https://API.HubApi.com:443/x' }],
	])('attaches it to %s', async (_, baseUrl, request) => {
		const result = await authenticate(baseUrl, request);
		expect(result.error).toBeUndefined();
		expect(result.authorization).toBe(`Bearer ${result.accessToken}`);
	});

	it.each([
		['another host (e.g. the credential picked in an HTTP Request node)', 'https://api.hubapi.com', { url: 'https://collector.example.net/steal' }],
		['a look-alike host', 'https://api.hubapi.com', { url: 'https://api.hubapi.com.example.net/x' }],
		['a protocol-relative url', 'https://api.hubapi.com', { url: '//evil.example.net/x' }],
		['the same host over http', 'https://api.hubapi.com', { url: 'http://api.hubapi.com/x' }],
		['another port on this machine', 'http://127.0.0.1:8080', { url: 'http://127.0.0.1:9090/x' }],
		['a relative url with a baseURL elsewhere', 'https://api.hubapi.com', { baseURL: 'https://evil.example.net', url: '/x' }],
		['a relative url and no baseURL', 'https://api.hubapi.com', { url: '/visitor-identification/2026-03/tokens/create' }],
		// Where such a request goes cannot be told from it, so it gets no token (not a guess at the baseURL).
		['a baseURL on the Base URL but no url', 'https://api.hubapi.com', { baseURL: 'https://api.hubapi.com' }],
		['no url at all', 'https://api.hubapi.com', {}],
	])('refuses %s, with an error that does not quote the token', async (_, baseUrl, request) => {
		const result = await authenticate(baseUrl, request);
		expect(result.authorization).toBeUndefined();
		expect(result.error?.message).toMatch(/sends its access token only to the host of its Base URL/);
		expect(result.error?.message).not.toContain(result.accessToken);
	});

	it('refuses plain http to another machine before looking at the request', async () => {
		const result = await authenticate('http://hubspot-proxy.internal', { url: 'http://hubspot-proxy.internal/x' });
		expect(result.authorization).toBeUndefined();
		expect(result.error?.message).toMatch(/must start with https:\/\//);
	});

	it('does not change the request it was given', async () => {
		const request = { url: 'https://api.hubapi.com/x', headers: { Accept: 'application/json' } };
		const result = await authenticate('https://api.hubapi.com', request);
		expect(result.authorization).toBeDefined();
		expect(request.headers).toEqual({ Accept: 'application/json' });
	});
});
