import { inspect } from 'node:util';
import { NodeApiError, type IDataObject } from 'n8n-workflow';

import { errorsOf, fakeAccessToken, jsonOf, runNode, type FakeAnswer, type RunSetup } from '../support/executeContext';
import { takeOverClock } from '../support/fakeClock';

let time: ReturnType<typeof takeOverClock>;
beforeEach(() => (time = takeOverClock()));
afterEach(() => time.release());

const visitor = { email: 'visitor@example.com' };
const UUID = 'aaaabbbb-cccc-4ddd-8eee-ffff00001111';

/**
 * Every string a thrown error carries that n8n can show, store or log: message, description, the response
 * object it keeps as context, httpCode, the stack, and anything else on it. The node object is left out:
 * it is the test's mock, not something the node wrote.
 */
function everythingThrown(error: Error | undefined): string {
	if (!error) return '';
	const fields = Object.fromEntries(Object.entries(error).filter(([name]) => name !== 'node'));
	return [error.message, error.stack, inspect(fields, { depth: Infinity, showHidden: true })].join('\n');
}

/** Runs once with On Error: Continue and once without; returns what each path let out. */
async function bothPaths(setup: Omit<RunSetup, 'continueOnFail'>) {
	const continued = await runNode({ ...setup, continueOnFail: true });
	const thrown = await runNode({ ...setup, continueOnFail: false });
	expect(continued.error).toBeUndefined();
	expect(thrown.error).toBeInstanceOf(Error);
	return { item: errorsOf(continued)[0], continuedText: JSON.stringify(continued.output), thrown: thrown.error as Error, thrownText: everythingThrown(thrown.error) };
}

const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe('the access token never leaves the node, whatever HubSpot or a proxy echoes back', () => {
	it('a 400 whose body says {"correlationId": "Bearer <token>"}: dropped on both paths, in every field', async () => {
		const accessToken = fakeAccessToken();
		const hubspot = (): FakeAnswer => ({ statusCode: 400, body: { status: 'error', message: 'Invalid input', correlationId: `Bearer ${accessToken}` } });
		const { item, continuedText, thrown, thrownText } = await bothPaths({ items: [visitor], accessToken, hubspot });
		expect(continuedText).not.toContain(accessToken);
		expect(thrownText).not.toContain(accessToken);
		expect(item.correlationId).toBeUndefined();
		expect(item.message).not.toMatch(/correlation id/);
		expect((thrown as NodeApiError).context).not.toHaveProperty('correlationId');
		expect(item).toMatchObject({ errorCode: 'HUBSPOT_REJECTED_INPUT', httpStatus: 400 });
	});

	it('a 401 with the token in the x-hubspot-correlation-id header: not in the thrown error, nor in the error item', async () => {
		const accessToken = fakeAccessToken();
		const hubspot = (): FakeAnswer => ({ statusCode: 401, body: { status: 'error', message: 'Authentication credentials not found' }, headers: { 'x-hubspot-correlation-id': accessToken } });
		const { item, continuedText, thrown, thrownText } = await bothPaths({ items: [visitor], accessToken, hubspot });
		expect(thrown).toBeInstanceOf(NodeApiError);
		expect(thrown.message).toMatch(/^Item 0: HubSpot did not accept the access token \(401\)/);
		expect((thrown as NodeApiError).httpCode).toBe('401');
		expect(thrownText).not.toContain(accessToken);
		expect(continuedText).not.toContain(accessToken);
		expect(item).toMatchObject({ errorCode: 'HUBSPOT_UNAUTHORIZED', httpStatus: 502 });
	});

	it('a 200 without a token that echoes the token in a header and in the body', async () => {
		const accessToken = fakeAccessToken();
		const hubspot = (): FakeAnswer => ({ statusCode: 200, body: { echo: `Bearer ${accessToken}`, correlationId: accessToken }, headers: { 'x-hubspot-correlation-id': `Bearer ${accessToken}` } });
		const { item, continuedText, thrownText } = await bothPaths({ items: [visitor], accessToken, hubspot });
		expect(item).toMatchObject({ errorCode: 'HUBSPOT_BAD_RESPONSE', message: expect.stringMatching(/without a token/) });
		expect(continuedText).not.toContain(accessToken);
		expect(thrownText).not.toContain(accessToken);
	});

	it('a HubSpot message that quotes the token twice: both occurrences replaced, on both paths', async () => {
		const accessToken = fakeAccessToken();
		const message = `Token ${accessToken} is not valid for this portal; remove ${accessToken} from your request`;
		const hubspot = (): FakeAnswer => ({ statusCode: 400, body: { status: 'error', message, correlationId: UUID } });
		const { item, continuedText, thrown, thrownText } = await bothPaths({ items: [visitor], accessToken, hubspot });
		expect(continuedText).not.toContain(accessToken);
		expect(thrownText).not.toContain(accessToken);
		expect(occurrences(item.message as string, '[redacted]')).toBe(2);
		expect(occurrences(thrown.message, '[redacted]')).toBe(2);
		// The rest of HubSpot's message and its real correlation id are kept: they help the user.
		expect(item.message).toContain('is not valid for this portal');
		expect(item.correlationId).toBe(UUID);
		expect(thrown.message).toContain(UUID);
	});

	it('a network error whose message and code contain the token', async () => {
		const accessToken = fakeAccessToken();
		const networkError = Object.assign(new Error(`connect ECONNREFUSED: request with Bearer ${accessToken} failed`), { code: accessToken, cause: { message: accessToken } });
		const { item, continuedText, thrownText } = await bothPaths({ items: [visitor], accessToken, options: { maxRetries: 0 }, hubspot: () => ({ networkError }) });
		expect(item).toMatchObject({ errorCode: 'HUBSPOT_UNAVAILABLE' });
		expect(continuedText).not.toContain(accessToken);
		expect(thrownText).not.toContain(accessToken);
	});

	it('a retried failure that shares its answer with later items keeps the token out of every item', async () => {
		const accessToken = fakeAccessToken();
		const hubspot = (): FakeAnswer => ({ statusCode: 503, body: { message: `upstream refused ${accessToken}` } });
		const result = await runNode({ items: [visitor, visitor, visitor], accessToken, continueOnFail: true, options: { maxRetries: 1 }, hubspot });
		expect(result.requests).toHaveLength(2);
		expect(JSON.stringify(result.output)).not.toContain(accessToken);
		expect(errorsOf(result).map((error) => occurrences(error.message as string, '[redacted]'))).toEqual([1, 1, 1]);
	});
});

