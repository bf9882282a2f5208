// The node with the OAuth2 credential: which credential each call uses, renewing an expired access token once
// (n8n does not for requests that read every status), the cache across renewals, and secrets in failures.
import { randomBytes } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

import { errorsOf, fakeVisitorToken, jsonOf, runNode, type FakeAnswer } from '../support/executeContext';

const OAUTH2 = 'hubspotVisitorIdentificationOAuth2Api';
const secret = (prefix: string) => `${prefix}-${randomBytes(16).toString('hex')}`;

/** An authorised OAuth2 credential as n8n stores it after "Connect my account". */
function connected(overrides: { accessToken?: string; refreshToken?: string; clientSecret?: string; baseUrl?: string } = {}) {
	const tokens = { accessToken: overrides.accessToken ?? secret('CNa1-access'), refreshToken: overrides.refreshToken ?? secret('na1-refresh'), clientSecret: overrides.clientSecret ?? secret('client-secret') };
	const data: IDataObject = {
		clientId: 'client-id-1',
		clientSecret: tokens.clientSecret,
		baseUrl: overrides.baseUrl ?? 'https://api.hubapi.com',
		oauthTokenData: { token_type: 'bearer', access_token: tokens.accessToken, refresh_token: tokens.refreshToken, expires_in: 1800 },
	};
	return { ...tokens, data };
}

const ok = (): FakeAnswer => ({ statusCode: 200, body: { token: fakeVisitorToken() } });
const expired = (echo = ''): FakeAnswer => ({ statusCode: 401, body: { status: 'error', category: 'INVALID_AUTHENTICATION', message: `The OAuth token used to make this call expired. ${echo}`, correlationId: 'c0ffee00-0000-4000-8000-000000000401' } });

/** A fake HubSpot that accepts only the access tokens in `valid` (the Authorization header is n8n's job, so the test tracks the current token). */
function hubspotAccepting(current: { token: string }, valid: Set<string>) {
	return (): FakeAnswer => (valid.has(current.token) ? ok() : expired());
}

