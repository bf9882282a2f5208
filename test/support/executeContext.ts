import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, INode, INodeExecutionData } from 'n8n-workflow';
import { mock } from 'jest-mock-extended';
import { randomBytes } from 'node:crypto';

import { HubspotVisitorIdentification } from '../../nodes/HubspotVisitorIdentification/HubspotVisitorIdentification.node';
import { forgetProcessShares } from '../../nodes/HubspotVisitorIdentification/shared/processShare';
import { forgetNewVisitorBudgets } from '../../nodes/HubspotVisitorIdentification/shared/newVisitorBudget';
import { forgetStoredGenerations } from '../../nodes/HubspotVisitorIdentification/shared/storedCache';

/** What a fake HubSpot answers for one request: a full response, or a thrown network error. */
export type FakeAnswer = { statusCode: number; body?: unknown; headers?: Record<string, string> } | { networkError: Error };

export interface RecordedRequest {
	credentialType: string;
	options: IHttpRequestOptions;
}

/** An access token of HubSpot's shape, made fresh for every test: never a real one. */
export function fakeAccessToken(): string {
	return `pat-na1-${randomBytes(16).toString('hex')}`;
}

/** A visitor token of a realistic length, unique per call like HubSpot's. */
export function fakeVisitorToken(): string {
	return randomBytes(180).toString('base64url');
}

export interface RunSetup {
	/** One entry per input item: the values the node's email/idToken/firstName/lastName parameters resolve to. */
	items: Array<{ email?: unknown; idToken?: unknown; firstName?: unknown; lastName?: unknown }>;
	/** The Identify By parameter; default: the node's default (email). */
	identifyBy?: 'email' | 'idToken';
	/** The Visitor Login Provider API credential's data, for identifyBy 'idToken'. */
	loginProvider?: IDataObject;
	options?: IDataObject;
	staticData?: IDataObject;
	accessToken?: string;
	baseUrl?: string;
	continueOnFail?: boolean;
	/**
	 * The workflow the run belongs to. Runs sharing a static-data object share one by default, as executions
	 * of one workflow do; give two runs the same id and separate static data to model overlapping executions.
	 */
	workflowId?: string;
	/** The node's type as n8n names it; default the package's node (an AI agent's tool ends in "Tool"). */
	nodeType?: string;
	/** The node's parameters as saved in the workflow (raw expressions); default none. */
	nodeParameters?: IDataObject;
	/** Start as a freshly started n8n would: nothing shared between executions in memory yet. */
	freshProcess?: boolean;
	/** The node's Authentication parameter; default: the node's default (accessToken). */
	authentication?: 'accessToken' | 'oAuth2';
	/** The OAuth2 credential's data (clientId, clientSecret, oauthTokenData, baseUrl), for authentication 'oAuth2'. */
	oauth2?: IDataObject;
	/**
	 * n8n's helpers.refreshOAuth2Token: what renewing the OAuth2 access token gives (the new token data), or throws.
	 * Omitted: the helper is absent, as on n8n versions without it.
	 */
	refreshOAuth2Token?: (credentialType: string) => Promise<IDataObject>;
	/** The node's typeVersion; default 1, as every workflow saved before version 2. */
	nodeVersion?: number;
	/** Decides each answer; default: 200 with a fresh token. */
	hubspot?: (request: RecordedRequest, callNumber: number) => FakeAnswer | Promise<FakeAnswer>;
}

export const defaultHubspot = (): FakeAnswer => ({ statusCode: 200, body: { token: fakeVisitorToken() }, headers: { 'x-hubspot-correlation-id': 'c0ffee00-0000-4000-8000-000000000001' } });

/**
 * Runs the node's real execute() against a mocked IExecuteFunctions: parameters, credentials and the HTTP
 * helper are stand-ins, the static-data object is a real object the test can inspect between runs.
 */
const workflowIds = new WeakMap<object, string>();

/** One workflow id per static-data object, so separate tests never share process memory by accident. */
function workflowIdFor(staticData: object): string {
	let id = workflowIds.get(staticData);
	if (!id) workflowIds.set(staticData, (id = `wf-${randomBytes(6).toString('hex')}`));
	return id;
}

