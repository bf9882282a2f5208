import { setUpEngine, CREDENTIAL } from './support/engineFixture';
import { outputsOf } from './support/inProcessN8n';
import { NODE, visitorWorkflow, websiteRequest, WEBHOOK_STYLE_MAPPING } from './support/visitorWorkflow';

const engine = setUpEngine();
const { env } = engine;

describe('the request n8n sends to HubSpot for the node', () => {
	it('carries the credential as a Bearer token and the visitor as a JSON body, per item', async () => {
		const workflowId = await engine.publish(visitorWorkflow({ id: 'call-per-item', credentialId: CREDENTIAL.valid }));
		const execution = await env.n8n.visitorsArrive(workflowId, [
			websiteRequest({ email: '  Ada.Lovelace@Example.com ', firstName: 'Ada', lastName: 'Lovelace' }),
			websiteRequest({ email: 'grace@example.com' }),
		]);

		expect(execution.run.status).toBe('success');
		expect(env.hubspot.received).toHaveLength(2);
		for (const request of env.hubspot.received) {
			expect(request).toMatchObject({ method: 'POST', path: '/visitor-identification/2026-03/tokens/create', authorization: `Bearer ${env.accessToken}` });
			expect(request.contentType).toMatch(/^application\/json/);
		}
		// Concurrent calls may arrive in any order; each body must match its own visitor.
		const bodies = env.hubspot.received.map((request) => request.body);
		expect(bodies).toEqual(expect.arrayContaining([{ email: 'ada.lovelace@example.com', firstName: 'Ada', lastName: 'Lovelace' }, { email: 'grace@example.com' }]));
		expect(outputsOf(execution, NODE.identify)[0].map((item) => [item.json.email, item.pairedItem])).toEqual([
			['ada.lovelace@example.com', { item: 0 }],
			['grace@example.com', { item: 1 }],
		]);
	});

	it("applies the credential class's authenticate, which trims a token pasted with whitespace", async () => {
		const workflowId = await engine.publish(visitorWorkflow({ id: 'call-pasted-token', credentialId: CREDENTIAL.pasted }));
		const execution = await env.n8n.visitorsArrive(workflowId, [websiteRequest({ email: 'ada@example.com' })]);

		expect(execution.run.status).toBe('success');
		expect(env.hubspot.received.map((request) => request.authorization)).toEqual([`Bearer ${env.accessToken}`]);
	});

	it("resolves expressions against each item with n8n's own expression engine", async () => {
		const workflowId = await engine.publish(
			visitorWorkflow({
				id: 'call-expressions',
				credentialId: CREDENTIAL.valid,
				parameters: {
					...WEBHOOK_STYLE_MAPPING,
					email: '={{ $json.body.contact.emails[0] }}',
					firstName: '={{ $json.body.name.split(" ")[0] }}',
					lastName: '={{ $json.body.name.split(" ").slice(1).join(" ") }}',
				},
			}),
		);
		const execution = await env.n8n.visitorsArrive(workflowId, [
			websiteRequest({ contact: { emails: ['mary@example.com', 'other@example.com'] }, name: 'Mary Jackson' }),
			websiteRequest({ contact: { emails: ['katherine@example.com'] }, name: 'Katherine Coleman Johnson' }),
		]);

		expect(execution.run.status).toBe('success');
		const identities = outputsOf(execution, NODE.identify)[0].map(({ json }) => [json.email, json.firstName, json.lastName]);
		expect(identities).toEqual([
			['mary@example.com', 'Mary', 'Jackson'],
			['katherine@example.com', 'Katherine', 'Coleman Johnson'],
		]);
		expect(env.hubspot.received.map((request) => request.body)).toEqual(
			expect.arrayContaining([
				{ email: 'mary@example.com', firstName: 'Mary', lastName: 'Jackson' },
				{ email: 'katherine@example.com', firstName: 'Katherine', lastName: 'Coleman Johnson' },
			]),
		);
		expect(env.hubspot.received).toHaveLength(2);
	});

	it('hands the next node the output items, tokens and chat settings included', async () => {
		const workflowId = await engine.publish(visitorWorkflow({ id: 'call-next-node', credentialId: CREDENTIAL.valid }));
		const execution = await env.n8n.visitorsArrive(workflowId, [websiteRequest({ email: 'ada@example.com' })]);

		const [answered] = outputsOf(execution, NODE.answer)[0];
		expect(answered.json).toEqual({
			token: env.hubspot.issuedTokens[0],
			email: 'ada@example.com',
			firstName: '',
			lastName: '',
			expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
			cached: false,
			hsConversationsSettings: { identificationEmail: 'ada@example.com', identificationToken: env.hubspot.issuedTokens[0] },
		});
	});
});
