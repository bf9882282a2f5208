// The basic example workflow (Webhook → HubSpot Visitor Identification → Respond to Webhook), with the
// packed package installed into a real n8n as the community installer would, answering real HTTP
// calls, against the HubSpot simulator. One n8n per version; the promises run in order and build on
// each other (the cache test uses the token of the first call, the restart test that cache).

import { TIER_MESSAGE, type RecordedCall, type SimulatorFault } from '../support/hubspot-simulator';
import { waitUntil } from '../support/n8n';
import { runConcurrently } from './support/load';
import { RunningExamples } from './support/n8n-with-examples';
import { versionsUnderTest } from './support/suite-settings';
import { postJson, tokenIn, type WebhookAnswer } from './support/webhook-client';

const TWELVE_HOURS_MS = 12 * 60 * 60 * 1000;

/** A test case's label as an email local part, so each case has its own visitor. */
function slug(label: string): string {
	return label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

interface TokenAnswer {
	hsConversationsSettings: { identificationEmail: string; identificationToken: string };
	expiresAt: string;
}

describe.each(versionsUnderTest())('the basic example workflow in real n8n %s', (version) => {
	const stack = new RunningExamples(version, ['basic']);
	/** Every email sent and token received, to search n8n's database for them at the end. */
	const seen = { emails: new Set<string>(), tokens: new Set<string>() };

	beforeAll(async () => {
		await stack.start();
	}, 300_000);

	afterAll(async () => {
		await stack.stop();
	}, 60_000);

	async function askForToken(body: Record<string, unknown>): Promise<WebhookAnswer> {
		if (typeof body.email === 'string') seen.emails.add(body.email);
		const answer = await postJson(stack.url('basic'), body);
		const token = tokenIn(answer);
		if (token !== undefined) seen.tokens.add(token);
		return answer;
	}

	function callsSince(index: number): RecordedCall[] {
		return stack.sim.calls.slice(index);
	}

	const ada = { email: 'ada.lovelace@example.com', firstName: 'Ada', lastName: 'Lovelace' };
	let adaToken: string | undefined;

	describe('a webhook call returns a token for the email', () => {
		it('answers 200 with the token HubSpot issued for that email, after exactly one HubSpot call', async () => {
			const before = stack.sim.calls.length;
			const answer = await askForToken(ada);

			expect(answer.status).toBe(200);
			expect(answer.headers.get('content-type')).toMatch(/application\/json/);
			// A token identifies the visitor for hours: no shared cache may keep it.
			expect(answer.headers.get('cache-control')).toBe('no-store');
			// Only what the website needs: the example must not leak other fields (e.g. the token twice).
			// Nor whether the token came from the cache: that tells a stranger whether someone visited lately.
			expect(Object.keys(answer.body as object).sort()).toEqual(['expiresAt', 'hsConversationsSettings']);
			const body = answer.body as TokenAnswer;
			expect(body.hsConversationsSettings.identificationEmail).toBe(ada.email);
			adaToken = tokenIn(answer);
			expect(adaToken).toBeDefined();
			expect(stack.sim.emailForToken(adaToken ?? '')).toBe(ada.email);

			const calls = callsSince(before);
			expect(calls).toHaveLength(1);
			expect(calls[0]).toMatchObject({ route: 'token', status: 200, email: ada.email, firstName: 'Ada', lastName: 'Lovelace' });
			// HubSpot's 12 hours start when it issued the token.
			expect(Math.abs(Date.parse(body.expiresAt) - (calls[0].at + TWELVE_HOURS_MS))).toBeLessThan(5_000);
		});
	});

	describe('repeated calls come from the cache without calling HubSpot', () => {
		it.each([
			['the same email', ada.email],
			['other letter case', 'Ada.Lovelace@EXAMPLE.com'],
			['surrounding spaces', '  ada.lovelace@example.com\t'],
			['both', ' ADA.LOVELACE@Example.Com '],
		])('%s gets the same token from the cache', async (_label, email) => {
			const before = stack.sim.calls.length;
			const answer = await askForToken({ ...ada, email });

			expect(answer.status).toBe(200);
			expect(tokenIn(answer)).toBe(adaToken);
			expect((answer.body as TokenAnswer).hsConversationsSettings.identificationEmail).toBe(ada.email);
			expect(callsSince(before)).toHaveLength(0);
		});
	});

	describe('the cache survives a restart of n8n', () => {
		it('answers from the cache after n8n was stopped and started again', async () => {
			await stack.restart();
			const before = stack.sim.calls.length;
			const answer = await askForToken(ada);

			expect(answer.status).toBe(200);
			expect(tokenIn(answer)).toBe(adaToken);
			expect(callsSince(before)).toHaveLength(0);
		});
	});

	describe('bad input and HubSpot faults get the documented status and JSON body', () => {
		function expectErrorAnswer(answer: WebhookAnswer, status: number, errorCode: string): void {
			expect({ status: answer.status, errorCode: (answer.body as { errorCode?: unknown } | undefined)?.errorCode }).toEqual({
				status,
				errorCode,
			});
			// The example answers exactly { error, errorCode }: nothing from n8n's internals or the request.
			expect(Object.keys(answer.body as object).sort()).toEqual(['error', 'errorCode']);
			expect(typeof (answer.body as { error: unknown }).error).toBe('string');
			expect(answer.text).not.toContain(stack.accessToken);
		}

		it.each<[string, Record<string, unknown>]>([
			['a missing email', { firstName: 'Nobody' }],
			['a blank email', { email: '   ' }],
			['a malformed email', { email: 'not-an-email' }],
			['an email that is not text', { email: 42 }],
			['an over-long email', { email: `${'a'.repeat(60)}@${'b'.repeat(200)}.example.com` }],
			['an over-long first name', { email: 'long.name@example.com', firstName: 'x'.repeat(500) }],
		])('%s → 400 INVALID_INPUT without calling HubSpot', async (_label, body) => {
			const before = stack.sim.calls.length;
			const answer = await askForToken(body);

			expectErrorAnswer(answer, 400, 'INVALID_INPUT');
			expect(callsSince(before)).toHaveLength(0);
		});

		it.each<[string, number, string, Omit<SimulatorFault, 'forEmail' | 'times'>]>([
			['HubSpot rejecting the input (400)', 400, 'HUBSPOT_REJECTED_INPUT', { status: 400 }],
			['an invalid or revoked access token (401)', 502, 'HUBSPOT_UNAUTHORIZED', { status: 401 }],
			['a token without the scope (403 MISSING_SCOPES)', 502, 'HUBSPOT_MISSING_SCOPE', { status: 403 }],
			['an account below Professional (403)', 502, 'HUBSPOT_TIER', { status: 403, category: 'FORBIDDEN', message: TIER_MESSAGE }],
			['the daily limit (429 DAILY)', 503, 'HUBSPOT_DAILY_LIMIT', { policyName: 'DAILY' }],
			['a 200 without a token', 502, 'HUBSPOT_BAD_RESPONSE', { emptyToken: true }],
			['a 200 whose body is not JSON', 502, 'HUBSPOT_BAD_RESPONSE', { malformedBody: true }],
		])('%s → %i %s, not retried', async (label, status, errorCode, fault) => {
			const email = `fault.${slug(label)}@example.com`;
			stack.sim.injectFault({ ...fault, forEmail: email, times: 5 });
			try {
				const before = stack.sim.calls.length;
				const answer = await askForToken({ email });

				expectErrorAnswer(answer, status, errorCode);
				expect(callsSince(before).filter((call) => call.email === email)).toHaveLength(1);
			} finally {
				stack.sim.clearFaults();
			}
		});

		it.each<[string, number, string, Omit<SimulatorFault, 'forEmail' | 'times'>]>([
			['a ten-secondly rate limit that does not clear (429)', 503, 'HUBSPOT_RATE_LIMITED', { policyName: 'TEN_SECONDLY_ROLLING', retryAfterSeconds: 1 }],
			['HubSpot failing (500)', 502, 'HUBSPOT_UNAVAILABLE', { status: 500 }],
			['HubSpot unavailable (503)', 502, 'HUBSPOT_UNAVAILABLE', { status: 503 }],
			['dropped connections', 502, 'HUBSPOT_UNAVAILABLE', { dropConnection: true }],
		])('%s → %i %s after retrying', async (label, status, errorCode, fault) => {
			const email = `persistent.${slug(label)}@example.com`;
			stack.sim.injectFault({ ...fault, forEmail: email, times: Infinity });
			try {
				const before = stack.sim.calls.length;
				const answer = await askForToken({ email });

				expectErrorAnswer(answer, status, errorCode);
				const attempts = callsSince(before).filter((call) => call.email === email || call.status === 0);
				expect(attempts.length).toBeGreaterThan(1);
				expect(attempts.length).toBeLessThanOrEqual(4);
			} finally {
				stack.sim.clearFaults();
			}
		});

		it('HubSpot not answering within the timeout → 504 HUBSPOT_TIMEOUT', async () => {
			const email = 'slow.hubspot@example.com';
			// The node's default timeout is 10 s; the simulator answers after 12 s.
			stack.sim.injectFault({ latencyMs: 12_000, forEmail: email });
			const before = stack.sim.calls.length;
			const startedAt = Date.now();
			const answer = await askForToken({ email });

			expectErrorAnswer(answer, 504, 'HUBSPOT_TIMEOUT');
			expect(Date.now() - startedAt).toBeLessThan(12_000);
			// The visitor has already waited the whole timeout: no second attempt. (The simulator logs a
			// call when it answers, so wait for the slow answer; a retry would have been logged before it.)
			const callsForEmail = () => callsSince(before).filter((call) => call.email === email);
			await waitUntil(async () => callsForEmail().length > 0, { what: 'the slow call to be logged', timeoutMs: 10_000 });
			expect(callsForEmail()).toHaveLength(1);
		}, 60_000);

		it('a ten-secondly 429 is retried and the visitor still gets a token', async () => {
			const email = 'burst.limit@example.com';
			stack.sim.injectFault({ policyName: 'TEN_SECONDLY_ROLLING', forEmail: email, times: 1 });
			const before = stack.sim.calls.length;
			const answer = await askForToken({ email });

			expect(answer.status).toBe(200);
			expect(stack.sim.emailForToken(tokenIn(answer) ?? '')).toBe(email);
			expect(callsSince(before).filter((call) => call.email === email).map((call) => call.status)).toEqual([429, 200]);
			expect(stack.sim.pendingFaults()).toBe(0);
		}, 60_000);
	});

	describe('concurrent load', () => {
		it('200 requests, 20 in flight, 20 visitors: all 2xx, each token the one HubSpot issued for that email', async () => {
			const visitors = Array.from({ length: 20 }, (_, index) => `load.visitor.${String(index).padStart(2, '0')}@example.com`);
			// HubSpot takes some time to answer; without it, executions would barely overlap.
			stack.sim.setLatency(150);
			const before = stack.sim.calls.length;
			const startedAt = Date.now();
			try {
				const answers = await runConcurrently(200, 20, async (index) => {
					const email = visitors[index % visitors.length];
					return { email, answer: await askForToken({ email }) };
				});
				const seconds = (Date.now() - startedAt) / 1000;

				const failures = answers.filter(({ answer }) => answer.status < 200 || answer.status > 299);
				expect(failures.map(({ email, answer }) => `${email}: ${answer.status} ${answer.text.slice(0, 200)}`)).toEqual([]);
				const mismatches = answers.filter(({ email, answer }) => stack.sim.emailForToken(tokenIn(answer) ?? '') !== email);
				expect(mismatches.map(({ email }) => email)).toEqual([]);
				for (const { email, answer } of answers) {
					expect((answer.body as TokenAnswer).hsConversationsSettings.identificationEmail).toBe(email);
				}

				const tokenCalls = callsSince(before).filter((call) => call.route === 'token');
				const cachedAnswers = answers.length - tokenCalls.length;
				console.log(
					`[e2e] n8n ${version} load: 200 requests (20 in flight) for 20 distinct visitors in ${seconds.toFixed(1)} s → ` +
						`${tokenCalls.length} HubSpot token calls, ${cachedAnswers} answers from the cache`,
				);
				// The README's promise: exactly one HubSpot call per visitor, although overlapping executions each
				// load their own copy of static data (the node shares issued tokens and calls in flight in memory).
				expect(tokenCalls.map((call) => call.email).sort()).toEqual([...visitors].sort());
				expect(tokenCalls.every((call) => call.status === 200)).toBe(true);
			} finally {
				stack.sim.setLatency(0);
			}
		}, 240_000);
	});

	describe("the workflow's static data in n8n's SQLite database", () => {
		it('holds the cache but neither an email nor a token, in any spelling', async () => {
			const raw = await stack.n8n.readStaticData(stack.workflow('basic').id);

			// The cache is there (so the searches below are searching the right thing)...
			expect(raw).not.toBeNull();
			expect(raw).toContain('HubSpot Visitor Identification');
			expect(seen.tokens.size).toBeGreaterThan(20);
			// ...but no visitor's email, in the spelling sent or normalised, and no token.
			const text = (raw ?? '').toLowerCase();
			const emails = [...seen.emails].filter((email) => email.includes('@'));
			expect(emails.length).toBeGreaterThan(20);
			for (const email of emails) {
				const normalised = email.trim().toLowerCase();
				expect(text).not.toContain(normalised);
				// Not even the part before the @ (all of this suite's are long enough to be telling).
				expect(text).not.toContain(normalised.slice(0, normalised.indexOf('@')));
			}
			for (const token of seen.tokens) {
				expect(raw).not.toContain(token);
			}
			expect(raw).not.toContain(stack.accessToken);
		});
	});
});
