// The cache as n8n-core's engine keeps it: static data loaded into each execution's Workflow, handed to the
// workflowExecuteAfter hook when it changed, and written back whole (last writer wins), as n8n's CLI does.
// "A restart" forgets what the node shares in process memory, so only what n8n persisted can serve a visitor.
import type { INode, IConnections } from 'n8n-workflow';

import { forgetProcessShares } from '../../nodes/HubspotVisitorIdentification/shared/processShare';
import { setUpEngine, CREDENTIAL } from './support/engineFixture';
import { outputsOf, type WorkflowDefinition } from './support/inProcessN8n';
import { NODE, visitorWorkflow, websiteRequest } from './support/visitorWorkflow';

const engine = setUpEngine();
const { env } = engine;

const emailsAskedFor = () => env.hubspot.received.map((request) => (request.body as { email: string }).email);

/** The workflow with one node renamed, as renaming it on the canvas does: its connections follow the new name. */
function renamed(definition: WorkflowDefinition, from: string, to: string): WorkflowDefinition {
	const rename = (name: string) => (name === from ? to : name);
	const connections: IConnections = {};
	for (const [source, outputs] of Object.entries(definition.connections)) {
		connections[rename(source)] = Object.fromEntries(
			Object.entries(outputs).map(([type, branches]) => [type, branches.map((branch) => branch?.map((target) => ({ ...target, node: rename(target.node) })) ?? null)]),
		);
	}
	const nodes: INode[] = definition.nodes.map((node) => ({ ...node, name: rename(node.name) }));
	return { ...definition, nodes, connections };
}

describe('the cache persists across executions and restarts through the static data n8n stores', () => {
	it('after a restart, a visitor is served from the stored static data alone, with no HubSpot call', async () => {
		const workflowId = await engine.publish(visitorWorkflow({ id: 'persist-restart', credentialId: CREDENTIAL.valid }));
		const first = await env.n8n.visitorsArrive(workflowId, [websiteRequest({ email: 'ada@example.com' })]);
		const [[issued]] = outputsOf(first, NODE.identify);

		forgetProcessShares();
		const afterRestart = await env.n8n.visitorsArrive(workflowId, [websiteRequest({ email: 'Ada@Example.com' })]);

		expect(emailsAskedFor()).toEqual(['ada@example.com']);
		expect(outputsOf(afterRestart, NODE.identify)[0][0].json).toMatchObject({ cached: true, token: issued.json.token, expiresAt: issued.json.expiresAt });
		expect(afterRestart.staticDataChanged).toBe(false);
	});
});

describe('overlapping executions, each with its own copy of static data, as n8n-core runs them', () => {
	it('do not erase each other\'s new entries although each writes back its whole copy', async () => {
		const workflowId = await engine.publish(visitorWorkflow({ id: 'overlap-distinct', credentialId: CREDENTIAL.valid }));
		// Both start before either ends: both load the same stored static data (none yet).
		const ada = env.n8n.visitorsArrive(workflowId, [websiteRequest({ email: 'ada@example.com' })]);
		const grace = env.n8n.visitorsArrive(workflowId, [websiteRequest({ email: 'grace@example.com' })]);
		const [adaRun, graceRun] = await Promise.all([ada, grace]);
		expect([adaRun.staticDataChanged, graceRun.staticDataChanged]).toEqual([true, true]);

		// Only what n8n stored counts from here: the last writer's copy must hold both visitors.
		forgetProcessShares();
		const both = await env.n8n.visitorsArrive(workflowId, [websiteRequest({ email: 'ada@example.com' }), websiteRequest({ email: 'grace@example.com' })]);
		expect(outputsOf(both, NODE.identify)[0].map((item) => item.json.cached)).toEqual([true, true]);
		expect(emailsAskedFor().sort()).toEqual(['ada@example.com', 'grace@example.com']);
	});

	it('make one HubSpot call for the same visitor\'s concurrent first visits, and give both the same token', async () => {
		const workflowId = await engine.publish(visitorWorkflow({ id: 'overlap-same', credentialId: CREDENTIAL.valid }));
		const runs = await Promise.all([1, 2, 3].map(() => env.n8n.visitorsArrive(workflowId, [websiteRequest({ email: 'ada@example.com' })])));
		const answers = runs.map((run) => outputsOf(run, NODE.identify)[0][0].json);
		expect(emailsAskedFor()).toEqual(['ada@example.com']);
		expect(new Set(answers.map((answer) => answer.token))).toEqual(new Set([env.hubspot.issuedTokens[0]]));
		expect(answers.filter((answer) => answer.cached === false)).toHaveLength(1);
	});
});

describe('renaming the node starts a fresh cache (static data is stored under the node\'s name)', () => {
	it('calls HubSpot again after the rename, then caches under the new name', async () => {
		const original = visitorWorkflow({ id: 'rename', credentialId: CREDENTIAL.valid });
		const workflowId = await engine.publish(original);
		await env.n8n.visitorsArrive(workflowId, [websiteRequest({ email: 'ada@example.com' })]);

		const newName = 'Identify Visitor';
		env.n8n.saveWorkflow(renamed(original, NODE.identify, newName));
		const afterRename = await env.n8n.visitorsArrive(workflowId, [websiteRequest({ email: 'ada@example.com' })]);
		const again = await env.n8n.visitorsArrive(workflowId, [websiteRequest({ email: 'ada@example.com' })]);

		expect(emailsAskedFor()).toEqual(['ada@example.com', 'ada@example.com']);
		expect(outputsOf(afterRename, newName)[0][0].json.cached).toBe(false);
		expect(outputsOf(again, newName)[0][0].json.cached).toBe(true);
		expect(env.n8n.storedStaticData(workflowId)).toMatchObject({ [`node:${newName}`]: { tokenCache: expect.stringMatching(/^c2:/) } });
	});
});
