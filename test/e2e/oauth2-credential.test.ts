// The OAuth2 credential in real n8n 1.x and 2.x: an authorised credential (as n8n stores it after "Connect my
// account") imported beside a version-2 node of the basic example, HubSpot's access token expiring, n8n renewing
// it through HubSpot's token endpoint (the simulator's), the node succeeding, and the cache served across it.
import { randomBytes } from 'node:crypto';

import { startHubspotSimulator, type HubspotSimulator, type OAuthTokenAnswer, type RecordedCall } from '../support/hubspot-simulator';
import { N8nInstance, pressCredentialTest, setUpOwner } from '../support/n8n';
import { loadExample, variantOf, webhookPathOf, type ExampleWorkflow } from '../support/example-workflows';
import { packedTarball, versionsUnderTest } from './support/suite-settings';
import { postJson, tokenIn } from './support/webhook-client';

const OAUTH2 = 'hubspotVisitorIdentificationOAuth2Api';
const CREDENTIAL = { id: 'hsOAuthCred01', name: 'HubSpot Visitor Identification OAuth2 account' };

/** The basic example with a version-2 node that authenticates with OAuth2, as a user would set it up today. */
function oauthVariant(): ExampleWorkflow {
	const workflow = variantOf(loadExample('basic'), { id: 'hsOAuthBasic01', name: 'Visitor token (OAuth2)', path: 'hubspot-visitor-token-oauth2' });
	const node = workflow.nodes.find((candidate) => candidate.type.endsWith('.hubspotVisitorIdentification'));
	if (!node) throw new Error('the basic example has no HubSpot Visitor Identification node');
	(node as { typeVersion?: number }).typeVersion = 2;
	node.parameters = { authentication: 'oAuth2', ...node.parameters };
	node.credentials = { [OAUTH2]: CREDENTIAL };
	return workflow;
}

