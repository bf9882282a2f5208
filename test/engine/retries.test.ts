// The default retry policy inside n8n's engine: the node's options as n8n resolves them (no options set)
// and real waits, against a HubSpot that keeps failing.
import { setUpEngine, CREDENTIAL } from './support/engineFixture';
import { outputsOf } from './support/inProcessN8n';
import { NODE, visitorWorkflow, websiteRequest } from './support/visitorWorkflow';

const engine = setUpEngine();
const { env } = engine;

const outage = { status: 503, body: { status: 'error', message: 'Service unavailable', category: 'INTERNAL_ERROR' } };

describe('Max Retries defaults to 3', () => {
	it('asks a failing HubSpot exactly 4 times (1 + 3 retries), then routes the item to the error output', async () => {
		const workflowId = await engine.publish(visitorWorkflow({ id: 'retries-default', credentialId: CREDENTIAL.valid, onError: 'continueErrorOutput' }));
		// Exactly four failures are scripted: a fifth attempt would get a token and the item would succeed.
		env.hubspot.reply(outage, outage, outage, outage);
		const execution = await env.n8n.visitorsArrive(workflowId, [websiteRequest({ email: 'ada@example.com' })]);

		expect(env.hubspot.received).toHaveLength(4);
		const [succeeded, failed] = outputsOf(execution, NODE.identify);
		expect(succeeded).toEqual([]);
		expect(failed[0].json.error).toMatchObject({ errorCode: 'HUBSPOT_UNAVAILABLE', httpStatus: 502, message: expect.stringContaining('4 attempts') });
	});

	it('a HubSpot that recovers on the fourth attempt still gives the visitor a token', async () => {
		const workflowId = await engine.publish(visitorWorkflow({ id: 'retries-recover', credentialId: CREDENTIAL.valid }));
		env.hubspot.reply(outage, outage, outage);
		const execution = await env.n8n.visitorsArrive(workflowId, [websiteRequest({ email: 'grace@example.com' })]);
		expect(env.hubspot.received).toHaveLength(4);
		expect(outputsOf(execution, NODE.identify)[0][0].json).toMatchObject({ cached: false, token: env.hubspot.issuedTokens[0] });
	});
});
