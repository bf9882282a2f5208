// The longest a visitor can wait with default settings (the README's "(Max Retries + 1) × Timeout
// + Max Retry Wait = 48 s", and about 68 s in ID-token mode with the discovery and JWKS fetches). The Timeout
// is a deadline for each whole request (test/engine/transport-bounds.test.ts pins that against real dripping
// servers); here every request takes exactly that deadline on a virtual clock, HubSpot answers with every
// retryable failure and every Retry-After a retry could still wait for, and the longest run is measured.
import { clock } from '../../nodes/HubspotVisitorIdentification/shared/clock';
import { forgetPublishedKeys, publishedKeys } from '../../nodes/HubspotVisitorIdentification/shared/idToken/jwks';
import type { FetchedDocument } from '../../nodes/HubspotVisitorIdentification/shared/idToken/documents';
import { readSettings, type Settings } from '../../nodes/HubspotVisitorIdentification/shared/settings';
import { errorsOf, runNode, type FakeAnswer } from '../support/executeContext';
import { takeOverClock } from '../support/fakeClock';

let time: ReturnType<typeof takeOverClock>;
beforeEach(() => (time = takeOverClock()));
afterEach(() => time.release());

const defaults = readSettings({}) as Settings;

/** HubSpot answers that are retried, with the Retry-After values that make a retry wait longest. */
const retryable: Array<[string, FakeAnswer]> = [
	['503 without Retry-After', { statusCode: 503, body: { message: 'down' } }],
	['503 with Retry-After: 2', { statusCode: 503, body: { message: 'down' }, headers: { 'retry-after': '2' } }],
	['503 with Retry-After: 8', { statusCode: 503, body: { message: 'down' }, headers: { 'retry-after': '8' } }],
	['429 burst', { statusCode: 429, body: { errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' } }],
	['429 secondly', { statusCode: 429, body: { errorType: 'RATE_LIMIT', policyName: 'SECONDLY' } }],
	['429 with Retry-After: 4', { statusCode: 429, body: { errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' }, headers: { 'retry-after': '4' } }],
];

/** One visitor in email mode; every HubSpot attempt lasts the whole Timeout and then fails with `answer`. */
async function emailVisitorWaits(answerFor: (callNumber: number) => FakeAnswer) {
	const startedAt = time.now;
	const result = await runNode({
		items: [{ email: 'visitor@example.com' }],
		continueOnFail: true,
		hubspot: async (request, callNumber) => {
			await runFor(request.options.timeout as number);
			return answerFor(callNumber);
		},
	});
	return { waitedMs: time.now - startedAt, attempts: result.requests.length, result };
}

function retryAfterHeader(seconds: string | undefined): Record<string, string> {
	return seconds === undefined ? {} : { 'retry-after': seconds };
}

/** Time passing on the node's (virtual) clock, as for a request that runs up to its deadline. */
async function runFor(ms: number): Promise<void> {
	await clock.sleep(ms);
}

describe('the longest a visitor waits with default settings', () => {
	it('the defaults are the ones the bound is stated for: Timeout 10 s, Max Retries 3, Max Retry Wait 8 s', () => {
		expect(defaults).toMatchObject({ timeoutMs: 10_000, maxRetries: 3, maxTotalWaitMs: 8_000 });
	});

	it('each HubSpot request carries the Timeout as its deadline, not only as n8n\'s idle timeout', async () => {
		const { result } = await emailVisitorWaits(() => ({ statusCode: 200, body: { token: 't' } }));
		expect(result.requests[0].options).toMatchObject({ timeout: 10_000, encoding: 'stream', disableFollowRedirect: true });
		expect(result.requests[0].options.abortSignal).toBeDefined();
	});

	it('email mode: at most (Max Retries + 1) × Timeout + Max Retry Wait = 48 s, whatever HubSpot answers and asks to wait', async () => {
		const bound = (defaults.maxRetries + 1) * defaults.timeoutMs + defaults.maxTotalWaitMs;
		expect(bound).toBe(48_000);
		const runs: Array<{ label: string; waitedMs: number; attempts: number }> = [];
		// Each retryable failure on every attempt...
		for (const [label, answer] of retryable) {
			const { waitedMs, attempts, result } = await emailVisitorWaits(() => answer);
			expect(errorsOf(result)[0]).toBeDefined();
			runs.push({ label, waitedMs, attempts });
		}
		// ...and every sequence of 503s whose Retry-After (none, 1, 2, 4 or 8 s) changes from attempt to attempt.
		const retryAfters = [undefined, '1', '2', '4', '8'];
		for (const a of retryAfters) for (const b of retryAfters) for (const c of retryAfters) {
			const sequence = [a, b, c, undefined];
			const { waitedMs, attempts } = await emailVisitorWaits((call) => ({ statusCode: 503, body: { message: 'down' }, headers: retryAfterHeader(sequence[call - 1]) }));
			runs.push({ label: `503 with Retry-After ${sequence.join('/')}`, waitedMs, attempts });
		}
		for (const run of runs) {
			expect(run.attempts).toBeLessThanOrEqual(defaults.maxRetries + 1);
			expect(run.waitedMs).toBeLessThanOrEqual(bound);
		}
		// The bound is reached, not only respected: four attempts of 10 s, and waits of 2 + 2 + 4 s.
		const longest = Math.max(...runs.map((run) => run.waitedMs));
		expect(longest).toBe(bound);
		expect(runs.filter((run) => run.waitedMs === bound).map((run) => run.label)).toContain('503 with Retry-After 2/2/4/');
	});

	it('a request that times out is not retried: one Timeout, then the visitor has an answer', async () => {
		const timeout = Object.assign(new Error('The whole answer did not arrive within 10000 ms (timed out)'), { code: 'ETIMEDOUT' });
		const startedAt = time.now;
		const result = await runNode({
			items: [{ email: 'visitor@example.com' }],
			continueOnFail: true,
			hubspot: async (request) => {
				await runFor(request.options.timeout as number);
				return { networkError: timeout };
			},
		});
		expect(result.requests).toHaveLength(1);
		expect(time.now - startedAt).toBe(10_000);
		expect(errorsOf(result)[0]).toMatchObject({ errorCode: 'HUBSPOT_TIMEOUT' });
	});

	it('ID-token mode adds at most two key-document fetches (discovery, then JWKS), even for an unknown key id: 68 s in all', async () => {
		forgetPublishedKeys();
		const fetched: string[] = [];
		const fetchDocument = async (url: string): Promise<FetchedDocument> => {
			fetched.push(url);
			await runFor(defaults.timeoutMs);
			const json = url.endsWith('/.well-known/openid-configuration') ? { issuer: 'https://login.example.com', jwks_uri: 'https://login.example.com/jwks' } : { keys: [] };
			return { statusCode: 200, headers: {}, body: Buffer.from(JSON.stringify(json)) };
		};
		const startedAt = time.now;
		const source = { fetchDocument, timeoutMs: defaults.timeoutMs, now: time.now };

		// As verifyIdToken's fetchKeyFor does on a cold cache: the keys, then (the token's kid not among them) a refresh.
		const first = await publishedKeys('https://login.example.com', undefined, source);
		const refreshed = await publishedKeys('https://login.example.com', undefined, source, true);

		expect(first.keys).toEqual([]);
		expect(refreshed.keys).toEqual([]);
		expect(fetched).toEqual(['https://login.example.com/.well-known/openid-configuration', 'https://login.example.com/jwks']);
		const keyWaitMs = time.now - startedAt;
		expect(keyWaitMs).toBe(2 * defaults.timeoutMs);
		expect(keyWaitMs + (defaults.maxRetries + 1) * defaults.timeoutMs + defaults.maxTotalWaitMs).toBe(68_000);
		forgetPublishedKeys();
	});
});
