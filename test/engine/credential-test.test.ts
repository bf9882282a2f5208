// The credential's Test button through n8n-core's RoutingNode (see support/credentialTest.ts): every rule
// the credential declares, each reached by the HubSpot answer it exists for, including the rate limit.
import { HubspotVisitorIdentificationApi } from '../../credentials/HubspotVisitorIdentificationApi.credentials';
import { pressTestButton } from './support/credentialTest';
import { setUpEngine } from './support/engineFixture';

const { env } = setUpEngine();
const correlationId = 'c0ffee00-1111-4222-8333-444455556666';
// The credential is built in each test, not at the file's top level: StrykerJS runs a mutant only against
// the tests that reached it while running.
const test = (overrides: { accessToken?: string; baseUrl?: string } = {}) =>
	pressTestButton(new HubspotVisitorIdentificationApi(), { accessToken: overrides.accessToken ?? env.accessToken, baseUrl: overrides.baseUrl ?? env.hubspot.url });

describe("the credential test, run as n8n's credentials tester runs it", () => {
	it('passes after asking HubSpot for a real visitor token for the reserved test address', async () => {
		await expect(test()).resolves.toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(env.hubspot.received).toEqual([
			expect.objectContaining({ method: 'POST', path: '/visitor-identification/2026-09/tokens/create', authorization: `Bearer ${env.accessToken}`, body: { email: 'n8n-credential-test@example.com' } }),
		]);
	});

	it('trims the Base URL and its trailing slashes as the node does', async () => {
		await expect(test({ baseUrl: `  ${env.hubspot.url}//  ` })).resolves.toMatchObject({ status: 'OK' });
		expect(env.hubspot.received.map((request) => request.path)).toEqual(['/visitor-identification/2026-09/tokens/create']);
	});

	it('says the token is invalid, revoked or expired on a 401', async () => {
		const result = await test({ accessToken: env.revokedToken });
		expect(result).toEqual({ status: 'Error', message: 'HubSpot did not accept the access token (401): it is invalid, revoked or expired.' });
	});

	it('names the missing scope on a 403 MISSING_SCOPES', async () => {
		env.hubspot.reply({ status: 403, body: { status: 'error', message: 'This app hasn\'t been granted all required scopes to make this call.', correlationId, category: 'MISSING_SCOPES' } });
		const result = await test();
		expect(result.status).toBe('Error');
		expect(result.message).toBe('The access token lacks the scope conversations.visitor_identification.tokens.create. Add it to the app (or legacy private app, or service key) in HubSpot.');
	});

	it("names the subscription on HubSpot's 403 for accounts below Professional", async () => {
		env.hubspot.reply({ status: 403, body: { status: 'error', message: 'Access to the Visitor Identification API requires a Professional or Enterprise level subscription', correlationId, category: 'FORBIDDEN' } });
		const result = await test();
		expect(result).toEqual({ status: 'Error', message: 'HubSpot refused visitor identification for this account: it needs a Professional or Enterprise subscription.' });
	});

	it.each(['TEN_SECONDLY_ROLLING', 'SECONDLY', 'DAILY'])('says the rate limit was hit (429, %s), not that the token is wrong', async (policyName) => {
		env.hubspot.reply({ status: 429, body: { status: 'error', message: 'You have reached your limit.', errorType: 'RATE_LIMIT', correlationId, policyName } });
		const result = await test();
		expect(result).toEqual({ status: 'Error', message: "HubSpot's rate limit was exceeded, so the token could not be checked. Test again in a few seconds." });
	});

	it('fails a 200 without a token, naming what to check', async () => {
		env.hubspot.reply({ status: 200, body: { status: 'ok' } });
		const result = await test();
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^HubSpot did not create a visitor token\. .*Professional or Enterprise.*conversations\.visitor_identification\.tokens\.create.*Base URL/);
	});

	it('refuses plain http to another machine before sending anything, and says why', async () => {
		const result = await test({ baseUrl: 'http://hubspot-proxy.example.com:8080' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/must start with https:\/\//);
		expect(result.message).not.toContain(env.accessToken);
		expect(env.hubspot.received).toHaveLength(0);
	});
});
