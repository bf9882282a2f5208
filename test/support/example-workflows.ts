import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT, type CredentialToImport, type WorkflowToImport } from './n8n';

export type ExampleName = 'basic' | 'chained' | 'protected' | 'verified';

export interface WorkflowNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	onError?: string;
	webhookId?: string;
}

export interface ExampleWorkflow extends WorkflowToImport {
	nodes: WorkflowNode[];
}

/** The example exactly as a user downloads it from examples/. */
export function loadExample(name: ExampleName): ExampleWorkflow {
	return JSON.parse(readFileSync(join(REPO_ROOT, 'examples', `${name}.json`), 'utf8')) as ExampleWorkflow;
}

function onlyNode(workflow: ExampleWorkflow, type: string): WorkflowNode {
	const nodes = workflow.nodes.filter((node) => node.type === type);
	if (nodes.length !== 1) throw new Error(`${workflow.id} has ${nodes.length} nodes of type ${type}, expected 1`);
	return nodes[0];
}

/** The example's one Webhook node, e.g. to derive a variant of the example. */
export function webhookOf(workflow: ExampleWorkflow): WorkflowNode {
	return onlyNode(workflow, 'n8n-nodes-base.webhook');
}

export function webhookPathOf(workflow: ExampleWorkflow): string {
	return String(webhookOf(workflow).parameters.path);
}

/**
 * Credentials for an example, with the ids and names its nodes reference, so the import wires them
 * up the way picking them in the editor would. `data` gives each credential type's fields.
 */
export function credentialsFor(workflows: ExampleWorkflow[], data: Record<string, Record<string, unknown>>): CredentialToImport[] {
	const byId = new Map<string, CredentialToImport>();
	for (const node of workflows.flatMap((workflow) => workflow.nodes)) {
		for (const [type, reference] of Object.entries(node.credentials ?? {})) {
			const fields = data[type];
			if (fields === undefined) throw new Error(`no test data for credential type ${type} (node "${node.name}")`);
			byId.set(reference.id, { id: reference.id, name: reference.name, type, data: fields });
		}
	}
	return [...byId.values()];
}

/**
 * The chained example takes the addresses of its extra steps from its "Settings" node (what a user
 * edits after importing); the test points them at the simulator the same way.
 */
export function withSettings(workflow: ExampleWorkflow, values: Record<string, string>): ExampleWorkflow {
	const copy = JSON.parse(JSON.stringify(workflow)) as ExampleWorkflow;
	const settings = copy.nodes.find((node) => node.name === 'Settings');
	const assignments = (settings?.parameters.assignments as { assignments?: Array<{ name: string; value: unknown }> } | undefined)
		?.assignments;
	if (!assignments) throw new Error(`${workflow.id} has no "Settings" node with assignments`);
	for (const [name, value] of Object.entries(values)) {
		const assignment = assignments.find((candidate) => candidate.name === name);
		if (!assignment) throw new Error(`the "Settings" node of ${workflow.id} has no field "${name}"`);
		assignment.value = value;
	}
	return copy;
}

export interface VariantChanges {
	/** At most 16 characters (n8n 1.x saves no static data for longer ids). */
	id: string;
	name: string;
	/** The variant's own webhook path, so it is live next to the original. */
	path: string;
	/** Replaces the Webhook node's options. */
	webhookOptions?: Record<string, unknown>;
	/** Merged into the workflow's settings. */
	settings?: Record<string, unknown>;
}

/** A copy of an example as a user would make one (duplicate, then edit), live next to the original. */
export function variantOf(workflow: ExampleWorkflow, changes: VariantChanges): ExampleWorkflow {
	const copy = JSON.parse(JSON.stringify(workflow)) as ExampleWorkflow;
	copy.id = changes.id;
	copy.name = changes.name;
	const webhook = webhookOf(copy);
	webhook.webhookId = randomUUID();
	webhook.parameters.path = changes.path;
	if (changes.webhookOptions) webhook.parameters.options = changes.webhookOptions;
	if (changes.settings) copy.settings = { ...(copy.settings as object), ...changes.settings };
	return copy;
}

/**
 * The examples do not tell a caller whether a token came from the cache (it would tell a stranger whether
 * someone visited lately). A benchmark that must tell hits from misses by the answer alone measures a copy
 * whose token answer says so again; the node's work is the same, the answer one field longer.
 */
export function withCachedInAnswer<T extends { nodes: Array<{ name: string; parameters: Record<string, unknown> }> }>(workflow: T): T {
	const copy = JSON.parse(JSON.stringify(workflow)) as T;
	const respond = copy.nodes.find((node) => node.name === 'Respond with token');
	if (!respond) throw new Error('the workflow has no "Respond with token" node');
	respond.parameters.responseBody = '={{ { hsConversationsSettings: $json.hsConversationsSettings, expiresAt: $json.expiresAt, cached: $json.cached } }}';
	return copy;
}