describe('Authentication: OAuth2', () => {
	it('calls HubSpot with the OAuth2 credential at its Base URL; Access Token stays the default', async () => {
		const credential = connected({ baseUrl: 'https://hubspot-proxy.example.com/' });
		const oauth = await runNode({ authentication: 'oAuth2', oauth2: credential.data, items: [{ email: 'ada@example.com' }] });
		expect(jsonOf(oauth)[0]).toMatchObject({ email: 'ada@example.com', cached: false });
		expect(oauth.requests.map((request) => [request.credentialType, request.options.url])).toEqual([[OAUTH2, 'https://hubspot-proxy.example.com/visitor-identification/2026-03/tokens/create']]);

		const byDefault = await runNode({ items: [{ email: 'ada@example.com' }] });
		expect(byDefault.requests.map((request) => request.credentialType)).toEqual(['hubspotVisitorIdentificationApi']);
	});

	it.each([
		['no token data (never connected)', {}],
		['no refresh token', { oauthTokenData: { access_token: 'CNa1-x' } }],
		['no access token', { oauthTokenData: { refresh_token: 'na1-x' } }],
	])('stops with "not connected" and calls nothing when the credential has %s', async (_, data) => {
		const result = await runNode({ authentication: 'oAuth2', oauth2: { clientSecret: 's', ...data }, items: [{ email: 'ada@example.com' }] });
		expect(result.error?.message).toMatch(/OAuth2 credential is not connected to HubSpot.*Connect my account/);
		expect(result.requests).toHaveLength(0);
	});

	it('refuses a Base URL that would carry the access token over plain http to another machine', async () => {
		const result = await runNode({ authentication: 'oAuth2', oauth2: connected({ baseUrl: 'http://hubspot-proxy.example.com' }).data, items: [{ email: 'ada@example.com' }] });
		expect(result.error?.message).toMatch(/must start with https:\/\//);
		expect(result.requests).toHaveLength(0);
	});
});

describe('an expired OAuth2 access token (401)', () => {
	it('is renewed through n8n once, and the request sent again succeeds', async () => {
		const credential = connected();
		const current = { token: credential.accessToken };
		const renewed = secret('CNa1-renewed');
		const result = await runNode({
			authentication: 'oAuth2',
			oauth2: credential.data,
			items: [{ email: 'ada@example.com' }],
			hubspot: hubspotAccepting(current, new Set([renewed])),
			refreshOAuth2Token: async () => ((current.token = renewed), { access_token: renewed, refresh_token: credential.refreshToken }),
		});
		expect(jsonOf(result)[0]).toMatchObject({ email: 'ada@example.com', cached: false });
		expect(result.refreshOAuth2Token).toHaveBeenCalledTimes(1);
		expect(result.refreshOAuth2Token).toHaveBeenCalledWith(OAUTH2);
		expect(result.requests).toHaveLength(2);
	});

	it('many visitors meeting the expired token at once share one renewal', async () => {
		const credential = connected();
		const current = { token: credential.accessToken };
		const renewed = secret('CNa1-renewed');
		const items = Array.from({ length: 6 }, (_, index) => ({ email: `visitor${index}@example.com` }));
		const result = await runNode({
			authentication: 'oAuth2',
			oauth2: credential.data,
			items,
			hubspot: hubspotAccepting(current, new Set([renewed])),
			refreshOAuth2Token: async () => ((current.token = renewed), { access_token: renewed }),
		});
		expect(jsonOf(result).map((json) => json.email)).toEqual(items.map((item) => item.email));
		expect(result.refreshOAuth2Token).toHaveBeenCalledTimes(1);
		expect(result.requests.length).toBeLessThanOrEqual(12);
	});

	it('a 401 again after the renewal is HubSpot\'s answer: HUBSPOT_UNAUTHORIZED, no second renewal, each request sent at most twice', async () => {
		const credential = connected();
		const result = await runNode({
			authentication: 'oAuth2',
			oauth2: credential.data,
			continueOnFail: true,
			items: [{ email: 'ada@example.com' }, { email: 'grace@example.com' }],
			hubspot: () => expired(),
			refreshOAuth2Token: async () => ({ access_token: secret('CNa1-renewed') }),
		});
		expect(errorsOf(result).map((error) => error.errorCode)).toEqual(['HUBSPOT_UNAUTHORIZED', 'HUBSPOT_UNAUTHORIZED']);
		expect(result.refreshOAuth2Token).toHaveBeenCalledTimes(1);
		expect(result.requests).toHaveLength(4);
	});

	it('when HubSpot refuses the renewal (app uninstalled), the 401 stands and n8n\'s error is not passed on', async () => {
		const credential = connected();
		const result = await runNode({
			authentication: 'oAuth2',
			oauth2: credential.data,
			continueOnFail: true,
			items: [{ email: 'ada@example.com' }],
			hubspot: () => expired(),
			refreshOAuth2Token: async () => {
				throw new Error(`BAD_REFRESH_TOKEN for ${credential.refreshToken}`);
			},
		});
		const [error] = errorsOf(result);
		expect(error).toMatchObject({ errorCode: 'HUBSPOT_UNAUTHORIZED' });
		expect(JSON.stringify(jsonOf(result))).not.toContain('BAD_REFRESH_TOKEN');
		expect(result.requests).toHaveLength(1);
	});

	it('on an n8n without the renewal helper, the 401 stands after one request', async () => {
		const result = await runNode({ authentication: 'oAuth2', oauth2: connected().data, continueOnFail: true, items: [{ email: 'ada@example.com' }], hubspot: () => expired() });
		expect(errorsOf(result)[0]).toMatchObject({ errorCode: 'HUBSPOT_UNAUTHORIZED' });
		expect(result.requests).toHaveLength(1);
	});

	it('an access-token credential is never renewed: its 401 is final', async () => {
		const result = await runNode({ continueOnFail: true, items: [{ email: 'ada@example.com' }], hubspot: () => expired(), refreshOAuth2Token: async () => ({ access_token: 'never' }) });
		expect(errorsOf(result)[0]).toMatchObject({ errorCode: 'HUBSPOT_UNAUTHORIZED' });
		expect(result.refreshOAuth2Token).not.toHaveBeenCalled();
		expect(result.requests).toHaveLength(1);
	});
});

describe('the cache with OAuth2', () => {
	it('is served across a renewal of the access token: same client secret and refresh token, no HubSpot call', async () => {
		const staticData = {};
		const first = connected();
		const issued = await runNode({ authentication: 'oAuth2', oauth2: first.data, staticData, items: [{ email: 'ada@example.com' }] });
		const token = jsonOf(issued)[0].token;

		// Thirty minutes later n8n holds a new access token for the same authorisation.
		const afterRenewal = connected({ refreshToken: first.refreshToken, clientSecret: first.clientSecret });
		const served = await runNode({ authentication: 'oAuth2', oauth2: afterRenewal.data, staticData, items: [{ email: 'ada@example.com' }], freshProcess: true });
		expect(jsonOf(served)[0]).toMatchObject({ token, cached: true });
		expect(served.requests).toHaveLength(0);
	});

	it.each([
		['a new authorisation (Reconnect: a new refresh token)', (first: ReturnType<typeof connected>) => connected({ clientSecret: first.clientSecret })],
		['a new client secret', (first: ReturnType<typeof connected>) => connected({ refreshToken: first.refreshToken })],
	])('starts afresh after %s: the old entries cannot be opened', async (_, next) => {
		const staticData = {};
		const first = connected();
		const issued = await runNode({ authentication: 'oAuth2', oauth2: first.data, staticData, items: [{ email: 'ada@example.com' }] });
		const fresh = await runNode({ authentication: 'oAuth2', oauth2: next(first).data, staticData, items: [{ email: 'ada@example.com' }], freshProcess: true });
		expect(jsonOf(fresh)[0]).toMatchObject({ cached: false });
		expect(jsonOf(fresh)[0].token).not.toBe(jsonOf(issued)[0].token);
		expect(fresh.requests).toHaveLength(1);
	});

	it('keeps neither the refresh token, the client secret nor the access token in static data', async () => {
		const credential = connected();
		const result = await runNode({ authentication: 'oAuth2', oauth2: credential.data, items: [{ email: 'ada@example.com' }] });
		const stored = JSON.stringify(result.staticData);
		for (const value of [credential.refreshToken, credential.clientSecret, credential.accessToken, 'ada@example.com']) expect(stored).not.toContain(value);
	});
});

describe('secrets in failures', () => {
	it('removes the access token, the refresh token, the client secret and a renewed access token that HubSpot or a proxy echoes', async () => {
		const credential = connected();
		const renewed = secret('CNa1-renewed');
		const echo = `Bearer ${credential.accessToken} refresh=${credential.refreshToken} secret=${credential.clientSecret} now=${renewed}`;
		const result = await runNode({
			authentication: 'oAuth2',
			oauth2: credential.data,
			continueOnFail: true,
			items: [{ email: 'ada@example.com' }],
			hubspot: (_request, callNumber) => (callNumber === 1 ? expired(echo) : { statusCode: 400, body: { message: echo, category: 'VALIDATION_ERROR' } }),
			refreshOAuth2Token: async () => ({ access_token: renewed }),
		});
		const output = JSON.stringify(jsonOf(result));
		expect(errorsOf(result)[0]).toMatchObject({ errorCode: 'HUBSPOT_REJECTED_INPUT' });
		expect(output).toContain('[redacted]');
		for (const value of [credential.accessToken, credential.refreshToken, credential.clientSecret, renewed]) expect(output).not.toContain(value);
	});
});

describe('node version 2 calls HubSpot\'s 2026-09 line by default; version 1 keeps 2026-03', () => {
	it.each([
		[1, undefined, '2026-03'],
		[2, undefined, '2026-09'],
		[2, '2026-03', '2026-03'],
		[1, '2026-09', '2026-09'],
		[2, 'v3', 'v3'],
	] as const)('node version %i with API Version %p calls %s', async (nodeVersion, apiVersion, line) => {
		const result = await runNode({ nodeVersion, options: apiVersion === undefined ? {} : { apiVersion }, items: [{ email: 'ada@example.com' }] });
		expect(jsonOf(result)[0]).toMatchObject({ email: 'ada@example.com' });
		expect(result.requests.map((request) => request.options.url)).toEqual([`https://api.hubapi.com/visitor-identification/${line}/tokens/create`]);
	});
});
