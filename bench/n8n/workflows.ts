import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { WorkflowToImport } from '../../test/support/n8n';
import { REPO_ROOT } from '../../test/support/n8n';
import { withCachedInAnswer } from '../../test/support/example-workflows';

/** The workflows timed against each other. Ids stay ≤ 21 characters: n8n drops static data of longer ones. */
export const WORKFLOW_IDS = {
	floor: 'benchFloor',
	floorFields: 'benchFloorFields',
	floorCredential: 'benchFloorCredential',
	floorFullStatic: 'benchFloorFullStatic',
	uncached: 'benchUncached',
	hit: 'benchHit',
	hitFullCache: 'benchHitFullCache',
	miss: 'benchMiss',
	firstVisits: 'benchFirstVisits',
	savingOn: 'benchSavingOn',
	savingOff: 'benchSavingOff',
} as const;

export type WorkflowName = keyof typeof WORKFLOW_IDS;

export const CREDENTIALS = {
	node: { id: 'benchHubspotCred', name: 'Bench HubSpot Visitor Identification' },
	headerAuth: { id: 'benchHeaderAuth', name: 'Bench HubSpot private app (Header Auth)' },
	totp: { id: 'benchTotpCred', name: 'Bench TOTP' },
};

/** The node's name in the example, and so the key of its static data: `node:<name>`. */
export const NODE_NAME = 'HubSpot Visitor Identification';

interface Node {
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	id?: string;
	webhookId?: string;
	credentials?: Record<string, { id: string; name: string }>;
	onError?: string;
}

function webhookNode(path: string): Node {
	return {
		id: randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path, responseMode: 'responseNode', options: {} },
	};
}

/** Answers like the example does (JSON built by an expression, no-store), so every workflow pays for the same answer. */
function respondNode(responseBody: string): Node {
	return {
		id: randomUUID(),
		name: 'Respond to Webhook',
		type: 'n8n-nodes-base.respondToWebhook',
		typeVersion: 1.5,
		position: [480, 0],
		parameters: {
			respondWith: 'json',
			responseBody,
			options: { responseHeaders: { entries: [{ name: 'Cache-Control', value: 'no-store' }] } },
		},
	};
}

function chain(...names: string[]): Record<string, unknown> {
	const connections: Record<string, unknown> = {};
	for (let i = 0; i + 1 < names.length; i++) {
		connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	}
	return connections;
}

/**
 * The floor: n8n receiving a webhook and answering it, nothing in between. With `staticData`, the same
 * workflow carrying another workflow's static data, which no node of it reads: what n8n itself pays per
 * request for static data of that size.
 */
export function floorWorkflow(path: string, staticData?: object): WorkflowToImport {
	return {
		id: staticData === undefined ? WORKFLOW_IDS.floor : WORKFLOW_IDS.floorFullStatic,
		name: staticData === undefined ? 'Bench: bare webhook (floor)' : 'Bench: bare webhook with a full cache in its static data',
		...(staticData === undefined ? {} : { staticData }),
		nodes: [
			webhookNode(path),
			respondNode('={{ { hsConversationsSettings: { identificationEmail: $json.body.email, identificationToken: null }, cached: false } }}'),
		],
		connections: chain('Webhook', 'Respond to Webhook'),
		settings: { executionOrder: 'v1' },
	};
}

/** The floor with one node between Webhook and Respond to Webhook. */
function floorWith(id: string, name: string, path: string, middle: Node, responseBody: string): WorkflowToImport {
	return {
		id,
		name,
		nodes: [webhookNode(path), middle, respondNode(responseBody)],
		connections: chain('Webhook', middle.name, 'Respond to Webhook'),
		settings: { executionOrder: 'v1' },
	};
}

/**
 * The floor plus a built-in node evaluating the same three expressions this node's example maps
 * (`$json.body.email`, …): what n8n charges any node that reads the visitor's fields.
 */
export function floorFieldsWorkflow(path: string): WorkflowToImport {
	const assignment = (name: string) => ({ id: randomUUID(), name, value: `={{ $json.body.${name} }}`, type: 'string' });
	const editFields: Node = {
		id: randomUUID(),
		name: 'Edit Fields',
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [240, 0],
		parameters: {
			mode: 'manual',
			includeOtherFields: true,
			assignments: { assignments: ['email', 'firstName', 'lastName'].map(assignment) },
			options: {},
		},
	};
	return floorWith(
		WORKFLOW_IDS.floorFields,
		'Bench: bare webhook + Edit Fields (3 expressions)',
		path,
		editFields,
		'={{ { hsConversationsSettings: { identificationEmail: $json.email, identificationToken: null }, cached: false } }}',
	);
}

