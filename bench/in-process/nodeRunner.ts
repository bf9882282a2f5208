import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, INode, INodeExecutionData } from 'n8n-workflow';

import { HubspotVisitorIdentification } from '../../nodes/HubspotVisitorIdentification/HubspotVisitorIdentification.node.js';

/** The values one input item's Email, First Name and Last Name parameters resolve to. */
export interface Visitor {
	email: string;
	firstName: string;
	lastName: string;
}

/** Stands in for HubSpot's token endpoint: receives the request body, returns the token it issues. */
export type HubSpotStandIn = (body: { email: string }) => Promise<string>;

export interface NodeSetup {
	accessToken: string;
	options?: IDataObject;
	hubspot: HubSpotStandIn;
}

/**
 * A node ready to execute many times in-process: the node's real execute() against a plain-object
 * IExecuteFunctions (the parts the node uses: parameters, credentials, static data, the HTTP helper).
 * Mirrors test/support/executeContext.ts without jest, whose mocks would add their own cost to every call.
 */
export interface NodeUnderBench {
	/** Runs one execution over `visitors` with `staticData` as the node's static data; returns the output items. */
	execute(visitors: readonly Visitor[], staticData: IDataObject): Promise<INodeExecutionData[]>;
}

export function benchNode(setup: NodeSetup): NodeUnderBench {
	const nodeType = new HubspotVisitorIdentification();
	const node: INode = {
		id: 'bench-node',
		name: 'HubSpot Visitor Identification',
		type: 'n8n-nodes-hubspot-visitor-identification.hubspotVisitorIdentification',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const credentials = { accessToken: setup.accessToken, baseUrl: 'https://api.hubapi.com' };
	// The benchmarks send far more new visitors per minute than the node's default budget lets through, on
	// purpose: without lifting it (0 = no limit) they would time refusals instead of HubSpot calls.
	const options = { newVisitorsPerMinute: 0, ...setup.options };

	let visitors: readonly Visitor[] = [];
	let staticData: IDataObject = {};
	let inputItems: INodeExecutionData[] = [];

	const httpRequestWithAuthentication = async (_credentialType: string, request: IHttpRequestOptions) => {
		const token = await setup.hubspot(request.body as { email: string });
		return { statusCode: 200, body: { token }, headers: {}, statusMessage: 'OK' };
	};

	// Each static-data object stands for one workflow, so the executions of a miss measurement (fresh static
	// data every time) never find each other's tokens in the node's process-wide memory.
	const workflowIds = new WeakMap<object, string>();
	const workflowOf = () => {
		if (!workflowIds.has(staticData)) workflowIds.set(staticData, `bench-${workflowIds.has(staticData) ? '' : Math.random().toString(36).slice(2)}`);
		return { id: workflowIds.get(staticData), name: 'bench', active: true };
	};

	const context = {
		getNode: () => node,
		getWorkflow: workflowOf,
		getInputData: () => inputItems,
		continueOnFail: () => false,
		getMode: () => 'webhook',
		getWorkflowStaticData: () => staticData,
		getCredentials: async () => credentials,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			if (name === 'options') return options;
			if (name === 'operation') return 'getToken';
			const visitor = visitors[itemIndex] as unknown as Record<string, unknown>;
			return name in visitor ? visitor[name] : fallback;
		},
		helpers: { httpRequestWithAuthentication },
	} as unknown as IExecuteFunctions;

	return {
		async execute(nextVisitors, nextStaticData) {
			visitors = nextVisitors;
			staticData = nextStaticData;
			if (inputItems.length !== visitors.length) inputItems = visitors.map((_, index) => ({ json: { index } }));
			const [output] = await nodeType.execute.call(context);
			return output;
		},
	};
}
