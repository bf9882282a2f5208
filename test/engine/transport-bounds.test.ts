// How the node's requests travel through n8n-core's own HTTP client: a redirect from
// the Base URL is never followed (the other origin receives nothing, the token included), the Timeout is a
// deadline for the whole answer (a server that drips bytes, or drips even its headers, cannot hold a visitor
// past it), and answers are cut off while they arrive (64 KB for HubSpot, 1 MB for key documents). No
// wall-clock assertions: a slow answer is one that would take far longer than the test's own timeout, and
// what is asserted is the outcome and how much the server managed to send before the client hung up.
import { CredentialTestContext, ExecuteContext, ExecutionLifecycleHooks } from 'n8n-core';
import { Workflow, createRunExecutionData, type INode, type INodeType, type INodeTypes } from 'n8n-workflow';

import { HubspotVisitorIdentificationApi } from '../../credentials/HubspotVisitorIdentificationApi.credentials';
import { HubspotVisitorIdentification } from '../../nodes/HubspotVisitorIdentification/HubspotVisitorIdentification.node';
import { loadDocument } from '../../nodes/HubspotVisitorIdentification/shared/idToken/documents';
import { documentFetcherFor, documentFetcherForCredentialTest } from '../../nodes/HubspotVisitorIdentification/shared/idToken/keyTransport';
import { createVisitorToken, type TokenAttempt } from '../../nodes/HubspotVisitorIdentification/shared/transport';
import { additionalDataFor } from './support/additionalData';
import { pressTestButton } from './support/credentialTest';
import { CredentialsHelper } from './support/credentialsHelper';
import { fakeAccessToken } from './support/engineFixture';
import { startDrippingOrigin, startHeaderDrippingOrigin, startHugeOrigin, startRecordingOrigin, startRedirectingOrigin, type Origin } from '../support/hubspot-simulator/misbehaving-origins';
import { useTemporaryN8nHome } from './support/n8nHome';

const accessToken = fakeAccessToken();
let removeHome: () => void;
const started: Origin[] = [];

beforeAll(() => {
	removeHome = useTemporaryN8nHome();
});
afterEach(async () => {
	while (started.length > 0) await started.pop()?.stop();
});
afterAll(() => removeHome());

async function origin(start: Promise<Origin>): Promise<Origin> {
	const server = await start;
	started.push(server);
	return server;
}

/** Resolves once `condition` holds; the test's own timeout fails it otherwise. */
async function eventually(condition: () => boolean): Promise<void> {
	while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}

