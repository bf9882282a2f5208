import { NodeConnectionTypes, type IConnections, type INode, type INodeParameters } from 'n8n-workflow';

import type { WorkflowDefinition } from './inProcessN8n';
import { ANSWER_WEBSITE_TYPE, VISITOR_ARRIVES_TYPE, VISITOR_IDENTIFICATION_TYPE } from './nodeTypes';

/** Node names of the workflow, as a user would see them on the canvas. */
export const NODE = {
	trigger: 'Visitor Arrives',
	identify: 'HubSpot Visitor Identification',
	answer: 'Answer With Token',
	answerError: 'Answer With Error',
} as const;

/** The mapping a Webhook-fronted workflow uses: the website posts { email, firstName, lastName } as the body. */
export const WEBHOOK_STYLE_MAPPING: INodeParameters = {
	operation: 'getToken',
	email: '={{ $json.body.email }}',
	firstName: '={{ $json.body.firstName }}',
	lastName: '={{ $json.body.lastName }}',
	options: {},
};

/**
 * The product's workflow shape: trigger → HubSpot Visitor Identification → answer the website, with the
 * node's error output wired to its own answer when "On Error" is "Continue (using error output)".
 */
export function visitorWorkflow(options: {
	id: string;
	credentialId: string;
	parameters?: INodeParameters;
	onError?: INode['onError'];
}): WorkflowDefinition {
	const node = (name: string, type: string, x: number, extra: Partial<INode> = {}): INode => ({
		id: `${options.id}-${x}`,
		name,
		type,
		typeVersion: 1,
		position: [x, 0],
		parameters: {},
		...extra,
	});
	const connection = (to: string) => [{ node: to, type: NodeConnectionTypes.Main, index: 0 }];
	const identifyOutputs = [connection(NODE.answer)];
	if (options.onError === 'continueErrorOutput') identifyOutputs.push(connection(NODE.answerError));
	const connections: IConnections = {
		[NODE.trigger]: { main: [connection(NODE.identify)] },
		[NODE.identify]: { main: identifyOutputs },
	};
	return {
		id: options.id,
		name: `Identify visitors (${options.id})`,
		settings: { executionOrder: 'v1' },
		nodes: [
			node(NODE.trigger, VISITOR_ARRIVES_TYPE, 0),
			node(NODE.identify, VISITOR_IDENTIFICATION_TYPE, 200, {
				parameters: options.parameters ?? WEBHOOK_STYLE_MAPPING,
				credentials: { hubspotVisitorIdentificationApi: { id: options.credentialId, name: 'HubSpot' } },
				...(options.onError ? { onError: options.onError } : {}),
			}),
			node(NODE.answer, ANSWER_WEBSITE_TYPE, 400),
			node(NODE.answerError, ANSWER_WEBSITE_TYPE, 400),
		],
		connections,
	};
}

/** A trigger item shaped like the Webhook node's output for the website's POST. */
export function websiteRequest(body: Record<string, unknown>) {
	return { body, headers: { 'content-type': 'application/json' }, params: {}, query: {} };
}
