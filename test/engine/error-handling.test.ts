import { inspect } from 'node:util';
import type { IDataObject } from 'n8n-workflow';

import { setUpEngine, CREDENTIAL } from './support/engineFixture';
import { itemsReaching, outputsOf, type Execution } from './support/inProcessN8n';
import { NODE, visitorWorkflow, websiteRequest, WEBHOOK_STYLE_MAPPING } from './support/visitorWorkflow';

const engine = setUpEngine();
const { env } = engine;

const visitors = [websiteRequest({ email: 'ada@example.com' }), websiteRequest({ email: 'not an email' }), websiteRequest({ email: 'grace@example.com' })];

/** Everything n8n keeps of an execution (what it would store and show), as text. */
function everything(execution: Execution): string {
	return inspect(execution.run, { depth: Infinity, getters: true, showHidden: true });
}

/** The details of an error item: everything sits under `error`, the only shape n8n 1.x and 2.x both route to the error output. */
function errorOf(json: IDataObject): IDataObject {
	return json.error as IDataObject;
}

describe('On Error: Continue (using error output)', () => {
	it('sends a bad item to the error output with its pairedItem, and the good ones on with their tokens', async () => {
		const workflowId = await engine.publish(visitorWorkflow({ id: 'errors-error-output', credentialId: CREDENTIAL.valid, onError: 'continueErrorOutput' }));
		const execution = await env.n8n.visitorsArrive(workflowId, visitors);

		expect(execution.run.status).toBe('success');
		expect(env.hubspot.received).toHaveLength(2);
		const [main, errors] = outputsOf(execution, NODE.identify);
		expect(main.map((item) => [item.json.email, typeof item.json.token, item.pairedItem])).toEqual([
			['ada@example.com', 'string', { item: 0 }],
			['grace@example.com', 'string', { item: 2 }],
		]);
		expect(errors).toHaveLength(1);
		expect(errors[0].pairedItem).toEqual({ item: 1 });
		expect(errorOf(errors[0].json)).toMatchObject({ errorCode: 'INVALID_INPUT', httpStatus: 400, field: 'email' });
		expect(itemsReaching(execution, NODE.answer)).toHaveLength(2);
		expect(itemsReaching(execution, NODE.answerError)).toHaveLength(1);
	});
});