describe('correlation ids are quoted only when they look like HubSpot\'s (UUIDs)', () => {
	it.each([
		['a UUID in the body', { correlationId: UUID }, {}, UUID],
		['a UUID in upper case in the header', {}, { 'x-hubspot-correlation-id': UUID.toUpperCase() }, UUID.toUpperCase()],
		['free text from a proxy', { correlationId: 'see https://proxy.example.com/log?id=1' }, {}, undefined],
		['a UUID with text around it', {}, { 'x-hubspot-correlation-id': `${UUID} <script>` }, undefined],
		['a plain hex id', { correlationId: 'a'.repeat(32) }, {}, undefined],
	])('%s', async (_, body, headers, expected) => {
		const result = await runNode({ items: [visitor], continueOnFail: true, hubspot: () => ({ statusCode: 404, body: { status: 'error', ...body }, headers }) });
		const [error] = errorsOf(result);
		expect(error.correlationId).toBe(expected);
		if (expected) expect(error.message).toContain(`(HubSpot correlation id: ${expected})`);
		else expect(error.message).not.toMatch(/correlation id/);
	});

	it('an access token shaped like a UUID, echoed as the correlation id, is dropped too', async () => {
		const accessToken = 'c0ffee00-1111-4222-8333-444455556666';
		const hubspot = (): FakeAnswer => ({ statusCode: 401, body: { correlationId: accessToken }, headers: { 'x-hubspot-correlation-id': accessToken } });
		const { continuedText, thrownText } = await bothPaths({ items: [visitor], accessToken, hubspot });
		expect(continuedText).not.toContain(accessToken);
		expect(thrownText).not.toContain(accessToken);
	});
});

describe('a Base URL the node refuses is not quoted back (a token pasted there would show)', () => {
	it.each([
		['not a URL', (token: string) => `Bearer ${token}`, /is not a URL/],
		['plain http to another machine', (token: string) => `http://${token}.example.com`, /must start with https:\/\//],
		['another scheme', (token: string) => `${token}:opaque`, /must start with https:\/\//],
		['a query', (token: string) => `https://api.hubapi.com/?token=${token}`, /query \(\?\) or fragment/],
	])('%s', async (_, baseUrlWith, message) => {
		const accessToken = fakeAccessToken();
		const result = await runNode({ items: [visitor], accessToken, baseUrl: baseUrlWith(accessToken) });
		expect(result.requests).toHaveLength(0);
		expect(result.error?.message).toMatch(message);
		expect(everythingThrown(result.error)).not.toContain(accessToken);
	});
});

describe('network error codes are looked up as codes, not as object properties', () => {
	it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('a code %j gives no made-up reason', async (code) => {
		const networkError = Object.assign(new Error(code), { code });
		const result = await runNode({ items: [visitor], continueOnFail: true, options: { maxRetries: 0 }, hubspot: () => ({ networkError }) });
		const [error] = errorsOf(result);
		expect(error.message).toMatch(/^Item 0: Could not reach HubSpot at api\.hubapi\.com\. Check the credential's Base URL/);
		expect(error.message).not.toMatch(/function|native code|\[object/);
	});
});

describe('the successful path never carries the access token either', () => {
	it('output and static data hold no trace of it', async () => {
		const accessToken = fakeAccessToken();
		const staticData: IDataObject = {};
		const result = await runNode({ items: [visitor], accessToken, staticData });
		expect(JSON.stringify(jsonOf(result))).not.toContain(accessToken);
		expect(JSON.stringify(staticData)).not.toContain(accessToken);
	});
});
