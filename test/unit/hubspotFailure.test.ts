// How each HubSpot answer is classified, checked field by field: code, the status for the website, whether
// and how to retry, and the words the user reads.
import { HubSpotFailure, failureFromMissingToken, failureFromNetworkError, failureFromOversizedAnswer, failureFromRedirect, failureFromResponse, parseBody, parseRetryAfter } from '../../nodes/HubspotVisitorIdentification/shared/hubspotFailure';

const now = Date.parse('2026-11-23T08:00:00Z');
const answer = (statusCode: number, body: unknown = {}, headers: Record<string, unknown> = {}) => failureFromResponse({ statusCode, body, headers }, now);

describe('each status gets its code, website status and retry kind', () => {
	it.each([
		[400, {}, 'HUBSPOT_REJECTED_INPUT', 400, 'none'],
		[401, {}, 'HUBSPOT_UNAUTHORIZED', 502, 'none'],
		[403, { category: 'MISSING_SCOPES' }, 'HUBSPOT_MISSING_SCOPE', 502, 'none'],
		[403, { errors: [{ context: { requiredScopes: ['x'] } }] }, 'HUBSPOT_MISSING_SCOPE', 502, 'none'],
		[403, { errors: [{ context: { requiredGranularScopes: ['x'] } }] }, 'HUBSPOT_MISSING_SCOPE', 502, 'none'],
		[403, { category: 'FORBIDDEN', errors: [{ message: 'no' }] }, 'HUBSPOT_TIER', 502, 'none'],
		[404, {}, 'HUBSPOT_NOT_FOUND', 502, 'none'],
		[429, { policyName: 'DAILY' }, 'HUBSPOT_DAILY_LIMIT', 503, 'none'],
		[429, { policyName: 'SECONDLY' }, 'HUBSPOT_RATE_LIMITED', 503, 'secondly-limit'],
		[429, { policyName: 'TEN_SECONDLY_ROLLING' }, 'HUBSPOT_RATE_LIMITED', 503, 'burst-limit'],
		[429, {}, 'HUBSPOT_RATE_LIMITED', 503, 'burst-limit'],
		[500, {}, 'HUBSPOT_UNAVAILABLE', 502, 'transient'],
		[599, {}, 'HUBSPOT_UNAVAILABLE', 502, 'transient'],
		[499, {}, 'HUBSPOT_BAD_RESPONSE', 502, 'none'],
		[302, {}, 'HUBSPOT_BAD_RESPONSE', 502, 'none'],
		[409, {}, 'HUBSPOT_BAD_RESPONSE', 502, 'none'],
	])('%d %j → %s, answer %d, retry %s', (status, body, code, respondWith, retry) => {
		const failure = answer(status, body);
		expect(failure).toBeInstanceOf(HubSpotFailure);
		expect({ code: failure.code, respondWith: failure.details.respondWith, retry: failure.details.retry, hubspotStatus: failure.details.hubspotStatus }).toEqual({ code, respondWith, retry, hubspotStatus: status });
	});
});

