import { setUpEngine, CREDENTIAL } from './support/engineFixture';
import { outputsOf } from './support/inProcessN8n';
import { NODE, visitorWorkflow, websiteRequest } from './support/visitorWorkflow';

const engine = setUpEngine();
const { env } = engine;

describe('the cache inside n8n: one HubSpot call per visitor, static data written only on a miss', () => {
	it('calls HubSpot on the first run, serves the second run from static data without writing it', async () => {
		const workflowId = await engine.publish(visitorWorkflow({ id: 'cache-two-runs', credentialId: CREDENTIAL.valid }));
		const visitor = websiteRequest({ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' });

		const first = await env.n8n.visitorsArrive(workflowId, [visitor]);
		expect(first.run.status).toBe('success');
		expect(env.hubspot.received).toHaveLength(1);
		const [[miss]] = outputsOf(first, NODE.identify);
		expect(miss.json).toMatchObject({ cached: false, token: env.hubspot.issuedTokens[0], email: 'ada@example.com' });
		// n8n's signal to write the workflow's static data back to its database.
		expect(first.staticDataChanged).toBe(true);
		const storedAfterMiss = env.n8n.storedStaticData(workflowId);
		expect(storedAfterMiss?.[`node:${NODE.identify}`]).toEqual({ tokenCache: expect.stringMatching(/^c2:/) });

		const second = await env.n8n.visitorsArrive(workflowId, [visitor]);
		expect(second.run.status).toBe('success');
		expect(env.hubspot.received).toHaveLength(1);
		const [[hit]] = outputsOf(second, NODE.identify);
		expect(hit.json).toMatchObject({ cached: true, token: miss.json.token, expiresAt: miss.json.expiresAt });
		expect(second.staticDataChanged).toBe(false);
		expect(env.n8n.storedStaticData(workflowId)).toEqual(storedAfterMiss);
	});

	it('stores neither the email nor the token in the static data n8n persists', async () => {
		const workflowId = await engine.publish(visitorWorkflow({ id: 'cache-privacy', credentialId: CREDENTIAL.valid }));
		const execution = await env.n8n.visitorsArrive(workflowId, [websiteRequest({ email: 'Grace.Hopper@Example.com' })]);
		expect(execution.staticDataChanged).toBe(true);

		const persisted = JSON.stringify(env.n8n.storedStaticData(workflowId)).toLowerCase();
		expect(persisted).toContain('tokencache');
		expect(persisted).not.toContain('grace');
		expect(persisted).not.toContain(env.hubspot.issuedTokens[0].toLowerCase());
	});

	it('gives a different visitor in a later run a fresh token and persists both', async () => {
		const workflowId = await engine.publish(visitorWorkflow({ id: 'cache-two-visitors', credentialId: CREDENTIAL.valid }));
		await env.n8n.visitorsArrive(workflowId, [websiteRequest({ email: 'ada@example.com' })]);
		const other = await env.n8n.visitorsArrive(workflowId, [websiteRequest({ email: 'grace@example.com' })]);
		const again = await env.n8n.visitorsArrive(workflowId, [websiteRequest({ email: 'ADA@example.com ' }), websiteRequest({ email: 'grace@example.com' })]);

		expect(env.hubspot.received.map((request) => (request.body as { email: string }).email)).toEqual(['ada@example.com', 'grace@example.com']);
		expect(other.staticDataChanged).toBe(true);
		expect(outputsOf(again, NODE.identify)[0].map((item) => item.json.cached)).toEqual([true, true]);
		expect(again.staticDataChanged).toBe(false);
	});
});
