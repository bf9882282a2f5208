// A HubSpot credential saved without a Base URL (an older credential, or one n8n stored without the
// field) talks to HubSpot's own address, as the credential's default promises. runNode always sets a Base
// URL, so this test builds its own minimal execute context.
import type { IExecuteFunctions, IHttpRequestOptions, INode } from 'n8n-workflow';
import { mock } from 'jest-mock-extended';

import { HubspotVisitorIdentification } from '../../nodes/HubspotVisitorIdentification/HubspotVisitorIdentification.node';
import { fakeAccessToken, fakeVisitorToken } from '../support/executeContext';

async function runWithCredential(credential: Record<string, unknown>) {
	const context = mock<IExecuteFunctions>();
	context.getNode.mockReturnValue(mock<INode>({ name: 'HubSpot Visitor Identification', type: 'hubspotVisitorIdentification', typeVersion: 1 }));
	context.getInputData.mockReturnValue([{ json: {} }]);
	context.continueOnFail.mockReturnValue(false);
	context.getWorkflowStaticData.mockReturnValue({});
	context.getWorkflow.mockReturnValue({ id: 'wf-credential-defaults', name: 'Visitor tokens', active: true });
	context.getCredentials.mockImplementation((async () => credential) as IExecuteFunctions['getCredentials']);
	context.getNodeParameter.mockImplementation(((name: string, _itemIndex: number, fallback?: unknown) => {
		if (name === 'options') return {};
		if (name === 'operation') return 'getToken';
		if (name === 'email') return 'ada@example.com';
		return fallback;
	}) as IExecuteFunctions['getNodeParameter']);
	const urls: string[] = [];
	const httpRequestWithAuthentication = jest.fn(async (_type: string, options: IHttpRequestOptions) => {
		urls.push(String(options.url));
		return { statusCode: 200, headers: {}, body: { token: fakeVisitorToken() } };
	});
	(context as unknown as { helpers: unknown }).helpers = { httpRequestWithAuthentication };
	const [output] = await new HubspotVisitorIdentification().execute.call(context);
	return { output, urls };
}

describe('a credential without a Base URL', () => {
	it('gets the token from https://api.hubapi.com', async () => {
		const { output, urls } = await runWithCredential({ accessToken: fakeAccessToken() });
		expect(urls).toHaveLength(1);
		expect(urls[0].startsWith('https://api.hubapi.com/')).toBe(true);
		expect(typeof output[0].json.token).toBe('string');
	});
});
