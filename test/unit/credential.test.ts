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
		['the node\'s own request (full url)', 'https://api.hubapi.com', { url: 'https://api.hubapi.com/visitor-identification/2026-03/tokens/create', disableFollowRedirect: true }],
		['a proxy path on the same origin', 'https://proxy.example.com/hubspot/', { url: 'https://proxy.example.com/hubspot/visitor-identification/v3/tokens/create', disableFollowRedirect: true }],
		// n8n's credential test hands the request over as baseURL plus a relative url, as the `test` block declares them.
		['the credential test (baseURL + relative url)', 'http://127.0.0.1:8080', { baseURL: 'http://127.0.0.1:8080', url: '/visitor-identification/2026-03/tokens/create', disableFollowRedirect: true }],
		// The legacy helper follows no redirect of a POST unless told to (followAllRedirects).
		['the legacy request helper (baseUrl + uri)', 'https://api.hubapi.com', { baseUrl: 'https://api.hubapi.com', uri: '/visitor-identification/2026-03/tokens/create' }],
		['a host in other letter case and the default port', 'https://api.hubapi.com', { url: 'https://API.HubApi.com:443/x', disableFollowRedirect: true }],
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
		const request = { url: 'https://api.hubapi.com/x', headers: { Accept: 'application/json' }, disableFollowRedirect: true };
		const result = await authenticate('https://api.hubapi.com', request);
		expect(result.authorization).toBeDefined();
		expect(request.headers).toEqual({ Accept: 'application/json' });
	});
});

describe('the credential attaches the access token only to requests that do not follow redirects', () => {
	// n8n's client copies the Authorization header to wherever a redirect points.
	const BASE = 'https://api.hubapi.com';
	const URL_ = `${BASE}/visitor-identification/2026-03/tokens/create`;

	it.each([
		['a request that does not say (n8n follows by default)', { url: URL_ }],
		['disableFollowRedirect: false', { url: URL_, disableFollowRedirect: false }],
		['maxRedirects above 0', { url: URL_, maxRedirects: 5 }],
		['a legacy GET (followed unless followRedirect: false)', { uri: URL_, method: 'GET' }],
		['a legacy request without a method (a GET)', { uri: URL_, method: undefined }],
		['a legacy POST with followAllRedirects (the HTTP Request node\'s Follow Redirects)', { uri: URL_, followAllRedirects: true }],
		['a legacy request with followRedirect: false but followAllRedirects', { uri: URL_, method: 'GET', followRedirect: false, followAllRedirects: true }],
	])('refuses %s, saying what to change, without quoting the token', async (_, request) => {
		const result = await authenticate(BASE, request as Partial<IHttpRequestOptions>);
		expect(result.authorization).toBeUndefined();
		expect(result.error?.message).toMatch(/only on requests that do not follow redirects.*Turn off the request's Follow Redirects option/);
		expect(result.error?.message).not.toContain(result.accessToken);
	});

	it.each([
		['disableFollowRedirect: true', { url: URL_, disableFollowRedirect: true }],
		['maxRedirects: 0', { url: URL_, maxRedirects: 0 }],
		['a legacy GET with followRedirect: false', { uri: URL_, method: 'GET', followRedirect: false }],
		['a legacy HEAD with maxRedirects: 0', { uri: URL_, method: 'HEAD', maxRedirects: 0 }],
		['a legacy POST', { uri: URL_, method: 'post' }],
	])('attaches it to %s', async (_, request) => {
		const result = await authenticate(BASE, request as Partial<IHttpRequestOptions>);
		expect(result.error).toBeUndefined();
		expect(result.authorization).toBe(`Bearer ${result.accessToken}`);
	});

	it('declares its Test request so that it does not follow redirects, and names each redirect status n8n can report', () => {
		const { test } = new HubspotVisitorIdentificationApi();
		expect(test.request).toMatchObject({ disableFollowRedirect: true, ignoreHttpStatusErrors: { ignore: true, except: [301, 302, 303, 307, 308] } });
		const byCode = (test.rules ?? []).filter((rule) => rule.type === 'responseCode');
		expect(byCode.map((rule) => rule.properties.value)).toEqual([301, 302, 303, 307, 308]);
		for (const rule of byCode) expect(rule.properties.message).toMatch(new RegExp(`redirect \\(${String(rule.properties.value)}\\).*never followed.*proxy`));
	});
});

describe('the Access Token field tells a new user where a token comes from today', () => {
	const field = new HubspotVisitorIdentificationApi().properties.find((property) => property.name === 'accessToken');

	it('names the developer-platform app with static auth, legacy private apps and their end, the scope, and the tier', () => {
		expect(field?.description).toMatch(/developer platform/);
		expect(field?.description).toMatch(/static auth/);
		expect(field?.description).toMatch(/legacy private app/);
		expect(field?.description).toMatch(/Sept 2027/);
		expect(field?.description).toContain('conversations.visitor_identification.tokens.create');
		expect(field?.description).toMatch(/Professional or Enterprise/);
	});

	it('does not promise that a service key can carry the scope', () => {
		expect(field?.description).not.toMatch(/^A HubSpot service key/);
		expect(field?.description).toMatch(/Service keys \(beta\) may not offer it/);
	});
});
