// With "On Error: Stop Workflow", what n8n shows for the failed item: the message, the description with the
// code and what to do, the item index, and HubSpot's status, taken from the error n8n receives.
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { runNode } from '../support/executeContext';
import { takeOverClock } from '../support/fakeClock';

let time: ReturnType<typeof takeOverClock>;
beforeEach(() => (time = takeOverClock()));
afterEach(() => time.release());

const items = [{ email: 'first@example.com' }, { email: 'second@example.com' }];

describe('a HubSpot failure stops the workflow with a NodeApiError for the item', () => {
	it('carries the item, HubSpot\'s status, the code and the correlation id, and never a key n8n reads as an HTTP status', async () => {
		const result = await runNode({
			items,
			hubspot: (request) =>
				(request.options.body as { email: string }).email === 'second@example.com'
					? { statusCode: 403, body: { status: 'error', category: 'MISSING_SCOPES', correlationId: '5d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d' } }
					: { statusCode: 200, body: { token: 't'.repeat(200) } },
		});
		const error = result.error as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/^Item 1: The HubSpot access token lacks the scope/);
		expect(error.description).toBe('Error code: HUBSPOT_MISSING_SCOPE. Set the node\'s "On Error" setting to continue so that the other items still get their tokens.');
		expect(error.context.itemIndex).toBe(1);
		expect(error.httpCode).toBe('403');
		expect(error.errorResponse).toEqual({ failureCode: 'HUBSPOT_MISSING_SCOPE', respondWith: 502, hubspotStatus: 403, correlationId: '5d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d' });
	});

	it('a failure without an HTTP answer has no HTTP status and no correlation id', async () => {
		const result = await runNode({ items: [items[0]], options: { maxRetries: 0 }, hubspot: () => ({ networkError: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) }) });
		const error = result.error as NodeApiError;
		expect(error.httpCode).toBeNull();
		expect(error.errorResponse).toEqual({ failureCode: 'HUBSPOT_UNAVAILABLE', respondWith: 502 });
	});
});

describe('bad input stops the workflow with a NodeOperationError for the item', () => {
	it('names the field and says how to keep the other items going', async () => {
		const result = await runNode({ items: [items[0], { email: 'first@example.com', lastName: 42 }] });
		const error = result.error as NodeOperationError;
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Item 1: Last Name must be text, but it is a number. Check the expression in the "Last Name" field.');
		expect(error.description).toBe('Field: lastName. Fix the value, or set the node\'s "On Error" setting to continue so that the other items still get their tokens.');
		expect(error.context.itemIndex).toBe(1);
	});

	it('an expression that fails for one item names the field it was reading', async () => {
		const result = await runNode({ items: [{ email: 'a@example.com', firstName: new Error('no such field') }], continueOnFail: true });
		expect((result.output?.[0].json.error as { message: string }).message).toBe('Item 0: The "firstName" field could not be read: no such field');
	});
});

describe('the credential itself', () => {
	it.each([42, '', '   '])('an Access Token of %p stops the node before any call, naming the scope it needs', async (accessToken) => {
		const result = await runNode({ items, accessToken: accessToken as string });
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe('The HubSpot Visitor Identification credential has no Access Token. Paste the access token of your HubSpot app (static auth), legacy private app or service key, with the scope conversations.visitor_identification.tokens.create.');
		expect(result.requests).toHaveLength(0);
	});

	it('a pasted token is trimmed before it keys the cache: the same cache with or without the whitespace', async () => {
		const staticData = {};
		await runNode({ items: [items[0]], staticData, accessToken: 'pat-na1-same' });
		const again = await runNode({ items: [items[0]], staticData, accessToken: '  pat-na1-same\n', freshProcess: true });
		expect(again.requests).toHaveLength(0);
	});
});

describe('a 200 whose token is empty', () => {
	it('is an error, never an empty token handed to the website', async () => {
		const result = await runNode({ items: [items[0]], continueOnFail: true, hubspot: () => ({ statusCode: 200, body: { token: '' } }) });
		expect(result.output?.[0].json).toEqual({ error: expect.objectContaining({ errorCode: 'HUBSPOT_BAD_RESPONSE', message: 'Item 0: HubSpot answered 200 but without a token.' }) });
	});
});