describe('messages say what happened and quote HubSpot', () => {
	it('quotes HubSpot\'s trimmed message where it helps, and names the status', () => {
		expect(answer(400, { message: '  Email is invalid ' }).message).toBe('HubSpot rejected the visitor\'s details (400). HubSpot said: "Email is invalid". Check the email and names sent for this item.');
		expect(answer(403, { message: 'Needs Pro' }).message).toBe('HubSpot refused visitor identification for this account (403). The Visitor Identification API needs a Professional or Enterprise subscription. HubSpot said: "Needs Pro".');
		expect(answer(503, { message: 'down' }).message).toBe('HubSpot had a temporary problem (503). HubSpot said: "down". Try again shortly.');
		expect(answer(418, { message: 'teapot' }).message).toBe('HubSpot answered with an unexpected status 418. HubSpot said: "teapot".');
	});

	it('leaves the quote out when HubSpot said nothing useful', () => {
		expect(answer(400, { message: '   ' }).message).toBe('HubSpot rejected the visitor\'s details (400). Check the email and names sent for this item.');
		expect(answer(500, { message: 42 }).message).toBe('HubSpot had a temporary problem (500). Try again shortly.');
	});

	it('names the rate-limit policy when HubSpot gave one', () => {
		expect(answer(429, { policyName: 'SECONDLY' }).message).toMatch(/^HubSpot's rate limit \(SECONDLY\) was exceeded \(429\)\. /);
		expect(answer(429, {}).message).toMatch(/^HubSpot's rate limit was exceeded \(429\)\. /);
	});

	it('adds the correlation id from the body, else from the header (any case), and the attempts when more than one', () => {
		expect(answer(401, { correlationId: '0b6d3a1e-7c52-4f8e-9a11-2f3c4d5e6f70' }, { 'x-hubspot-correlation-id': '9f8e7d6c-5b4a-4321-8fed-cba987654321' }).details.correlationId).toBe('0b6d3a1e-7c52-4f8e-9a11-2f3c4d5e6f70');
		expect(answer(401, {}, { 'X-HubSpot-Correlation-Id': '9f8e7d6c-5b4a-4321-8fed-cba987654321' }).details.correlationId).toBe('9f8e7d6c-5b4a-4321-8fed-cba987654321');
		expect(answer(401, {}, { 'x-hubspot-correlation-id': ['11111111-2222-4333-8444-555555555555', 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee'] }).details.correlationId).toBe('11111111-2222-4333-8444-555555555555');
		expect(answer(401, {}, {}).details.correlationId).toBeUndefined();
		const failure = answer(502, { correlationId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee' });
		expect(failure.message).toBe('HubSpot had a temporary problem (502). Try again shortly. (HubSpot correlation id: aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee)');
		expect(failure.afterAttempts(1).message).toBe(failure.message);
		expect(failure.afterAttempts(4).message).toBe('HubSpot had a temporary problem (502). Try again shortly. Gave up after 4 attempts. (HubSpot correlation id: aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee)');
		expect(failure.afterAttempts(4).attempts).toBe(4);
	});
});

describe('Retry-After on a 429', () => {
	it('is read from the header in any case, as seconds or an HTTP date, never negative', () => {
		expect(answer(429, {}, { 'Retry-After': '1.5' }).details.retryAfterMs).toBe(1500);
		expect(answer(429, {}, { 'retry-after': 'Mon, 23 Nov 2026 08:00:03 GMT' }).details.retryAfterMs).toBe(3000);
		expect(parseRetryAfter('-5', now)).toBe(0);
		expect(parseRetryAfter('Mon, 23 Nov 2026 07:59:00 GMT', now)).toBe(0);
		expect(parseRetryAfter('  ', now)).toBeUndefined();
		expect(answer(429, {}).details.retryAfterMs).toBeUndefined();
	});
});

describe('bodies arrive parsed, as text or as bytes', () => {
	it('reads JSON text and bytes, and treats anything else as no fields', () => {
		expect(parseBody('{"a":1}')).toEqual({ a: 1 });
		expect(parseBody(Buffer.from('{"a":2}'))).toEqual({ a: 2 });
		expect(parseBody({ a: 3 })).toEqual({ a: 3 });
		expect(parseBody('"text"')).toBeUndefined();
		expect(parseBody('null')).toBeUndefined();
		expect(parseBody('<html>')).toBeUndefined();
		expect(parseBody(null)).toBeUndefined();
		expect(parseBody(7)).toBeUndefined();
		expect(answer(400, '{"message":"from text"}').message).toContain('HubSpot said: "from text"');
	});

	it('a 200 without a token: says whether the body was JSON, keeps status and correlation id', () => {
		const json = failureFromMissingToken({ statusCode: 200, body: { x: 1 }, headers: { 'x-hubspot-correlation-id': '0b6d3a1e-7c52-4f8e-9a11-2f3c4d5e6f70' } });
		expect(json).toMatchObject({ code: 'HUBSPOT_BAD_RESPONSE', details: { respondWith: 502, retry: 'none', hubspotStatus: 200, correlationId: '0b6d3a1e-7c52-4f8e-9a11-2f3c4d5e6f70' } });
		expect(json.message).toBe('HubSpot answered 200 but without a token. (HubSpot correlation id: 0b6d3a1e-7c52-4f8e-9a11-2f3c4d5e6f70)');
		expect(failureFromMissingToken({ statusCode: 200, body: 'oops', headers: {} }).message).toBe('HubSpot answered 200 with a body that is not JSON; no token could be read.');
	});
});

describe('network failures', () => {
	const network = (error: unknown) => failureFromNetworkError(error, 'api.hubapi.com', 10_000);

	it.each([
		[{ code: 'ETIMEDOUT' }],
		[{ code: 'ESOCKETTIMEDOUT' }],
		[{ code: 'UND_ERR_HEADERS_TIMEOUT' }],
		[{ code: 'UND_ERR_BODY_TIMEOUT' }],
		[{ message: 'Request timed out' }],
		[{ message: 'wrapped', cause: { message: 'wrapped again', cause: { code: 'ECONNABORTED' } } }],
	])('%j is a timeout: 504, not retried, with the timeout in seconds', (error) => {
		const failure = network(error);
		expect({ code: failure.code, respondWith: failure.details.respondWith, retry: failure.details.retry }).toEqual({ code: 'HUBSPOT_TIMEOUT', respondWith: 504, retry: 'none' });
		expect(failure.message).toBe('HubSpot (api.hubapi.com) did not answer within 10 seconds. Try again, or raise the Timeout option.');
	});

	it('looks at most five errors deep for a code', () => {
		let error: Record<string, unknown> = { code: 'ETIMEDOUT' };
		for (let depth = 0; depth < 5; depth++) error = { message: 'wrapper', cause: error };
		expect(network(error).code).toBe('HUBSPOT_UNAVAILABLE');
		expect(network((error.cause as Record<string, unknown>)).code).toBe('HUBSPOT_TIMEOUT');
	});

	it.each([
		['ECONNREFUSED', 'the connection was refused'],
		['ECONNRESET', 'the connection was closed unexpectedly'],
		['ENOTFOUND', 'the host name was not found'],
		['EAI_AGAIN', 'the host name could not be looked up'],
		['EHOSTUNREACH', 'the host is unreachable'],
		['ENETUNREACH', 'the network is unreachable'],
		['EPIPE', 'the connection was closed while sending'],
		['UND_ERR_SOCKET', 'the connection was closed unexpectedly'],
		['CERT_HAS_EXPIRED', 'its TLS certificate has expired'],
		['DEPTH_ZERO_SELF_SIGNED_CERT', 'its TLS certificate is self-signed'],
		['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'its TLS certificate could not be verified'],
	])('%s is described as "%s", retried as transient, answered 502', (code, words) => {
		const failure = network({ cause: { code } });
		expect({ code: failure.code, respondWith: failure.details.respondWith, retry: failure.details.retry }).toEqual({ code: 'HUBSPOT_UNAVAILABLE', respondWith: 502, retry: 'transient' });
		expect(failure.message).toBe(`Could not reach HubSpot at api.hubapi.com: ${words}. Check the credential's Base URL and the network between n8n and HubSpot.`);
	});

	it('an unknown failure still says HubSpot could not be reached, without a reason it does not know', () => {
		expect(network(new Error('boom')).message).toBe("Could not reach HubSpot at api.hubapi.com. Check the credential's Base URL and the network between n8n and HubSpot.");
		expect(network('not even an error').code).toBe('HUBSPOT_UNAVAILABLE');
		expect(network({ messages: ['socket hang up', 'timeout of 10000ms exceeded'] }).code).toBe('HUBSPOT_TIMEOUT');
	});
});

describe('odd answers are still classified by what they say', () => {
	it('a 403 whose body is not JSON is the subscription problem, not a missing scope', () => {
		const failure = answer(403, '<html>Forbidden</html>');
		expect(failure.code).toBe('HUBSPOT_TIER');
		expect(failure.message).toContain('needs a Professional or Enterprise subscription');
		expect(failure.message).not.toContain('HubSpot said');
	});

	it.each([
		[404, 'HUBSPOT_NOT_FOUND'],
		[429, 'HUBSPOT_RATE_LIMITED'],
		[500, 'HUBSPOT_UNAVAILABLE'],
		[418, 'HUBSPOT_BAD_RESPONSE'],
	])('only a 403 can mean a missing scope: a %d that mentions scopes is %s', (status, code) => {
		expect(answer(status, { category: 'MISSING_SCOPES', errors: [{ context: { requiredScopes: ['x'] } }] }).code).toBe(code);
	});

	it('a blank correlation id in the body does not hide the one in the header', () => {
		const id = '9f8e7d6c-5b4a-4321-8fed-cba987654321';
		const failure = answer(502, { correlationId: '   ' }, { 'x-hubspot-correlation-id': id });
		expect(failure.details.correlationId).toBe(id);
		expect(failure.message).toContain(`(HubSpot correlation id: ${id})`);
	});

	it('a blank rate-limit policy name is not quoted', () => {
		expect(answer(429, { policyName: '  ' }).message).toMatch(/^HubSpot's rate limit was exceeded \(429\)\. /);
	});
});

describe('the access token is taken out of what a failure carries', () => {
	const accessToken = 'pat-na1-unit-test-token';

	it('every occurrence of the token in the message is replaced by [redacted], the rest is kept', () => {
		const failure = answer(400, { message: `bad header Bearer ${accessToken} (${accessToken})` }).withoutSecret(accessToken);
		expect(failure.message).not.toContain(accessToken);
		expect(failure.message).toContain('HubSpot said: "bad header Bearer [redacted] ([redacted])"');
		expect(failure.message).toContain('Check the email and names sent for this item.');
		expect(failure.code).toBe('HUBSPOT_REJECTED_INPUT');
	});

	it('with no token to take out, the failure and its message are left as they are', () => {
		const failure = answer(400, { message: 'Email is invalid' });
		expect(failure.withoutSecret('')).toBe(failure);
		expect(failure.withoutSecret('').message).toBe(failure.message);
	});
});

describe('whatever was thrown, a network failure is classified and never throws itself', () => {
	const network = (error: unknown) => failureFromNetworkError(error, 'api.hubapi.com', 10_000);

	it.each<[string, unknown]>([
		['null', null],
		['an error whose cause is null', { code: 'ECONNRESET', cause: null }],
		['an error whose code is a symbol and whose other fields are not text', { code: Symbol('ETIMEDOUT'), httpCode: 504, message: { text: 'timed out' }, messages: [null, 42] }],
	])('%s: HubSpot could not be reached', (_label, error) => {
		const failure = network(error);
		expect(failure.code).toBe('HUBSPOT_UNAVAILABLE');
		expect(failure.message).toContain('Could not reach HubSpot at api.hubapi.com');
	});

	it('a code found above a null cause is still used', () => {
		expect(network({ code: 'ECONNRESET', cause: null }).message).toContain(': the connection was closed unexpectedly.');
	});
});

describe('a redirect and an oversized answer', () => {
	it.each([301, 302, 303, 307, 308])('a %i names the status, says the token stayed, what to check, is not retried and quotes no Location', (status) => {
		const failure = failureFromRedirect({ statusCode: status, headers: { location: 'http://collector.example.net/steal?pat-na1-x' }, body: '' });
		expect(failure).toMatchObject({ code: 'HUBSPOT_BAD_RESPONSE', details: { respondWith: 502, retry: 'none', hubspotStatus: status } });
		expect(failure.message).toBe(
			`The credential's Base URL answered with a redirect (${status}), which is never followed, so the access token stays with that host. Check the Base URL: use https://api.hubapi.com, or a proxy that forwards requests instead of redirecting them.`,
		);
	});

	it('an answer over the limit says how much was allowed, that reading stopped, and what to check; not retried', () => {
		const failure = failureFromOversizedAnswer('api.hubapi.com', 64 * 1024);
		expect(failure).toMatchObject({ code: 'HUBSPOT_BAD_RESPONSE', details: { respondWith: 502, retry: 'none' } });
		expect(failure.message).toBe("HubSpot (api.hubapi.com) answered with more than 64 KB, far more than a token answer; reading stopped there. Check the credential's Base URL.");
	});
});
