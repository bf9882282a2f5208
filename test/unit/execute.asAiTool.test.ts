import { jsonOf, runNode } from '../support/executeContext';

const asTool = 'n8n-nodes-hubspot-visitor-identification.hubspotVisitorIdentificationTool';

describe('as an AI agent\'s tool the node works only with a verified ID token', () => {
	it('refuses Email From the Workflow as a tool, naming the fix, without calling HubSpot', async () => {
		const result = await runNode({ items: [{ email: 'ceo@example.com' }], nodeType: asTool });
		expect(result.error?.message).toMatch(/^As an AI agent's tool this node works only with Identify By → Verified ID Token/);
		expect(result.requests).toHaveLength(0);
	});

	it('in a workflow, email mode works as before', async () => {
		const result = await runNode({ items: [{ email: 'ceo@example.com' }], nodeType: 'n8n-nodes-hubspot-visitor-identification.hubspotVisitorIdentification' });
		expect(jsonOf(result)[0].email).toBe('ceo@example.com');
	});

	it('as a tool in Verified ID Token mode, the token is checked as usual (not refused for being a tool)', async () => {
		const result = await runNode({ items: [{ idToken: 'not-a-jwt' }], identifyBy: 'idToken', nodeType: asTool, continueOnFail: true });
		expect(result.error?.message ?? '').not.toMatch(/AI agent/);
		expect(result.requests).toHaveLength(0);
	});

	it('as a tool, refuses an ID Token the model fills in ($fromAI): it would pass through the model\'s provider', async () => {
		const result = await runNode({ items: [{ idToken: 'x' }], identifyBy: 'idToken', nodeType: asTool, nodeParameters: { idToken: "={{ $fromAI('idToken') }}" } });
		expect(result.error?.message).toMatch(/not from the model \(\$fromAI\)/);
		expect(result.requests).toHaveLength(0);
		expect(result.keyRequests).toHaveLength(0);
	});
});
