// HubSpot's OAuth token endpoint in the simulator: what n8n's OAuth2 client sends when a user connects the
// credential (authorization_code) and when it renews an access token (refresh_token).
import { randomBytes } from 'node:crypto';

import { startHubspotSimulator, type HubspotSimulator } from '../support/hubspot-simulator';

let sim: HubspotSimulator;
const app = { clientId: `client-${randomBytes(4).toString('hex')}`, clientSecret: randomBytes(16).toString('hex'), redirectUri: 'http://127.0.0.1:5678/rest/oauth2-credential/callback' };

beforeAll(async () => {
	sim = await startHubspotSimulator();
	sim.addOAuthApp(app);
});
afterAll(() => sim.stop());

async function tokenRequest(fields: Record<string, string>, contentType = 'application/x-www-form-urlencoded'): Promise<{ status: number; body: Record<string, unknown> }> {
	const response = await fetch(`${sim.url}/oauth/v1/token`, { method: 'POST', headers: { 'content-type': contentType }, body: new URLSearchParams(fields).toString() });
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function visitorTokenStatus(accessToken: string, line = '2026-09'): Promise<number> {
	const response = await fetch(`${sim.url}/visitor-identification/${line}/tokens/create`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ada@example.com' }) });
	await response.arrayBuffer();
	return response.status;
}

const client = { client_id: app.clientId, client_secret: app.clientSecret };

describe('authorization_code: the code from the consent screen becomes tokens', () => {
	it('answers access and refresh token, bearer, 1800 seconds; the access token creates visitor tokens on both lines', async () => {
		const code = sim.authorizeOAuthApp(app.clientId);
		const { status, body } = await tokenRequest({ grant_type: 'authorization_code', ...client, redirect_uri: app.redirectUri, code });
		expect(status).toBe(200);
		expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'token_type']);
		expect(body).toMatchObject({ token_type: 'bearer', expires_in: 1800 });
		expect(await visitorTokenStatus(body.access_token as string)).toBe(200);
		expect(await visitorTokenStatus(body.access_token as string, '2026-03')).toBe(200);
		expect(sim.oauthTokenCalls().at(-1)).toMatchObject({ route: 'oauthToken', grantType: 'authorization_code', status: 200 });
		// The call log never holds what the endpoint issued.
		expect(JSON.stringify(sim.calls)).not.toContain(body.access_token as string);
	});

	it('takes a code once only, and only with the redirect URI it was issued for', async () => {
		const code = sim.authorizeOAuthApp(app.clientId);
		expect(await tokenRequest({ grant_type: 'authorization_code', ...client, redirect_uri: 'https://elsewhere.example/callback', code })).toMatchObject({ status: 400, body: { status: 'BAD_REDIRECT_URI' } });
		expect((await tokenRequest({ grant_type: 'authorization_code', ...client, redirect_uri: app.redirectUri, code })).status).toBe(200);
		expect(await tokenRequest({ grant_type: 'authorization_code', ...client, redirect_uri: app.redirectUri, code })).toMatchObject({ status: 400, body: { status: 'BAD_AUTH_CODE' } });
	});
});

describe('refresh_token: a new access token for the same install', () => {
	it('gives a new access token and the same refresh token; the old access token keeps working until revoked', async () => {
		const installed = sim.installOAuthApp(app.clientId);
		const { status, body } = await tokenRequest({ grant_type: 'refresh_token', ...client, refresh_token: installed.refresh_token });
		expect(status).toBe(200);
		expect(body.refresh_token).toBe(installed.refresh_token);
		expect(body.access_token).not.toBe(installed.access_token);
		expect(await visitorTokenStatus(body.access_token as string)).toBe(200);
		sim.revokeAccount(installed.access_token);
		expect(await visitorTokenStatus(installed.access_token)).toBe(401);
		expect(await visitorTokenStatus(body.access_token as string)).toBe(200);
	});

	it.each([
		['an unknown refresh token', { grant_type: 'refresh_token', ...client, refresh_token: 'na1-refresh-unknown' }, 'BAD_REFRESH_TOKEN'],
		['the wrong client secret', { grant_type: 'refresh_token', client_id: app.clientId, client_secret: 'wrong', refresh_token: 'x' }, 'BAD_CLIENT_SECRET'],
		['an unknown client id', { grant_type: 'refresh_token', client_id: 'nobody', client_secret: app.clientSecret, refresh_token: 'x' }, 'BAD_CLIENT_ID'],
		['another grant type', { grant_type: 'password', ...client }, 'BAD_GRANT_TYPE'],
	])('refuses %s with 400 and HubSpot\'s status name', async (_, fields, name) => {
		const { status, body } = await tokenRequest(fields as Record<string, string>);
		expect(status).toBe(400);
		expect(body).toMatchObject({ status: name, message: expect.any(String), correlationId: expect.any(String) });
	});

	it('refuses a JSON body: HubSpot reads the fields from a form', async () => {
		const installed = sim.installOAuthApp(app.clientId);
		expect((await tokenRequest({ grant_type: 'refresh_token', ...client, refresh_token: installed.refresh_token }, 'application/json')).status).toBe(400);
	});

	it('after the app is uninstalled, neither its refresh token nor its access tokens work', async () => {
		const installed = sim.installOAuthApp(app.clientId);
		sim.uninstallOAuthApp(installed.refresh_token);
		expect(await visitorTokenStatus(installed.access_token)).toBe(401);
		expect(await tokenRequest({ grant_type: 'refresh_token', ...client, refresh_token: installed.refresh_token })).toMatchObject({ status: 400, body: { status: 'BAD_REFRESH_TOKEN' } });
	});
});