/**
 * The floor plus a built-in node that loads and decrypts a credential and computes locally, without
 * expressions or network (TOTP: a one-time code from the credential's secret): what n8n charges any
 * node for its credential.
 */
export function floorCredentialWorkflow(path: string): WorkflowToImport {
	const totp: Node = {
		id: randomUUID(),
		name: 'TOTP',
		type: 'n8n-nodes-base.totp',
		typeVersion: 1,
		position: [240, 0],
		parameters: { operation: 'generateSecret', options: {} },
		credentials: { totpApi: CREDENTIALS.totp },
	};
	return floorWith(
		WORKFLOW_IDS.floorCredential,
		'Bench: bare webhook + TOTP (a credential)',
		path,
		totp,
		'={{ { hsConversationsSettings: { identificationEmail: null, identificationToken: $json.token }, cached: false } }}',
	);
}

/**
 * What users build without this node: an HTTP Request node calling HubSpot's token endpoint on every
 * request, authenticated with a Header Auth credential holding `Bearer <access token>`. No cache.
 */
export function uncachedWorkflow(path: string, hubspotUrl: string): WorkflowToImport {
	const request: Node = {
		id: randomUUID(),
		name: 'HTTP Request',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [240, 0],
		parameters: {
			method: 'POST',
			url: `${hubspotUrl}/visitor-identification/2026-03/tokens/create`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			sendBody: true,
			specifyBody: 'json',
			jsonBody: '={{ JSON.stringify({ email: $json.body.email, firstName: $json.body.firstName, lastName: $json.body.lastName }) }}',
			options: {},
		},
		credentials: { httpHeaderAuth: CREDENTIALS.headerAuth },
	};
	return {
		id: WORKFLOW_IDS.uncached,
		name: 'Bench: HTTP Request to HubSpot, no cache',
		nodes: [
			webhookNode(path),
			request,
			respondNode(
				"={{ { hsConversationsSettings: { identificationEmail: $('Webhook').item.json.body.email, identificationToken: $json.token }, cached: false } }}",
			),
		],
		connections: chain('Webhook', 'HTTP Request', 'Respond to Webhook'),
		settings: { executionOrder: 'v1' },
	};
}

/** What n8n saves of an execution when a workflow does not say: everything, as the floor workflows do. */
const N8N_DEFAULT_SAVING = {
	saveDataSuccessExecution: 'all',
	saveDataErrorExecution: 'all',
	saveManualExecutions: true,
	saveExecutionProgress: false,
};

/**
 * This node, as the basic example a user imports, on its own webhook path and credential.
 * `staticData` pre-loads the workflow's static data (the cache) at import. The example saves no execution
 * data; every copy here but `savingOff` saves it as n8n does by default, like the floor workflows, so
 * items 4 and 5 compare like with like and `savingOn` / `savingOff` measure what the setting changes.
 */
export function nodeWorkflow(name: 'hit' | 'hitFullCache' | 'miss' | 'firstVisits' | 'savingOn' | 'savingOff', path: string, staticData?: object): WorkflowToImport {
	// The benchmarks tell hits from misses by the answer's `cached`, which the example no longer sends a caller.
	const example = withCachedInAnswer(JSON.parse(readFileSync(join(REPO_ROOT, 'examples', 'basic.json'), 'utf8')) as {
		nodes: Node[];
		connections: unknown;
		[key: string]: unknown;
	});
	for (const node of example.nodes) {
		node.id = randomUUID();
		if (node.type === 'n8n-nodes-base.webhook') {
			node.webhookId = randomUUID();
			node.parameters.path = path;
		}
		if (node.credentials?.hubspotVisitorIdentificationApi) node.credentials.hubspotVisitorIdentificationApi = CREDENTIALS.node;
		// First visits and misses come faster than the default New Visitors per Minute allows: lifted (0 = no
		// limit), so they are measured as HubSpot calls, not refusals.
		if (node.name === NODE_NAME) node.parameters.options = { ...(node.parameters.options as object), newVisitorsPerMinute: 0 };
	}
	if (!example.nodes.some((node) => node.name === NODE_NAME)) throw new Error(`examples/basic.json has no node named "${NODE_NAME}"`);
	const workflow: WorkflowToImport = { ...example, id: WORKFLOW_IDS[name], name: `Bench: this node (${name})` };
	if (name !== 'savingOff') workflow.settings = { ...(example.settings as object), ...N8N_DEFAULT_SAVING };
	if (staticData !== undefined) workflow.staticData = staticData;
	return workflow;
}