function harness(baseUrl: string) {
	const nodeType: INodeType = new HubspotVisitorIdentification();
	const nodeTypes: INodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
	const node: INode = {
		id: 'visitor',
		name: 'Visitor Identification',
		type: 'n8n-nodes-hubspot-visitor-identification.hubspotVisitorIdentification',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { hubspotVisitorIdentificationApi: { id: 'hubspot', name: 'HubSpot' } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = additionalDataFor({
		executionId: 'transport-bounds',
		workflowId: 'transport-bounds',
		credentialsHelper: new CredentialsHelper([new HubspotVisitorIdentificationApi()], [{ id: 'hubspot', name: 'HubSpot', type: 'hubspotVisitorIdentificationApi', data: { accessToken, baseUrl } }]),
		hooks: new ExecutionLifecycleHooks('internal', 'transport-bounds', { id: 'transport-bounds', name: 'transport bounds', active: false, isArchived: false, nodes: [node], connections: {}, createdAt: new Date(), updatedAt: new Date(), activeVersionId: null }),
	});
	return { node, workflow, additionalData };
}

function contextFor(baseUrl: string): ExecuteContext {
	const { node, workflow, additionalData } = harness(baseUrl);
	return new ExecuteContext(workflow, node, additionalData, 'internal', createRunExecutionData(), 0, [], { main: [[{ json: {} }]] }, { node, data: {}, source: null }, []);
}

const credentialTestHelpers = () => new CredentialTestContext(harness('https://api.hubapi.com').additionalData).helpers;

/** One attempt of the node's HubSpot call through n8n-core, as the node makes it. */
async function callHubspot(baseUrl: string, timeoutMs: number): Promise<TokenAttempt> {
	const host = new URL(baseUrl).host;
	return await createVisitorToken(contextFor(baseUrl), { baseUrl, host, apiVersion: '2026-03', timeoutMs, credentialType: 'hubspotVisitorIdentificationApi', secretsToRedact: [] }, { email: 'ada@example.com', firstName: '', lastName: '' }, Date.now);
}

describe('a Base URL that answers with a redirect to another origin', () => {
	it.each([301, 302, 303, 307, 308])('%i: the node does not follow it; the other origin receives nothing; the failure names the status, is not retried', async (status) => {
		const elsewhere = await origin(startRecordingOrigin());
		const base = await origin(startRedirectingOrigin(status, elsewhere.url));

		const attempt = await callHubspot(base.url, 2000);

		expect(attempt.token).toBeUndefined();
		expect(attempt.failure).toMatchObject({ code: 'HUBSPOT_BAD_RESPONSE', details: { retry: 'none', respondWith: 502, hubspotStatus: status } });
		expect(attempt.failure?.message).toContain(`redirect (${status})`);
		expect(attempt.failure?.message).toMatch(/Check the Base URL/);
		expect(attempt.failure?.message).not.toContain(accessToken);
		expect(base.received).toHaveLength(1);
		expect(elsewhere.received).toEqual([]);
	});

	it.each([301, 302, 303, 307, 308])('%i: the credential\'s Test button does not follow it either, and names the status (n8n 2.x)', async (status) => {
		const elsewhere = await origin(startRecordingOrigin());
		const base = await origin(startRedirectingOrigin(status, elsewhere.url));

		const result = await pressTestButton(new HubspotVisitorIdentificationApi(), { accessToken, baseUrl: base.url });

		expect(result.status).toBe('Error');
		expect(result.message).toContain(`redirect (${status})`);
		expect(result.message).not.toContain(accessToken);
		expect(base.received.map((request) => request.authorization)).toEqual([`Bearer ${accessToken}`]);
		expect(elsewhere.received).toEqual([]);
	});
});

describe('the Timeout is a deadline for the whole HubSpot answer', () => {
	it('a server that drips its body (never idle for a second) is cut off at the deadline: a timeout, the connection closed', async () => {
		// 200 bytes at one per 100 ms: 20 s to finish, never 1 s idle. An idle timeout would wait it out and succeed.
		const body = JSON.stringify({ token: 'x'.repeat(180) });
		const drip = await origin(startDrippingOrigin(body, 100));

		const attempt = await callHubspot(drip.url, 1000);

		expect(attempt.failure).toMatchObject({ code: 'HUBSPOT_TIMEOUT', details: { respondWith: 504 } });
		expect(attempt.failure?.message).toMatch(/did not answer within 1 seconds/);
		await eventually(() => drip.closedEarly[0]);
		expect(drip.closedEarly).toEqual([true]);
		expect(drip.bytesSent[0]).toBeLessThan(body.length);
	});

	it('a server that drips even its status line and headers is cut off at the deadline too', async () => {
		const drip = await origin(startHeaderDrippingOrigin(100));

		const attempt = await callHubspot(drip.url, 1000);

		expect(attempt.failure).toMatchObject({ code: 'HUBSPOT_TIMEOUT' });
	});
});

describe('answers are cut off while they arrive', () => {
	const HUGE = 256 * 1024 * 1024;

	it.each([
		['with a Content-Length (refused before reading)', true],
		['without one (chunked, counted while reading)', false],
	])('a 256 MB HubSpot answer %s fails at 64 KB and the server is hung up on', async (_, declareLength) => {
		const huge = await origin(startHugeOrigin(HUGE, declareLength));

		const attempt = await callHubspot(huge.url, 10_000);

		expect(attempt.failure).toMatchObject({ code: 'HUBSPOT_BAD_RESPONSE', details: { retry: 'none' } });
		expect(attempt.failure?.message).toMatch(/more than 64 KB/);
		// The socket buffers of both ends hold a few MB at most; nowhere near 256 MB was sent.
		expect(huge.bytesSent[0]).toBeLessThan(HUGE / 8);
	});

	it.each([
		['an execution (httpRequest)', (url: string) => loadDocument(url, documentFetcherFor(contextFor('https://api.hubapi.com'), 10_000), 10_000)],
		['the credential test (request)', (url: string) => loadDocument(url, documentFetcherForCredentialTest(credentialTestHelpers(), 10_000), 10_000)],
	])('a 256 MB key document fetched by %s fails at 1 MB and the server is hung up on', async (_, load) => {
		const huge = await origin(startHugeOrigin(HUGE, false));

		const problem = await load(`${huge.url}/jwks`);

		expect(problem).toBe(`${huge.url}/jwks: it answered more than the 1 MB a key document may have (reading stopped there)`);
		expect(huge.bytesSent[0]).toBeLessThan(HUGE / 8);
	});

	it.each([
		['an execution (httpRequest)', (url: string) => loadDocument(url, documentFetcherFor(contextFor('https://api.hubapi.com'), 1000), 1000)],
		['the credential test (request)', (url: string) => loadDocument(url, documentFetcherForCredentialTest(credentialTestHelpers(), 1000), 1000)],
	])('a key document dripped by %s is cut off at the deadline', async (_, load) => {
		const drip = await origin(startDrippingOrigin(JSON.stringify({ keys: [], padding: 'x'.repeat(180) }), 100));

		const problem = await load(`${drip.url}/jwks`);

		expect(problem).toBe(`${drip.url}/jwks: no answer within 1 seconds`);
		expect(drip.bytesSent[0]).toBeLessThan(200);
	});
});
