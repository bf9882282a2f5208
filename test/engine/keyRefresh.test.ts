// A key refresh beside the visit, through n8n-core's own httpRequest helper (a real ExecuteContext): the
// visitor is answered with the stale keys while the login provider has not answered yet, and the refresh,
// which outlives the execution that started it, still lands in the key cache once the provider answers.
import { ExecuteContext, ExecutionLifecycleHooks } from 'n8n-core';
import { Workflow, createRunExecutionData, type INode, type INodeType, type INodeTypes } from 'n8n-workflow';

import { HubspotVisitorIdentification } from '../../nodes/HubspotVisitorIdentification/HubspotVisitorIdentification.node';
import { IdTokenFailure } from '../../nodes/HubspotVisitorIdentification/shared/idToken/failure';
import { forgetPublishedKeys, keyFetchesSettled } from '../../nodes/HubspotVisitorIdentification/shared/idToken/jwks';
import { documentFetcherFor } from '../../nodes/HubspotVisitorIdentification/shared/idToken/keyTransport';
import { readLoginProvider, type LoginProvider } from '../../nodes/HubspotVisitorIdentification/shared/idToken/loginProvider';
import { verifyIdToken } from '../../nodes/HubspotVisitorIdentification/shared/idToken/verifyIdToken';
import { LoginProviderStandIn, makeSigningKey, signToken, type SigningKey } from '../support/login-provider';
import { additionalDataFor } from './support/additionalData';
import { CredentialsHelper } from './support/credentialsHelper';

const START = Date.parse('2026-11-24T08:00:00Z');
const HOUR = 3_600_000;

let key: SigningKey;
let provider: LoginProviderStandIn;

beforeAll(async () => {
	key = makeSigningKey('RSA-2048');
	provider = await LoginProviderStandIn.start({ keys: [key] });
});
afterAll(async () => {
	provider.setOutage('none');
	provider.releaseHeld();
	await keyFetchesSettled();
	await provider.stop();
});

/** The fetcher one execution uses: n8n-core's httpRequest helper on a real ExecuteContext. */
function executionFetcher(executionId: string) {
	const node: INode = { id: 'visitor', name: 'Visitor Identification', type: 'n8n-nodes-hubspot-visitor-identification.hubspotVisitorIdentification', typeVersion: 1, position: [0, 0], parameters: {} };
	const nodeType: INodeType = new HubspotVisitorIdentification();
	const nodeTypes: INodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = additionalDataFor({
		executionId,
		workflowId: 'key-refresh',
		credentialsHelper: new CredentialsHelper([], []),
		hooks: new ExecutionLifecycleHooks('internal', executionId, { id: 'key-refresh', name: 'key refresh', active: false, isArchived: false, nodes: [node], connections: {}, createdAt: new Date(), updatedAt: new Date(), activeVersionId: null }),
	});
	const context = new ExecuteContext(workflow, node, additionalData, 'internal', createRunExecutionData(), 0, [], { main: [[{ json: {} }]] }, { node, data: {}, source: null }, []);
	return documentFetcherFor(context, 5000);
}

function settings(): LoginProvider {
	const read = readLoginProvider({ issuer: provider.issuer, audience: 'client-123' });
	if (read instanceof Error) throw read;
	return read;
}

function tokenAt(now: number, signer: SigningKey): string {
	const seconds = Math.floor(now / 1000);
	return signToken({ iss: provider.issuer, aud: 'client-123', sub: 'u1', exp: seconds + 600, email: 'ada@example.com', email_verified: true }, { alg: 'RS256', key: signer.privateKey }, { kid: signer.kid });
}

async function ticks(): Promise<'still waiting'> {
	for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
	return 'still waiting';
}

it('stale keys answer the visitor at once; the refresh started by that execution lands after it, through n8n\'s helper', async () => {
	forgetPublishedKeys();
	const first = await verifyIdToken(tokenAt(START, key), settings(), { fetchDocument: executionFetcher('warm'), timeoutMs: 5000, now: START });
	expect(first).not.toBeInstanceOf(IdTokenFailure);

	const next = makeSigningKey('RSA-2048');
	provider.publish([key, next]);
	provider.setOutage('hang');
	const later = START + HOUR;
	const answer = await Promise.race([verifyIdToken(tokenAt(later, key), settings(), { fetchDocument: executionFetcher('stale'), timeoutMs: 5000, now: later }), ticks()]);
	expect(answer).toMatchObject({ email: 'ada@example.com' });

	// The execution is over; its refreshes are still waiting for the provider.
	while (provider.heldCount() < 2) await new Promise((resolve) => setTimeout(resolve, 5));
	provider.setOutage('none');
	provider.releaseHeld();
	await keyFetchesSettled();
	const fetchesBefore = provider.fetches.length;
	const rotated = await verifyIdToken(tokenAt(later + 1000, next), settings(), { fetchDocument: executionFetcher('rotated'), timeoutMs: 5000, now: later + 1000 });
	expect(rotated).toMatchObject({ email: 'ada@example.com' });
	expect(provider.fetches).toHaveLength(fetchesBefore);
});