describe('On Error: Continue (regular output)', () => {
	it('keeps every item on the main output, the bad one as an error item with its pairedItem', async () => {
		const workflowId = await engine.publish(visitorWorkflow({ id: 'errors-regular-output', credentialId: CREDENTIAL.valid, onError: 'continueRegularOutput' }));
		const execution = await env.n8n.visitorsArrive(workflowId, visitors);

		expect(execution.run.status).toBe('success');
		const [main] = outputsOf(execution, NODE.identify);
		expect(main.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(errorOf(main[1].json)).toMatchObject({ errorCode: 'INVALID_INPUT', httpStatus: 400, field: 'email', message: expect.stringContaining('Item 1') });
		expect(env.hubspot.issuedTokens).toHaveLength(2);
		expect([main[0].json.token, main[2].json.token].sort()).toEqual([...env.hubspot.issuedTokens].sort());
	});
});

describe('On Error: Stop Workflow (the default)', () => {
	it('fails the run on a HubSpot 401 with a message that names the problem and not the access token', async () => {
		const workflowId = await engine.publish(visitorWorkflow({ id: 'errors-unauthorized', credentialId: CREDENTIAL.revoked }));
		const execution = await env.n8n.visitorsArrive(workflowId, [websiteRequest({ email: 'ada@example.com' })]);

		expect(execution.run.status).toBe('error');
		const error = execution.run.data.resultData.error;
		expect(error?.message).toMatch(/401/);
		expect(error?.message).toMatch(/access token/i);
		expect(error?.message).not.toContain(env.revokedToken);
		expect(everything(execution)).not.toContain(env.revokedToken);
		// n8n logs the node's error; the log shows the problem and not the token.
		expect(env.logs.some((line) => line.includes('(401)'))).toBe(true);
		expect(env.logs.join('\n')).not.toContain(env.revokedToken);
		// 401 is never retried, and the website's answer node is never reached.
		expect(env.hubspot.received).toHaveLength(1);
		expect(env.hubspot.received[0].authorization).toBe(`Bearer ${env.revokedToken}`);
		expect(itemsReaching(execution, NODE.answer)).toEqual([]);
	});

	it('fails the run when HubSpot drops the connection, without the access token anywhere in the execution', async () => {
		const workflowId = await engine.publish(
			visitorWorkflow({ id: 'errors-dropped', credentialId: CREDENTIAL.valid, parameters: { ...WEBHOOK_STYLE_MAPPING, options: { maxRetries: 0 } } }),
		);
		env.hubspot.reply('drop-connection');
		const execution = await env.n8n.visitorsArrive(workflowId, [websiteRequest({ email: 'ada@example.com' })]);

		expect(execution.run.status).toBe('error');
		const error = execution.run.data.resultData.error;
		// The node's own advice, not n8n's generic text for a reset connection.
		expect(error?.message).toMatch(/^Item 0: Could not reach HubSpot at 127\.0\.0\.1:\d+/);
		expect(env.hubspot.received).toHaveLength(1);
		expect(everything(execution)).not.toContain(env.accessToken);
		expect(env.logs.join('\n')).not.toContain(env.accessToken);
	});
});

describe('the access token never reaches an execution, whatever HubSpot or a proxy echoes back', () => {
	it('a 400 with {"correlationId": "Bearer <token>"}: the error item the website is answered with holds no token', async () => {
		const workflowId = await engine.publish(visitorWorkflow({ id: 'errors-echo-body', credentialId: CREDENTIAL.valid, onError: 'continueErrorOutput' }));
		env.hubspot.reply({ status: 400, body: { status: 'error', message: `Invalid request for ${env.accessToken} (${env.accessToken})`, correlationId: `Bearer ${env.accessToken}` } });
		const execution = await env.n8n.visitorsArrive(workflowId, [websiteRequest({ email: 'ada@example.com' })]);

		expect(execution.run.status).toBe('success');
		const [answered] = itemsReaching(execution, NODE.answerError);
		const error = errorOf(answered.json);
		expect(error).toMatchObject({ errorCode: 'HUBSPOT_REJECTED_INPUT', httpStatus: 400 });
		expect(error.correlationId).toBeUndefined();
		expect((error.message as string).split('[redacted]')).toHaveLength(3);
		expect(everything(execution)).not.toContain(env.accessToken);
		expect(env.logs.join('\n')).not.toContain(env.accessToken);
	});

	it('a 401 with the token in the x-hubspot-correlation-id header fails the run without the token in the error, the execution or the logs', async () => {
		const workflowId = await engine.publish(visitorWorkflow({ id: 'errors-echo-header', credentialId: CREDENTIAL.valid }));
		env.hubspot.reply({ status: 401, body: { status: 'error', message: 'Authentication credentials not found', category: 'INVALID_AUTHENTICATION' }, headers: { 'x-hubspot-correlation-id': env.accessToken } });
		const logsBefore = env.logs.length;
		const execution = await env.n8n.visitorsArrive(workflowId, [websiteRequest({ email: 'ada@example.com' })]);

		expect(execution.run.status).toBe('error');
		expect(execution.run.data.resultData.error?.message).toMatch(/^Item 0: HubSpot did not accept the access token \(401\)/);
		expect(everything(execution)).not.toContain(env.accessToken);
		expect(env.logs.slice(logsBefore).some((line) => line.includes('(401)'))).toBe(true);
		expect(env.logs.join('\n')).not.toContain(env.accessToken);
	});
});
