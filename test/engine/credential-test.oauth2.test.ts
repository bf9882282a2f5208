// The OAuth2 credential's Test button through n8n-core's RoutingNode and HTTP client (support/credentialTest.ts):
// n8n signs the request with the connected access token; the rules tell HubSpot's answers apart as the
// access-token credential's do; the test follows no redirect and never sends the token over plain http elsewhere.
import { randomBytes } from 'node:crypto';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

import { HubspotVisitorIdentificationOAuth2Api } from '../../credentials/HubspotVisitorIdentificationOAuth2Api.credentials';
import { startHubspotSimulator, TIER_MESSAGE, type HubspotSimulator } from '../support/hubspot-simulator';
import { startPlainHttpListener } from '../e2e/support/plain-http-listener';
import { pressTestButton } from './support/credentialTest';
import { useTemporaryN8nHome } from './support/n8nHome';

let sim: HubspotSimulator;
let removeHome: () => void;
const app = { clientId: 'engine-test-client', clientSecret: randomBytes(16).toString('hex') };

beforeAll(async () => {
	removeHome = useTemporaryN8nHome();
	sim = await startHubspotSimulator();
	sim.addOAuthApp(app);
});
afterAll(async () => {
	await sim.stop();
	removeHome();
});
beforeEach(() => {
	sim.resetCalls();
	sim.clearFaults();
});

function connectedData(overrides: Record<string, unknown> = {}) {
	return { ...app, grantType: 'authorizationCode', authentication: 'body', accessTokenUrl: `${sim.url}/oauth/v1/token`, baseUrl: sim.url, oauthTokenData: sim.installOAuthApp(app.clientId), ...overrides };
}
// Built in each test, not at the file's top level: StrykerJS runs a mutant only against the tests that reached it.
const test = (data: ICredentialDataDecryptedObject) => pressTestButton(new HubspotVisitorIdentificationOAuth2Api(), data);

describe("the OAuth2 credential's Test, run as n8n's credentials tester runs it", () => {
	it('passes after creating a visitor token on the current line (2026-09) for the reserved address', async () => {
		await expect(test(connectedData())).resolves.toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(sim.calls).toEqual([expect.objectContaining({ route: 'token', apiVersion: '2026-09', status: 200, email: 'n8n-credential-test@example.com' })]);
	});

	it('trims the Base URL and its trailing slashes as the node does', async () => {
		await expect(test(connectedData({ baseUrl: `  ${sim.url}//  ` }))).resolves.toMatchObject({ status: 'OK' });
		expect(sim.calls.map((call) => call.path)).toEqual(['/visitor-identification/2026-09/tokens/create']);
	});

	it('says what to do when HubSpot refuses the access token (401): reconnect', async () => {
		const data = connectedData();
		sim.uninstallOAuthApp((data.oauthTokenData as { refresh_token: string }).refresh_token);
		const result = await test(data);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^HubSpot did not accept the access token \(401\)\..*about 30 minutes.*Reconnect the credential/);
		// The Test reads the 401 as an answer: n8n renews nothing for it.
		expect(sim.oauthTokenCalls()).toHaveLength(0);
	});

	it('names the missing scope on a 403 MISSING_SCOPES', async () => {
		const narrow = { clientId: 'engine-narrow', clientSecret: randomBytes(8).toString('hex'), scopes: ['oauth', 'crm.objects.contacts.read'] };
		sim.addOAuthApp(narrow);
		const result = await test(connectedData({ ...narrow, oauthTokenData: sim.installOAuthApp(narrow.clientId) }));
		expect(result).toEqual({ status: 'Error', message: "The app's access token lacks the scope conversations.visitor_identification.tokens.create. Add it to the app's required scopes in HubSpot, then reconnect the credential." });
	});

	it('names the subscription for a portal below Professional', async () => {
		const starter = { clientId: 'engine-starter', clientSecret: randomBytes(8).toString('hex'), tier: 'starter' as const };
		sim.addOAuthApp(starter);
		const result = await test(connectedData({ ...starter, oauthTokenData: sim.installOAuthApp(starter.clientId) }));
		expect(result).toEqual({ status: 'Error', message: 'HubSpot refused visitor identification for this account: it needs a Professional or Enterprise subscription.' });
		expect(TIER_MESSAGE).toMatch(/Professional or Enterprise/);
	});

	it('says the rate limit was hit (429), not that the token is wrong', async () => {
		sim.injectFault({ policyName: 'TEN_SECONDLY_ROLLING' });
		const result = await test(connectedData());
		expect(result).toEqual({ status: 'Error', message: "HubSpot's rate limit was exceeded, so the token could not be checked. Test again in a few seconds." });
	});

	it('fails a 200 without a token, naming what to check', async () => {
		sim.injectFault({ emptyToken: true });
		const result = await test(connectedData());
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^HubSpot did not create a visitor token\. .*Professional or Enterprise.*conversations\.visitor_identification\.tokens\.create.*Base URL/);
	});
});

describe('where the OAuth2 Test sends the access token', () => {
	interface Seen {
		url?: string;
		headers: IncomingHttpHeaders;
	}
	const seen: Seen[] = [];
	const redirector = createServer((request, response) => {
		seen.push({ url: request.url, headers: request.headers });
		request.resume();
		if (request.url?.startsWith('/landing')) return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: 'visitor-token' }));
		response.writeHead(307, { location: `http://127.0.0.1:${(redirector.address() as AddressInfo).port}/landing` }).end();
	});
	beforeAll(async () => await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve)));
	afterAll(async () => await new Promise<void>((resolve) => redirector.close(() => resolve())));

	it('follows no redirect: the token goes to the Base URL only, and a redirect is no pass', async () => {
		const data = connectedData({ baseUrl: `http://127.0.0.1:${(redirector.address() as AddressInfo).port}` });
		const result = await test(data);
		expect(result.status).toBe('Error');
		expect(seen.map((request) => request.url)).toEqual(['/visitor-identification/2026-09/tokens/create']);
		expect(seen[0].headers.authorization).toBe(`Bearer ${(data.oauthTokenData as { access_token: string }).access_token}`);
	});

	it('never sends it over plain http to another machine, also not through a user-name trick: that machine receives nothing', async () => {
		// A server on this machine's network address that really answers: had the token been sent, it would be here.
		const elsewhere = await startPlainHttpListener();
		try {
			expect((await fetch(`${elsewhere.url}/reachability-check`, { method: 'POST' })).status).toBe(200);
			const { host } = new URL(elsewhere.url);
			for (const baseUrl of [elsewhere.url, `http://127.0.0.1@${host}`, `http://localhost:1@${host}`]) {
				const result = await test(connectedData({ baseUrl }));
				expect(result.status).toBe('Error');
			}
			expect(elsewhere.received.map((request) => request.path)).toEqual(['/reachability-check']);
			expect(sim.calls).toHaveLength(0);
		} finally {
			await elsewhere.stop();
		}
	});
});