export async function runNode(setup: RunSetup) {
	const staticData = setup.staticData ?? {};
	if (setup.freshProcess) {
		forgetProcessShares();
		forgetStoredGenerations();
		forgetNewVisitorBudgets();
	}
	const requests: RecordedRequest[] = [];
	const node = mock<INode>({ name: 'HubSpot Visitor Identification', type: setup.nodeType ?? 'hubspotVisitorIdentification', typeVersion: setup.nodeVersion ?? 1, parameters: (setup.nodeParameters ?? {}) as INode['parameters'] });
	const context = mock<IExecuteFunctions>();
	const answer = setup.hubspot ?? defaultHubspot;

	context.getNode.mockReturnValue(node);
	context.getInputData.mockReturnValue(setup.items.map((_, index) => ({ json: { index } })));
	context.continueOnFail.mockReturnValue(setup.continueOnFail ?? false);
	context.getWorkflowStaticData.mockReturnValue(staticData);
	context.getWorkflow.mockReturnValue({ id: setup.workflowId ?? workflowIdFor(staticData), name: 'Visitor tokens', active: true });
	context.getCredentials.mockImplementation((async (type: string) =>
		type === 'hubspotVisitorLoginProviderApi'
			? (setup.loginProvider ?? {})
			: type === 'hubspotVisitorIdentificationOAuth2Api'
				? (setup.oauth2 ?? {})
				: { accessToken: setup.accessToken ?? 'pat-na1-unit-test-token', baseUrl: setup.baseUrl ?? 'https://api.hubapi.com' }) as IExecuteFunctions['getCredentials']);
	context.getNodeParameter.mockImplementation(((name: string, itemIndex: number, fallback?: unknown) => {
		if (name === 'options') return setup.options ?? {};
		if (name === 'operation') return 'getToken';
		if (name === 'identifyBy') return setup.identifyBy ?? fallback;
		if (name === 'authentication') return setup.authentication ?? fallback;
		const item = setup.items[itemIndex] as Record<string, unknown>;
		if (item[name] instanceof Error) throw item[name];
		return name in item ? item[name] : fallback;
	}) as IExecuteFunctions['getNodeParameter']);
	const httpRequestWithAuthentication = jest.fn(async (credentialType: string, options: IHttpRequestOptions) => {
		const request = { credentialType, options };
		requests.push(request);
		const reply = await answer(request, requests.length);
		if ('networkError' in reply) throw reply.networkError;
		return { statusCode: reply.statusCode, body: reply.body, headers: reply.headers ?? {}, statusMessage: '' };
	});
	// The login provider's documents are real: a loopback stand-in answers them (test/support/login-provider).
	const keyRequests: IHttpRequestOptions[] = [];
	const httpRequest = jest.fn(async (options: IHttpRequestOptions) => {
		keyRequests.push(options);
		const response = await fetch(options.url, { redirect: options.disableFollowRedirect ? 'manual' : 'follow' });
		return { statusCode: response.status, headers: Object.fromEntries(response.headers), body: Buffer.from(await response.arrayBuffer()) };
	});
	const refreshOAuth2Token = setup.refreshOAuth2Token && jest.fn(setup.refreshOAuth2Token);
	(context as unknown as { helpers: unknown }).helpers = { httpRequestWithAuthentication, httpRequest, ...(refreshOAuth2Token && { refreshOAuth2Token }) };

	const nodeType = new HubspotVisitorIdentification();
	let output: INodeExecutionData[] | undefined;
	let error: Error | undefined;
	try {
		[output] = await nodeType.execute.call(context);
	} catch (caught) {
		error = caught as Error;
	}
	return { output, error, requests, keyRequests, staticData, context, refreshOAuth2Token };
}

/** The output items' JSON, or fails the test with the node's error. */
export function jsonOf(result: { output?: INodeExecutionData[]; error?: Error }): IDataObject[] {
	if (result.error) throw result.error;
	return (result.output ?? []).map((item) => item.json);
}

/** The `error` object of each output item (undefined for items that got a token). */
export function errorsOf(result: { output?: INodeExecutionData[]; error?: Error }): IDataObject[] {
	return jsonOf(result).map((json) => json.error as IDataObject);
}
