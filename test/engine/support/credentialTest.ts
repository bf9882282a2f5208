import { ExecuteContext, ExecutionLifecycleHooks, RoutingNode } from 'n8n-core';
import { Workflow, createRunExecutionData, type ICredentialDataDecryptedObject, type ICredentialType, type INode, type INodeType, type INodeTypes } from 'n8n-workflow';

import { HubspotVisitorIdentification } from '../../../nodes/HubspotVisitorIdentification/HubspotVisitorIdentification.node';
import { additionalDataFor } from './additionalData';
import { CredentialsHelper } from './credentialsHelper';

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/** A dotted path into a response body, as lodash's get (which n8n uses) reads the rules' keys. */
function valueAt(body: unknown, key: string): unknown {
	return key.split('.').reduce<unknown>((value, part) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined), body);
}

/**
 * The credential's "Test" button as n8n's CLI runs it (its CredentialsTester.runRequestTest, which lives in
 * the n8n package, not in n8n-core): a throw-away node whose one property routes the credential's test
 * request, run by n8n-core's own RoutingNode and ExecuteContext (so the base URL expression, the HTTP client
 * and the credential's authenticate() are n8n's), then the rules checked in order, first match wins: a
 * `responseSuccessBody` rule fails the test when the body's value at `key` equals `value`; a thrown HTTP error
 * is matched against the `responseCode` rules.
 */
export async function pressTestButton(credentialType: ICredentialType, data: ICredentialDataDecryptedObject): Promise<CredentialTestResult> {
	const test = credentialType.test;
	if (!test) throw new Error(`${credentialType.name} declares no test`);
	const credential = { id: 'credential-under-test', name: 'HubSpot', type: credentialType.name, data };
	const base = new HubspotVisitorIdentification().description;
	const testNodeType: INodeType = {
		description: { ...base, credentials: [{ name: credentialType.name, required: true }], properties: [{ displayName: 'Temp', name: 'temp', type: 'string', default: '', routing: { request: test.request } }] },
	};
	const nodeTypes: INodeTypes = {
		getByName: () => testNodeType,
		getByNameAndVersion: () => testNodeType,
		getKnownTypes: () => ({}),
	};
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: base.name,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [credentialType.name]: { id: credential.id, name: credential.name } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = additionalDataFor({
		executionId: 'credential-test',
		workflowId: 'credential-test',
		credentialsHelper: new CredentialsHelper([credentialType], [credential]),
		hooks: new ExecutionLifecycleHooks('internal', 'credential-test', { id: 'credential-test', name: 'credential test', active: false, isArchived: false, nodes: [node], connections: {}, createdAt: new Date(), updatedAt: new Date(), activeVersionId: null }),
	});
	const context = new ExecuteContext(workflow, node, additionalData, 'internal', createRunExecutionData(), 0, [], { main: [[{ json: {} }]] }, { node, data: {}, source: null }, []);

	let response: Awaited<ReturnType<RoutingNode['runNode']>>;
	try {
		response = await new RoutingNode(context, testNodeType, credential).runNode();
	} catch (error) {
		// As n8n's tester does: an HTTP error the client threw is matched against the `responseCode` rules by
		// its status, else reported as the status's text (n8n 2.x throws for the statuses an
		// `ignoreHttpStatusErrors.except` list names).
		const response = (error as { cause?: { response?: { status: number; statusText?: string } } }).cause?.response;
		if (response) {
			for (const rule of test.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === response.status) return { status: 'Error', message: rule.properties.message };
			}
			if (response.status < 199 || response.status > 299) return { status: 'Error', message: response.statusText || `Received HTTP status code: ${response.status}` };
		}
		return { status: 'Error', message: (error as Error).message };
	}
	const body = response?.[0]?.[0]?.json;
	for (const rule of test.rules ?? []) {
		if (rule.type === 'responseSuccessBody' && valueAt(body, rule.properties.key) === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}