describe.each(versionsUnderTest())('the OAuth2 credential in real n8n %s', (version) => {
	const app = { clientId: `client-${randomBytes(4).toString('hex')}`, clientSecret: randomBytes(16).toString('hex') };
	const workflow = oauthVariant();
	let sim: HubspotSimulator;
	let n8n: N8nInstance;
	let installed: OAuthTokenAnswer;

	/** The credential's data as n8n holds it after the user connected it, pointed at the simulator. */
	const credentialData = (tokens: OAuthTokenAnswer) => ({ clientId: app.clientId, clientSecret: app.clientSecret, accessTokenUrl: `${sim.url}/oauth/v1/token`, baseUrl: sim.url, oauthTokenData: tokens });

	beforeAll(async () => {
		sim = await startHubspotSimulator();
		sim.addOAuthApp(app);
		installed = sim.installOAuthApp(app.clientId);
		// n8n 2.x resets a credential's hidden token URL to its default on every read (1.x keeps a stored one); n8n's
		// credential overwrites are how an operator points it elsewhere, here at the simulator.
		n8n = await N8nInstance.create({ version, tarball: packedTarball(), environment: { CREDENTIALS_OVERWRITE_DATA: JSON.stringify({ [OAUTH2]: { accessTokenUrl: `${sim.url}/oauth/v1/token` } }) } });
		await n8n.importCredentials([{ ...CREDENTIAL, type: OAUTH2, data: credentialData(installed) }]);
		await n8n.importWorkflows([workflow]);
		await n8n.activateWorkflow(workflow.id);
		await n8n.start();
		await n8n.waitForWebhook(webhookPathOf(workflow));
	}, 300_000);

	afterAll(async () => {
		await n8n?.dispose();
		await sim?.stop();
	}, 60_000);

	const url = () => n8n.webhookUrl(webhookPathOf(workflow));
	const callsSince = (index: number): RecordedCall[] => sim.calls.slice(index);
	const ada = { email: 'ada.lovelace@example.com' };
	let adaToken: string | undefined;

	it('creates a visitor token with the connected credential, on the 2026-09 line (node version 2)', async () => {
		const before = sim.calls.length;
		const answer = await postJson(url(), ada);
		expect(answer.status).toBe(200);
		adaToken = tokenIn(answer);
		expect(sim.emailForToken(adaToken ?? '')).toBe(ada.email);
		expect(callsSince(before).map((call) => [call.route, call.apiVersion, call.status])).toEqual([['token', '2026-09', 200]]);
	});

	it('after HubSpot stops accepting the access token (401), n8n renews it with the refresh token and the node succeeds', async () => {
		sim.revokeAccount(installed.access_token); // the 30 minutes are over
		const before = sim.calls.length;
		const answer = await postJson(url(), { email: 'grace.hopper@example.com' });

		expect(callsSince(before).map((call) => [call.route, call.grantType, call.status])).toEqual([
			['token', undefined, 401],
			['oauthToken', 'refresh_token', 200],
			['token', undefined, 200],
		]);
		expect(answer.status).toBe(200);
		expect(sim.emailForToken(tokenIn(answer) ?? '')).toBe('grace.hopper@example.com');
	});

	it('serves the cached visitor across the renewal: no HubSpot call at all', async () => {
		const before = sim.calls.length;
		const answer = await postJson(url(), ada);
		expect(answer.status).toBe(200);
		expect(tokenIn(answer)).toBe(adaToken);
		// The example answers no `cached`: the same token with no HubSpot call is the cache's answer.
		expect(answer.body).not.toHaveProperty('cached');
		expect(callsSince(before)).toHaveLength(0);
	});

	it('keeps using the renewed access token n8n stored: a new visitor costs one token call and no renewal', async () => {
		const before = sim.calls.length;
		const answer = await postJson(url(), { email: 'katherine.johnson@example.com' });
		expect(answer.status).toBe(200);
		expect(callsSince(before).map((call) => [call.route, call.status])).toEqual([['token', 200]]);
	});

	it('keeps no OAuth secret in the workflow\'s static data', async () => {
		const stored = (await n8n.readStaticData(workflow.id)) ?? '';
		expect(stored).toContain('tokenCache');
		for (const value of [installed.refresh_token, installed.access_token, app.clientSecret, ada.email]) expect(stored).not.toContain(value);
	});

	describe('its Test button', () => {
		let cookie: string;
		beforeAll(async () => {
			({ cookie } = await setUpOwner(n8n.baseUrl));
		});

		it('passes for an app with the scope in a Professional portal, after creating a real visitor token on 2026-09', async () => {
			const before = sim.calls.length;
			const result = await pressCredentialTest(n8n.baseUrl, cookie, OAUTH2, credentialData(sim.installOAuthApp(app.clientId)));
			expect(result).toMatchObject({ status: 'OK' });
			expect(callsSince(before)).toEqual([expect.objectContaining({ route: 'token', apiVersion: '2026-09', status: 200, email: 'n8n-credential-test@example.com' })]);
		});

		it.each([
			['an app without the scope', { scopes: ['oauth', 'crm.objects.contacts.read'] }, /lacks the scope conversations\.visitor_identification\.tokens\.create/],
			['a portal below Professional', { tier: 'starter' as const }, /Professional or Enterprise/],
			['an uninstalled app', {}, /did not accept the access token \(401\).*Reconnect/],
		])('fails for %s with a message that says so', async (label, appSettings, message) => {
			const other = { clientId: `client-${randomBytes(4).toString('hex')}`, clientSecret: randomBytes(16).toString('hex'), ...appSettings };
			sim.addOAuthApp(other);
			const tokens = sim.installOAuthApp(other.clientId);
			if (label === 'an uninstalled app') sim.uninstallOAuthApp(tokens.refresh_token);
			const result = await pressCredentialTest(n8n.baseUrl, cookie, OAUTH2, { ...credentialData(tokens), clientId: other.clientId, clientSecret: other.clientSecret });
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(message);
			for (const value of [tokens.access_token, tokens.refresh_token, other.clientSecret]) expect(result.message).not.toContain(value);
		});
	});
});
