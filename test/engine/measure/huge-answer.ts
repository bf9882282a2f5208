// Peak memory of one request whose answer is 256 MB, through n8n-core's HTTP client, for the node's HubSpot
// call and for a key-document fetch. Reports figures only; run it on two commits to compare:
//   for c in hubspot-chunked hubspot-length keys-chunked keys-length; do node --expose-gc node_modules/.bin/tsx test/engine/measure/huge-answer.ts $c; done
// One case per process: RSS does not shrink after a case, so a second case in the same process would start high.
// The server is a bounded loopback stand-in in this process (it re-sends one 64 KB buffer), so the peak is
// the client's. Peak RSS is sampled every 5 ms; heap figures are after the request.
import { ExecuteContext, ExecutionLifecycleHooks } from 'n8n-core';
import { Workflow, createRunExecutionData, type INode, type INodeType, type INodeTypes } from 'n8n-workflow';

import { HubspotVisitorIdentificationApi } from '../../../credentials/HubspotVisitorIdentificationApi.credentials';
import { loadDocument } from '../../../nodes/HubspotVisitorIdentification/shared/idToken/documents';
import { documentFetcherFor } from '../../../nodes/HubspotVisitorIdentification/shared/idToken/keyTransport';
import { createVisitorToken } from '../../../nodes/HubspotVisitorIdentification/shared/transport';
import { startHugeOrigin } from '../../support/hubspot-simulator/misbehaving-origins';
import { additionalDataFor } from '../support/additionalData';
import { CredentialsHelper } from '../support/credentialsHelper';
import { useTemporaryN8nHome } from '../support/n8nHome';

const MB = 1024 * 1024;

function contextFor(baseUrl: string): ExecuteContext {
	// Any node type will do: the requests are made straight from the execute context.
	const nodeType = { description: { name: 'hvi', credentials: [{ name: 'hubspotVisitorIdentificationApi', required: true }], properties: [] } } as unknown as INodeType;
	const nodeTypes: INodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
	const node: INode = { id: 'v', name: 'Visitor Identification', type: 'hvi', typeVersion: 1, position: [0, 0], parameters: {}, credentials: { hubspotVisitorIdentificationApi: { id: 'h', name: 'h' } } };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = additionalDataFor({
		executionId: 'measure',
		workflowId: 'measure',
		credentialsHelper: new CredentialsHelper([new HubspotVisitorIdentificationApi()], [{ id: 'h', name: 'h', type: 'hubspotVisitorIdentificationApi', data: { accessToken: 'pat-na1-measure', baseUrl } }]),
		hooks: new ExecutionLifecycleHooks('internal', 'measure', { id: 'measure', name: 'measure', active: false, isArchived: false, nodes: [node], connections: {}, createdAt: new Date(), updatedAt: new Date(), activeVersionId: null }),
	});
	return new ExecuteContext(workflow, node, additionalData, 'internal', createRunExecutionData(), 0, [], { main: [[{ json: {} }]] }, { node, data: {}, source: null }, []);
}

async function measure(label: string, declareLength: boolean, run: (url: string) => Promise<string>): Promise<void> {
	const origin = await startHugeOrigin(256 * MB, declareLength);
	global.gc?.();
	const before = process.memoryUsage().rss;
	let peak = before;
	const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
	const startedAt = Date.now();
	const outcome = await run(origin.url);
	clearInterval(sampler);
	peak = Math.max(peak, process.memoryUsage().rss);
	const tookMs = Date.now() - startedAt;
	await origin.stop();
	process.stdout.write(`${label} (${declareLength ? 'Content-Length' : 'chunked'}): peak RSS ${((peak - before) / MB).toFixed(1)} MB above the ${(before / MB).toFixed(0)} MB before; server sent ${(origin.bytesSent[0] / MB).toFixed(2)} MB; ${tookMs} ms; ${outcome.slice(0, 110)}\n`);
}

async function main(): Promise<void> {
	const removeHome = useTemporaryN8nHome();
	try {
		const [what, framing] = (process.argv[2] ?? 'hubspot-chunked').split('-');
		const declareLength = framing === 'length';
		if (what === 'hubspot') {
			await measure('HubSpot call', declareLength, async (url) => {
				const attempt = await createVisitorToken(contextFor(url), { baseUrl: url, host: new URL(url).host, apiVersion: '2026-03', timeoutMs: 60_000, credentialType: 'hubspotVisitorIdentificationApi', secretsToRedact: [] }, { email: 'a@example.com', firstName: '', lastName: '' }, Date.now);
				return attempt.failure?.message ?? 'a token';
			});
		} else {
			await measure('key document', declareLength, async (url) => {
				const loaded = await loadDocument(`${url}/jwks`, documentFetcherFor(contextFor('https://api.hubapi.com'), 60_000), 60_000);
				return typeof loaded === 'string' ? loaded : 'a document';
			});
		}
	} finally {
		removeHome();
	}
}

void main().then(() => process.exit(0));
