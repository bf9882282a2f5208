// The README's numbers checked from the side that accepts them as well as the side that refuses them, so
// that a limit moved by one, a default changed or an expiry counted from the wrong moment fails a test.
// The numbers are written out here as the README states them, never read from the node's code.
import { defaultHubspot, errorsOf, jsonOf, runNode, type FakeAnswer } from '../support/executeContext';
import { HOUR, MINUTE, takeOverClock } from '../support/fakeClock';

let time: ReturnType<typeof takeOverClock>;
beforeEach(() => (time = takeOverClock()));
afterEach(() => time.release());

/** An address of exactly `length` characters: a 64-character local part (the most RFC 5321 allows) and a dotted domain. */
function emailOfLength(length: number): string {
	const local = 'a'.repeat(64);
	const tld = '.example.com';
	const domain = 'd'.repeat(length - local.length - 1 - tld.length) + tld;
	const email = `${local}@${domain}`;
	if (email.length !== length) throw new Error(`built ${email.length} characters, wanted ${length}`);
	return email;
}

describe('Email: at most 254 characters', () => {
	it('accepts an email of exactly 254 characters and sends it to HubSpot as it is', async () => {
		const email = emailOfLength(254);
		const result = await runNode({ items: [{ email }] });
		expect(jsonOf(result)[0]).toMatchObject({ email, cached: false });
		expect(result.requests.map((request) => (request.options.body as { email: string }).email)).toEqual([email]);
	});

	it('measures after trimming: 254 characters with spaces around them are accepted', async () => {
		const email = emailOfLength(254);
		const result = await runNode({ items: [{ email: `  ${email}\t` }] });
		expect(jsonOf(result)[0].email).toBe(email);
	});

	it('refuses 255 characters (bytes, for an ASCII address), naming the length and the field, without calling HubSpot', async () => {
		const result = await runNode({ items: [{ email: emailOfLength(255) }], continueOnFail: true });
		expect(errorsOf(result)[0]).toMatchObject({ errorCode: 'INVALID_INPUT', field: 'email', httpStatus: 400, message: expect.stringContaining('255 bytes long') });
		expect(result.requests).toHaveLength(0);
	});

	it('accepts a 64-character local part and refuses 65', async () => {
		const accepted = await runNode({ items: [{ email: `${'l'.repeat(64)}@example.com` }] });
		expect(jsonOf(accepted)[0].cached).toBe(false);
		const refused = await runNode({ items: [{ email: `${'l'.repeat(65)}@example.com` }], continueOnFail: true });
		expect(errorsOf(refused)[0]).toMatchObject({ errorCode: 'INVALID_INPUT', field: 'email' });
	});
});

describe('First Name and Last Name: at most 100 characters each', () => {
	it.each(['firstName', 'lastName'] as const)('accepts a %s of exactly 100 characters and sends it whole', async (field) => {
		const name = 'N'.repeat(100);
		const result = await runNode({ items: [{ email: 'named@example.com', [field]: name }] });
		expect(jsonOf(result)[0][field]).toBe(name);
		expect((result.requests[0].options.body as Record<string, string>)[field]).toBe(name);
	});

	it.each([
		['firstName', 'First Name'],
		['lastName', 'Last Name'],
	] as const)('refuses a %s of 101 characters, naming the field and the length', async (field, label) => {
		const result = await runNode({ items: [{ email: 'named@example.com', [field]: 'N'.repeat(101) }], continueOnFail: true });
		expect(errorsOf(result)[0]).toMatchObject({ errorCode: 'INVALID_INPUT', field, message: expect.stringContaining(`${label} is 101 characters long`) });
		expect(result.requests).toHaveLength(0);
	});

	it('measures names after trimming', async () => {
		const result = await runNode({ items: [{ email: 'named@example.com', firstName: ` ${'N'.repeat(100)} ` }] });
		expect(jsonOf(result)[0].firstName).toBe('N'.repeat(100));
	});
});

describe('Max Retries: 3 by default', () => {
	const outage: FakeAnswer = { statusCode: 503, body: { status: 'error', message: 'unavailable' } };

	it('with the default options, a HubSpot that keeps failing is asked exactly 4 times (1 + 3 retries)', async () => {
		const result = await runNode({ items: [{ email: 'retry@example.com' }], continueOnFail: true, hubspot: () => outage });
		expect(result.requests).toHaveLength(4);
		// 250 ms, 500 ms, 1 s: well inside the default 8-second budget, so the retry count is what stopped it.
		expect(time.sleeps).toEqual([250, 500, 1000]);
		expect(errorsOf(result)[0]).toMatchObject({ errorCode: 'HUBSPOT_UNAVAILABLE', message: expect.stringContaining('4 attempts') });
	});

	it('the fourth attempt still counts: failing three times and then answering gives a token', async () => {
		const result = await runNode({ items: [{ email: 'retry@example.com' }], hubspot: (_, call) => (call <= 3 ? outage : defaultHubspot()) });
		expect(result.requests).toHaveLength(4);
		expect(jsonOf(result)[0].cached).toBe(false);
	});
});

describe('Max Retry Wait: 8 s by default, all waits of one request together', () => {
	it('a wait that brings the total to exactly 8 s is still taken', async () => {
		// Retry-After 4 s twice: 8 s in all, which is "at most" the budget, not past it.
		const limited: FakeAnswer = { statusCode: 429, body: { status: 'error', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' }, headers: { 'retry-after': '4' } };
		const result = await runNode({ items: [{ email: 'wait@example.com' }], hubspot: (_, call) => (call <= 2 ? limited : defaultHubspot()) });
		expect(time.sleeps).toEqual([4000, 4000]);
		expect(jsonOf(result)[0].cached).toBe(false);
	});
});

describe('expiresAt: 12 hours counted from just before the request', () => {
	it('is 12 hours after the request was sent, not after HubSpot answered', async () => {
		const sentAt = time.now;
		const result = await runNode({
			items: [{ email: 'slow@example.com' }],
			// HubSpot takes 5 minutes to answer: the token's 12 hours started when it was asked, not when it answered.
			hubspot: () => {
				time.advance(5 * MINUTE);
				return defaultHubspot();
			},
		});
		expect(jsonOf(result)[0].expiresAt).toBe(new Date(sentAt + 12 * HOUR).toISOString());
	});

	it('after a retry, is counted from just before the attempt that got the token', async () => {
		const startedAt = time.now;
		const result = await runNode({
			items: [{ email: 'retried@example.com' }],
			hubspot: (_, call) => {
				time.advance(MINUTE);
				return call === 1 ? { statusCode: 503, body: {} } : defaultHubspot();
			},
		});
		// First attempt: 1 minute until its 503, then a 250 ms backoff; the second attempt starts there.
		expect(jsonOf(result)[0].expiresAt).toBe(new Date(startedAt + MINUTE + 250 + 12 * HOUR).toISOString());
	});

	it('a token whose request was slow is reused only while more than the margin remains, counted the same way', async () => {
		const staticData = {};
		const sentAt = time.now;
		await runNode({ items: [{ email: 'slow@example.com' }], staticData, hubspot: () => (time.advance(30 * MINUTE), defaultHubspot()) });
		// 11 h after sending, exactly the default 60-minute margin remains: no longer served from the cache.
		time.advance(sentAt + 11 * HOUR - time.now);
		const later = await runNode({ items: [{ email: 'slow@example.com' }], staticData });
		expect(later.requests).toHaveLength(1);
	});
});
