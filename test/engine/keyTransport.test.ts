// The login provider's documents fetched through n8n-core's own HTTP helpers (httpRequest for executions,
// the older request for the credential's Test button), against a local server that logs what it is asked:
// the request asks for JSON, a redirect comes back unfollowed, an HTTP error comes back as an answer rather
// than a throw, and the body arrives as the exact bytes sent, with the response headers.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { CredentialTestContext, ExecuteContext, ExecutionLifecycleHooks } from 'n8n-core';
import { Workflow, createRunExecutionData, type INode, type INodeType, type INodeTypes } from 'n8n-workflow';

import { HubspotVisitorIdentification } from '../../nodes/HubspotVisitorIdentification/HubspotVisitorIdentification.node';
import type { DocumentFetcher } from '../../nodes/HubspotVisitorIdentification/shared/idToken/documents';
import { documentFetcherFor, documentFetcherForCredentialTest } from '../../nodes/HubspotVisitorIdentification/shared/idToken/keyTransport';
import { additionalDataFor } from './support/additionalData';
import { CredentialsHelper } from './support/credentialsHelper';

/** The JWKS exactly as served: pretty-printed, so parsed-and-reserialised JSON would not be the same bytes. */
const JWKS_TEXT = '{\n  "keys": []\n}\n';

interface Seen {
	path: string;
	accept: string | undefined;
}

let server: Server;
let origin: string;
const seen: Seen[] = [];

beforeAll(async () => {
	server = createServer((req, res) => {
		const headers: IncomingHttpHeaders = req.headers;
		seen.push({ path: req.url ?? '', accept: headers.accept });
		if (req.url === '/jwks') {
			res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'public, max-age=600' });
			res.end(JWKS_TEXT);
		} else if (req.url === '/moved') {
			res.writeHead(302, { location: '/jwks' });
			res.end();
		} else {
			res.writeHead(503, { 'content-type': 'text/plain' });
			res.end('down for maintenance');
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => await new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
	seen.length = 0;
});

function additionalData() {
	const node = nodeUnderTest();
	return additionalDataFor({
		executionId: 'key-transport',
		workflowId: 'key-transport',
		credentialsHelper: new CredentialsHelper([], []),
		hooks: new ExecutionLifecycleHooks('internal', 'key-transport', { id: 'key-transport', name: 'key transport', active: false, isArchived: false, nodes: [node], connections: {}, createdAt: new Date(), updatedAt: new Date(), activeVersionId: null }),
	});
}

function nodeUnderTest(): INode {
	return { id: 'visitor', name: 'Visitor Identification', type: 'n8n-nodes-hubspot-visitor-identification.hubspotVisitorIdentification', typeVersion: 1, position: [0, 0], parameters: {} };
}

/** The fetcher an execution uses, on a real ExecuteContext (n8n-core's httpRequest helper). */
function executionFetcher(): DocumentFetcher {
	const nodeType: INodeType = new HubspotVisitorIdentification();
	const nodeTypes: INodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
	const node = nodeUnderTest();
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const context = new ExecuteContext(workflow, node, additionalData(), 'internal', createRunExecutionData(), 0, [], { main: [[{ json: {} }]] }, { node, data: {}, source: null }, []);
	return documentFetcherFor(context, 2000);
}

/** The fetcher the credential's Test button uses (n8n-core's CredentialTestContext, the legacy request helper). */
function credentialTestFetcher(): DocumentFetcher {
	return documentFetcherForCredentialTest(new CredentialTestContext(additionalData()).helpers, 2000);
}

describe.each([
	['an execution (httpRequest)', executionFetcher],
	['the credential test (request)', credentialTestFetcher],
])('key documents fetched by %s', (_label, fetcherOf) => {
	it('asks for JSON and hands back the exact bytes with the status and the response headers', async () => {
		const response = await fetcherOf()(`${origin}/jwks`);
		expect(response.statusCode).toBe(200);
		expect(Buffer.isBuffer(response.body)).toBe(true);
		expect((response.body as Buffer).toString('utf8')).toBe(JWKS_TEXT);
		expect(response.headers['cache-control']).toBe('public, max-age=600');
		expect(seen).toEqual([{ path: '/jwks', accept: 'application/json' }]);
	});

	it('does not follow a redirect: it comes back as the answer, with its Location', async () => {
		const response = await fetcherOf()(`${origin}/moved`);
		expect(response.statusCode).toBe(302);
		expect(response.headers.location).toBe('/jwks');
		expect(seen.map((request) => request.path)).toEqual(['/moved']);
	});

	it('returns an HTTP error as an answer instead of throwing, so it can be described', async () => {
		const response = await fetcherOf()(`${origin}/down`);
		expect(response.statusCode).toBe(503);
		expect(Buffer.from(response.body as Buffer).toString('utf8')).toBe('down for maintenance');
	});
});
