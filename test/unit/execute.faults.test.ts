import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { defaultHubspot, errorsOf, fakeAccessToken, jsonOf, runNode, type FakeAnswer } from '../support/executeContext';
import { takeOverClock } from '../support/fakeClock';

let time: ReturnType<typeof takeOverClock>;
beforeEach(() => (time = takeOverClock()));
afterEach(() => time.release());

const visitor = { email: 'visitor@example.com' };
const correlationId = 'aaaabbbb-cccc-4ddd-8eee-ffff00001111';

function hubspotError(statusCode: number, body: object, headers: Record<string, string> = {}): FakeAnswer {
	return { statusCode, body: { status: 'error', correlationId, ...body }, headers: { 'x-hubspot-correlation-id': correlationId, ...headers } };
}

/** Fails with `failure` for the first `times` calls, then answers like HubSpot normally does. */
function failing(failure: FakeAnswer, times = Infinity) {
	return (_: unknown, callNumber: number) => (callNumber <= times ? failure : defaultHubspot());
}

describe('errors say what to do, name the item, quote HubSpot, and are never retried when retrying cannot help', () => {
	it.each([
		['400', hubspotError(400, { message: 'Invalid email', category: 'VALIDATION_ERROR' }), 'HUBSPOT_REJECTED_INPUT', 400, /rejected the visitor's details.*Invalid email/],
		['401', hubspotError(401, { message: 'Authentication credentials not found', category: 'INVALID_AUTHENTICATION' }), 'HUBSPOT_UNAUTHORIZED', 502, /invalid, revoked or expired.*credential/],
		[
			'403 missing scope',
			hubspotError(403, { message: 'This app hasn\'t been granted all required scopes', category: 'MISSING_SCOPES', errors: [{ message: 'missing', context: { requiredGranularScopes: ['conversations.visitor_identification.tokens.create'] } }] }),
			'HUBSPOT_MISSING_SCOPE',
			502,
			/lacks the scope "conversations\.visitor_identification\.tokens\.create"/,
		],
		['403 tier', hubspotError(403, { message: 'Access to the Visitor Identification API requires a Professional or Enterprise level subscription' }), 'HUBSPOT_TIER', 502, /Professional or Enterprise/],
		['429 daily', hubspotError(429, { message: 'daily limit', errorType: 'RATE_LIMIT', policyName: 'DAILY' }), 'HUBSPOT_DAILY_LIMIT', 503, /midnight in the HubSpot account's time zone/],
		['404', hubspotError(404, { message: 'not found' }), 'HUBSPOT_NOT_FOUND', 502, /Base URL.*API Version/],
	])('%s: one attempt, a clear message with the correlation id', async (_, answer, errorCode, httpStatus, message) => {
		const result = await runNode({ items: [visitor], continueOnFail: true, hubspot: failing(answer) });
		expect(result.requests).toHaveLength(1);
		const [error] = errorsOf(result);
		expect(error).toMatchObject({ errorCode, httpStatus, correlationId });
		expect(error.message).toMatch(message);
		expect(error.message).toMatch(/^Item 0: /);
		expect(error.message).toContain(correlationId);
	});

	it('without On Error: Continue, throws a NodeApiError for the item', async () => {
		const result = await runNode({ items: [visitor, { email: 'other@example.com' }], hubspot: (_, n) => (n === 2 ? hubspotError(401, {}) : defaultHubspot()) });
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.message).toMatch(/^Item 1: HubSpot did not accept the access token/);
		expect((result.error as NodeApiError).context.itemIndex).toBe(1);
	});

	it('a 200 without a token is an error, not an empty token', async () => {
		const result = await runNode({ items: [visitor], continueOnFail: true, hubspot: () => ({ statusCode: 200, body: { something: 'else' } }) });
		expect(errorsOf(result)[0]).toMatchObject({ errorCode: 'HUBSPOT_BAD_RESPONSE', httpStatus: 502, message: expect.stringMatching(/without a token/) });
	});

	it('a 200 whose body is not JSON is an error that says so', async () => {
		const result = await runNode({ items: [visitor], continueOnFail: true, hubspot: () => ({ statusCode: 200, body: '<html>proxy error</html>' }) });
		expect(errorsOf(result)[0]).toMatchObject({ errorCode: 'HUBSPOT_BAD_RESPONSE', message: expect.stringMatching(/not JSON/) });
	});

	it('a timeout is reported as one, and not retried (the visitor is already waiting)', async () => {
		const timeout = Object.assign(new Error('timeout of 10000ms exceeded'), { code: 'ECONNABORTED' });
		const result = await runNode({ items: [visitor], continueOnFail: true, hubspot: () => ({ networkError: timeout }) });
		expect(result.requests).toHaveLength(1);
		expect(errorsOf(result)[0]).toMatchObject({ errorCode: 'HUBSPOT_TIMEOUT', httpStatus: 504, message: expect.stringMatching(/did not answer within 10 seconds/) });
	});
	it('a timeout as n8n 1.x reports it (clues only in httpCode and messages) is still a timeout', async () => {
		const wrapped = Object.assign(new Error('The connection was aborted, perhaps the server is offline'), { httpCode: 'ECONNABORTED', messages: ['timeout of 10000ms exceeded'] });
		const result = await runNode({ items: [visitor], continueOnFail: true, hubspot: () => ({ networkError: wrapped }) });
		expect(result.requests).toHaveLength(1);
		expect(errorsOf(result)[0]).toMatchObject({ errorCode: 'HUBSPOT_TIMEOUT', httpStatus: 504 });
	});

	it('a network failure is described in words: n8n would replace a message holding a raw code like ECONNREFUSED', async () => {
		const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
		const result = await runNode({ items: [visitor], continueOnFail: true, options: { maxRetries: 0 }, hubspot: () => ({ networkError: refused }) });
		const [error] = errorsOf(result);
		expect(error).toMatchObject({ errorCode: 'HUBSPOT_UNAVAILABLE', httpStatus: 502 });
		expect(error.message).toMatch(/Could not reach HubSpot at api\.hubapi\.com: the connection was refused/);
		expect(error.message).not.toMatch(/ECONN|ENOTFOUND|ETIMEDOUT|EAI_AGAIN/i);
	});
});

describe('rate limits, HubSpot outages and network errors are retried with bounded backoff', () => {
	it.each([
		['429 TEN_SECONDLY_ROLLING', hubspotError(429, { errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' }), [2000]],
		['429 SECONDLY', hubspotError(429, { errorType: 'RATE_LIMIT', policyName: 'SECONDLY' }), [1000]],
		['500', hubspotError(500, { message: 'internal error' }), [250]],
		['503', hubspotError(503, {}), [250]],
		['a dropped connection', { networkError: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) }, [250]],
	])('%s, then success: one retry after the backoff, and the visitor gets a token', async (_, failure, waits) => {
		const result = await runNode({ items: [visitor], hubspot: failing(failure as FakeAnswer, 1) });
		expect(result.requests).toHaveLength(2);
		expect(time.sleeps).toEqual(waits);
		expect(jsonOf(result)[0]).toMatchObject({ cached: false, token: expect.any(String) });
	});

	it('honours Retry-After when HubSpot sends it', async () => {
		const limited = hubspotError(429, { policyName: 'TEN_SECONDLY_ROLLING' }, { 'retry-after': '3' });
		const result = await runNode({ items: [visitor], hubspot: failing(limited, 1) });
		expect(time.sleeps).toEqual([3000]);
		expect(result.requests).toHaveLength(2);
	});

	it('honours Retry-After on a HubSpot 5xx too', async () => {
		const unavailable = hubspotError(503, { message: 'maintenance' }, { 'retry-after': '2' });
		const result = await runNode({ items: [visitor], hubspot: failing(unavailable, 1) });
		expect(time.sleeps).toEqual([2000]);
		expect(result.requests).toHaveLength(2);
		expect(jsonOf(result)[0]).toMatchObject({ cached: false, token: expect.any(String) });
	});

	it.each([
		['0', '0'],
		['negative', '-5'],
		['a date in the past', 'Mon, 23 Nov 2026 07:59:00 GMT'],
	])('a Retry-After of %s never waits less than the node\'s own backoff (no burst of retries)', async (_, retryAfter) => {
		const limited = hubspotError(429, { policyName: 'TEN_SECONDLY_ROLLING' }, { 'retry-after': retryAfter });
		const result = await runNode({ items: [visitor], continueOnFail: true, options: { maxRetries: 10 }, hubspot: failing(limited) });
		// 2 s, then 4 s; the next 6 s would pass the 8 s Max Retry Wait, so it gives up after 3 calls, not 11.
		expect(time.sleeps).toEqual([2000, 4000]);
		expect(result.requests).toHaveLength(3);
		expect(errorsOf(result)[0]).toMatchObject({ errorCode: 'HUBSPOT_RATE_LIMITED', message: expect.stringMatching(/Gave up after 3 attempts/) });
	});

	it('a Retry-After of 0 on a 5xx waits the 5xx backoff (250 ms, 500 ms …)', async () => {
		const unavailable = hubspotError(502, {}, { 'retry-after': '0' });
		await runNode({ items: [visitor], continueOnFail: true, options: { maxRetries: 2 }, hubspot: failing(unavailable) });
		expect(time.sleeps).toEqual([250, 500]);
	});

	it('stops after Max Retries and says how many attempts it made', async () => {
		const result = await runNode({ items: [visitor], continueOnFail: true, options: { maxRetries: 2 }, hubspot: failing(hubspotError(502, {})) });
		expect(result.requests).toHaveLength(3);
		expect(errorsOf(result)[0]).toMatchObject({ errorCode: 'HUBSPOT_UNAVAILABLE', message: expect.stringMatching(/Gave up after 3 attempts/) });
	});

	it('never waits longer in total than Max Retry Wait (default 8 s)', async () => {
		const limited = hubspotError(429, { policyName: 'TEN_SECONDLY_ROLLING' });
		const result = await runNode({ items: [visitor], continueOnFail: true, options: { maxRetries: 10 }, hubspot: failing(limited) });
		const waited = time.sleeps.reduce((sum, ms) => sum + ms, 0);
		expect(waited).toBeLessThanOrEqual(8000);
		expect(time.sleeps).toEqual([2000, 4000]);
		expect(errorsOf(result)[0]).toMatchObject({ errorCode: 'HUBSPOT_RATE_LIMITED', httpStatus: 503 });
	});

	it('does not wait at all when a Retry-After is longer than the budget', async () => {
		const limited = hubspotError(429, { policyName: 'SECONDLY' }, { 'retry-after': '30' });
		const result = await runNode({ items: [visitor], continueOnFail: true, hubspot: failing(limited) });
		expect(result.requests).toHaveLength(1);
		expect(time.sleeps).toEqual([]);
	});
});

describe('bad input gets a clear error naming the field and the item, and loses nothing else', () => {
	it.each([
		['email the expression finds nothing for', { email: undefined }, 'email', /Email is missing/],
		['email parameter left empty', { firstName: 'A' }, 'email', /Email is empty/],
		['blank email', { email: '   ' }, 'email', /Email is empty/],
		['non-string email', { email: 42 }, 'email', /Email must be text, but it is a number/],
		['object email', { email: { address: 'a@example.com' } }, 'email', /Email must be text, but it is an object/],
		['malformed email', { email: 'alice.example.com' }, 'email', /not a valid email address/],
		['email with a space', { email: 'ali ce@example.com' }, 'email', /not a valid email address/],
		['over-long email', { email: `${'a'.repeat(60)}@${'b'.repeat(190)}.com` }, 'email', /at most 254/],
		['email of 254 characters but 255 bytes in UTF-8', { email: `${'a'.repeat(60)}@${'b'.repeat(188)}é.com` }, 'email', /Email is 255 bytes long \(UTF-8\); an email address has at most 254/],
		['email with NUL', { email: 'ali\u0000ce@example.com' }, 'email', /Email contains an invisible or control character \(U\+0000\)/],
		['email with BEL', { email: 'ali\u0007ce@example.com' }, 'email', /invisible or control character \(U\+0007\)/],
		['email with DEL', { email: 'ali\u007fce@example.com' }, 'email', /invisible or control character \(U\+007F\)/],
		['email with a C1 control', { email: 'ali\u0085ce@example.com' }, 'email', /invisible or control character \(U\+0085\)/],
		['email with a zero-width space', { email: 'alice\u200b@example.com' }, 'email', /invisible or control character \(U\+200B\)/],
		['email with a right-to-left override', { email: 'alice@\u202eelpmaxe.com' }, 'email', /invisible or control character \(U\+202E\)/],
		['email with a byte order mark inside', { email: 'alice@exa\ufeffmple.com' }, 'email', /invisible or control character \(U\+FEFF\)/],
		['first name with a line break', { email: 'a@example.com', firstName: 'Alice\r\nBcc: x' }, 'firstName', /First Name contains an invisible or control character \(U\+000D\)/],
		['last name with a line feed', { email: 'a@example.com', lastName: 'Lid\ndell' }, 'lastName', /Last Name contains an invisible or control character \(U\+000A\)/],
		['last name with NUL', { email: 'a@example.com', lastName: 'Lid\u0000dell' }, 'lastName', /Last Name contains an invisible or control character \(U\+0000\)/],
		['first name with a right-to-left override', { email: 'a@example.com', firstName: 'Al\u202eice' }, 'firstName', /invisible or control character \(U\+202E\)/],
		['first name with a zero-width space', { email: 'a@example.com', firstName: 'Al\u200bice' }, 'firstName', /invisible or control character \(U\+200B\)/],
		['over-long first name', { email: 'a@example.com', firstName: 'x'.repeat(101) }, 'firstName', /First Name is 101 characters long/],
		['non-string last name', { email: 'a@example.com', lastName: ['x'] }, 'lastName', /Last Name must be text, but it is a list/],
		['an expression that fails', { email: new Error('Cannot read properties of undefined (reading \'email\')') }, 'email', /could not be read: Cannot read properties/],
	])('%s', async (_, bad, field, message) => {
		const good = { email: 'good@example.com' };
		const result = await runNode({ items: [good, bad, good, { email: 'other@example.com' }], continueOnFail: true });
		const json = jsonOf(result);
		const error = errorsOf(result)[1];
		expect(error).toMatchObject({ errorCode: 'INVALID_INPUT', httpStatus: 400, field });
		expect(Object.keys(json[1])).toEqual(['error']);
		expect(error.message).toMatch(/^Item 1: /);
		expect(error.message).toMatch(message);
		expect([json[0], json[2], json[3]].every((item) => typeof item.token === 'string')).toBe(true);
		// The two good items with the same email share one call; the bad item costs none.
		expect(result.requests).toHaveLength(2);
	});

	it.each([
		['an email of exactly 254 characters', { email: `${'a'.repeat(64)}@${'b'.repeat(185)}.com` }, 'email', 254],
		['an email whose local part is exactly 64 characters', { email: `${'a'.repeat(64)}@example.com` }, 'email', 76],
		['a first name of exactly 100 characters', { email: 'a@example.com', firstName: 'F'.repeat(100) }, 'firstName', 100],
		['a last name of exactly 100 characters', { email: 'a@example.com', lastName: 'L'.repeat(100) }, 'lastName', 100],
		['a Persian name written with a zero-width non-joiner', { email: 'a@example.com', firstName: 'مهر\u200cآسا' }, 'firstName', 7],
		['an emoji name joined by zero-width joiners', { email: 'a@example.com', lastName: '👩\u200d💻' }, 'lastName', 5],
	])('accepts %s and sends it to HubSpot as it is', async (_, item, field, length) => {
		const result = await runNode({ items: [item], continueOnFail: true });
		const sent = (result.requests[0]?.options.body ?? {}) as Record<string, string>;
		expect(errorsOf(result)[0]).toBeUndefined();
		expect(sent[field]).toBe((item as Record<string, string>)[field]);
		expect(sent[field]).toHaveLength(length);
	});

	it('without On Error: Continue, throws a NodeOperationError that names field and item, after caching the good tokens', async () => {
		const staticData = {};
		const result = await runNode({ items: [{ email: 'good@example.com' }, { email: 'nope' }], staticData });
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toMatch(/^Item 1: Email is not a valid email address/);
		expect((result.error as NodeOperationError).description).toMatch(/Field: email/);
		const retry = await runNode({ items: [{ email: 'good@example.com' }], staticData });
		expect(retry.requests).toHaveLength(0);
	});
});

describe('the access token never appears in output, errors or static data', () => {
	it('not even when HubSpot echoes it back in an error message', async () => {
		const accessToken = fakeAccessToken();
		const echo = hubspotError(400, { message: `bad request for Bearer ${accessToken}` });
		const result = await runNode({ items: [visitor], accessToken, continueOnFail: true, hubspot: failing(echo) });
		expect(JSON.stringify(result.output)).not.toContain(accessToken);
		expect(JSON.stringify(result.output)).toContain('[redacted]');
	});

	it('is absent from a thrown error and from stored static data', async () => {
		const accessToken = fakeAccessToken();
		const staticData = {};
		await runNode({ items: [visitor], accessToken, staticData });
		const failed = await runNode({ items: [{ email: 'x@example.com' }], accessToken, staticData, hubspot: failing(hubspotError(401, { message: accessToken })) });
		expect(JSON.stringify(staticData)).not.toContain(accessToken);
		expect(failed.error?.message).not.toContain(accessToken);
		expect(JSON.stringify(failed.error)).not.toContain(accessToken);
	});
});
