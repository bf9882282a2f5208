// The OAuth2 credential inside n8n-core's engine: n8n signs the node's request with the stored access token,
// the node asks n8n-core to renew it after a 401 (n8n-core's own refresh, against the simulator's token
// endpoint), n8n stores the new token data, and the cache keeps serving visitors across the renewal.
import { randomBytes } from 'node:crypto';
import type { INode } from 'n8n-workflow';

import { HubspotVisitorIdentificationApi } from '../../credentials/HubspotVisitorIdentificationApi.credentials';
import { HubspotVisitorIdentificationOAuth2Api } from '../../credentials/HubspotVisitorIdentificationOAuth2Api.credentials';
import { startHubspotSimulator, type HubspotSimulator } from '../support/hubspot-simulator';
import { InProcessN8n, outputsOf } from './support/inProcessN8n';
import { useTemporaryN8nHome } from './support/n8nHome';
import type { StoredCredential } from './support/credentialsHelper';
import { NODE, visitorWorkflow, websiteRequest, WEBHOOK_STYLE_MAPPING } from './support/visitorWorkflow';

const OAUTH2 = 'hubspotVisitorIdentificationOAuth2Api';
const app = { clientId: 'engine-client', clientSecret: randomBytes(16).toString('hex') };
let sim: HubspotSimulator;
let removeHome: () => void;
let credential: StoredCredential;
let n8n: InProcessN8n;

beforeAll(async () => {
	removeHome = useTemporaryN8nHome();
	sim = await startHubspotSimulator();
	sim.addOAuthApp(app);
	credential = {
		id: 'hubspot-oauth',
		name: 'HubSpot OAuth',
		type: OAUTH2,
		data: {
			...app,
			grantType: 'authorizationCode',
			authentication: 'body',
			accessTokenUrl: `${sim.url}/oauth/v1/token`,
			authUrl: `${sim.url}/oauth/authorize`,
			baseUrl: sim.url,
			oauthTokenData: { ...sim.installOAuthApp(app.clientId) },
		},
	};
	n8n = new InProcessN8n({ credentialTypes: [new HubspotVisitorIdentificationApi(), new HubspotVisitorIdentificationOAuth2Api()], credentials: [credential] });
});
afterAll(async () => {
	await sim.stop();
	removeHome();
});

/** The product's workflow with a version-2 node using the OAuth2 credential. */
function oauthWorkflow(id: string) {
	const definition = visitorWorkflow({ id, credentialId: credential.id, parameters: { authentication: 'oAuth2', ...WEBHOOK_STYLE_MAPPING } });
	const identify = definition.nodes.find((node) => node.name === NODE.identify) as INode;
	identify.typeVersion = 2;
	identify.credentials = { [OAUTH2]: { id: credential.id, name: credential.name } };
	return definition;
}

const accessTokenNow = () => (credential.data.oauthTokenData as { access_token: string }).access_token;

it('renews the access token after a 401 through n8n-core, stores it, succeeds, and serves the cache across the renewal', async () => {
	const definition = oauthWorkflow('oauth-renewal');
	n8n.saveWorkflow(definition);
	const { deactivate } = await n8n.activate(definition.id);
	try {
		const first = await n8n.visitorsArrive(definition.id, [websiteRequest({ email: 'ada@example.com' })]);
		const [[ada]] = outputsOf(first, NODE.identify);
		expect(ada.json).toMatchObject({ email: 'ada@example.com', cached: false });
		expect(sim.calls.map((call) => [call.route, call.apiVersion, call.status])).toEqual([['token', '2026-09', 200]]);

		const expiredToken = accessTokenNow();
		sim.revokeAccount(expiredToken);
		sim.resetCalls();
		const second = await n8n.visitorsArrive(definition.id, [websiteRequest({ email: 'grace@example.com' })]);
		expect(outputsOf(second, NODE.identify)[0][0].json).toMatchObject({ email: 'grace@example.com', cached: false });
		expect(sim.calls.map((call) => [call.route, call.grantType, call.status])).toEqual([
			['token', undefined, 401],
			['oauthToken', 'refresh_token', 200],
			['token', undefined, 200],
		]);
		// n8n stored the new access token, and HubSpot's refresh token stayed the same.
		expect(accessTokenNow()).not.toBe(expiredToken);

		sim.resetCalls();
		const third = await n8n.visitorsArrive(definition.id, [websiteRequest({ email: 'ada@example.com' })]);
		expect(outputsOf(third, NODE.identify)[0][0].json).toMatchObject({ token: ada.json.token, cached: true });
		expect(sim.calls).toHaveLength(0);
	} finally {
		await deactivate();
	}
});
