// The four example workflows users import from examples/: each imports and publishes cleanly in real
// n8n; what they answer a caller (anyone, through a public webhook) is a token or a short fixed message
// per error code, never the workflow's configuration, HubSpot's text or whether the visitor came before;
// the chained one's extra steps run after the visitor is answered, cannot cost the visitor a token,
// never change an existing contact and alert Discord at most once per new token; and the protected one
// refuses unauthenticated calls.

import { setTimeout as sleep } from 'node:timers/promises';

import { waitUntil } from '../support/n8n';
import type { ExampleName } from '../support/example-workflows';
import { LoginProviderStandIn, makeSigningKey, signToken, type SigningKey } from '../support/login-provider';
import { DISCORD_STAND_IN, RunningExamples, WEBHOOK_KEY_HEADER } from './support/n8n-with-examples';
import { versionsUnderTest } from './support/suite-settings';
import { postJson, tokenIn, type WebhookAnswer } from './support/webhook-client';

const EXAMPLES: ExampleName[] = ['basic', 'chained', 'protected', 'verified'];
const EMAIL_EXAMPLES: ExampleName[] = ['basic', 'chained', 'protected'];

/** The verified example's login provider audience in these tests. */
const AUDIENCE = 'example-spa-client';

/** The chained example's extra steps run after the answer; give them this long to show up. */
const EXTRA_STEPS_TIMEOUT_MS = 30_000;

/** How long to watch for a call that must not happen. */
const QUIET_PERIOD_MS = 3_000;

/** A token answer holds exactly this: whether it came from the cache is nobody's business but the workflow's. */
const TOKEN_ANSWER_FIELDS = ['expiresAt', 'hsConversationsSettings'];
const ERROR_ANSWER_FIELDS = ['error', 'errorCode'];

describe.each(versionsUnderTest())('the example workflows in real n8n %s', (version) => {
	let provider: LoginProviderStandIn;
	let stack: RunningExamples;
	let signingKey: SigningKey;

	beforeAll(async () => {
		signingKey = makeSigningKey('RSA-2048');
		provider = await LoginProviderStandIn.start({ keys: [signingKey], maxAgeSeconds: 600 });
		stack = new RunningExamples(version, EXAMPLES, [], { hubspotVisitorLoginProviderApi: { issuer: provider.issuer, audience: AUDIENCE } });
		await stack.start();
	}, 300_000);

	afterAll(async () => {
		await stack?.stop();
		await provider?.stop();
	}, 60_000);

	function idToken(claims: Record<string, unknown> = {}): string {
		const now = Math.floor(Date.now() / 1000);
		return signToken(
			{ iss: provider.issuer, aud: AUDIENCE, sub: `user-${now}`, iat: now, exp: now + 600, email: 'ada@example.com', email_verified: true, ...claims },
			{ alg: 'RS256', key: signingKey.privateKey },
			{ kid: signingKey.kid },
		);
	}

	/** What a website sends each example for this email: the body, and the header the example needs. */
	async function ask(example: ExampleName, body: Record<string, unknown>): Promise<WebhookAnswer> {
		if (example === 'verified') {
			const { email, ...names } = body;
			return await postJson(stack.url(example), names, { Authorization: `Bearer ${idToken(email === undefined ? {} : { email })}` });
		}
		const headers: Record<string, string> = example === 'protected' ? { [WEBHOOK_KEY_HEADER]: stack.webhookKey } : {};
		return await postJson(stack.url(example), body, headers);
	}

	/** Everything that configures the examples, and what HubSpot or a proxy in between may write into an answer. */
	function configuredDetails(): string[] {
		const { host, port } = new URL(stack.sim.url);
		return [stack.sim.url, host, `:${port}`, provider.issuer, provider.jwksUrl, provider.origin, AUDIENCE, stack.accessToken, stack.contactsAccessToken];
	}

	function expectAnAnonymousAnswer(answer: WebhookAnswer, leakedText: string[] = []): void {
		for (const detail of [...configuredDetails(), ...leakedText]) expect(answer.text).not.toContain(detail);
		expect(answer.text).not.toMatch(/cached|correlation|Item \d/i);
	}

	function discordAlertsFor(email: string): Array<{ status: number; content: string; body: unknown }> {
		return stack.sim
			.webhookCalls(DISCORD_STAND_IN)
			.map((call) => ({ ...call, content: String((call.body as { content?: unknown } | undefined)?.content ?? '') }))
			.filter((call) => call.content.includes(email));
	}

	function contactCreatesFor(email: string): Array<{ status: number }> {
		return stack.sim.calls.filter((call) => call.route === 'contactsCreate' && call.email === email);
	}

	describe('each example imports, publishes and answers', () => {
		it.each(EXAMPLES)('%s answers its production webhook with a token, and a second time from its cache, saying neither', async (example) => {
			const email = `imported.${example}@example.com`;
			const callsBefore = stack.sim.tokenCalls().length;
			const first = await ask(example, { email });
			const again = await ask(example, { email });

			for (const answer of [first, again]) {
				expect(answer.status).toBe(200);
				expect(Object.keys(answer.body as object).sort()).toEqual(TOKEN_ANSWER_FIELDS);
				expect(stack.sim.emailForToken(tokenIn(answer) ?? '')).toBe(email);
				expectAnAnonymousAnswer(answer);
			}
			// The second answer came from the cache (no second HubSpot call), and it looks exactly like the first.
			expect(tokenIn(again)).toBe(tokenIn(first));
			expect(stack.sim.tokenCalls().length - callsBefore).toBe(1);
		});

		it('n8n loaded the package without complaint', async () => {
			const log = await stack.n8n.logTail(2_000);
			expect(log).not.toMatch(/Failed to load package|Unrecognized node type|n8n-nodes-hubspot-visitor-identification.*(error|not found)/i);
		});
	});

	describe('what the examples tell an anonymous caller', () => {
		it.each(EMAIL_EXAMPLES)('%s: 400 INVALID_INPUT with a short fixed message, not the node\'s', async (example) => {
			const answer = await ask(example, { email: 'not-an-email-address' });

			expect(answer.status).toBe(400);
			expect(answer.body).toEqual({ error: 'The email address or a name is missing or not valid.', errorCode: 'INVALID_INPUT' });
			expect(Object.keys(answer.body as object).sort()).toEqual(ERROR_ANSWER_FIELDS);
			expectAnAnonymousAnswer(answer, ['not-an-email-address']);
		});

		it.each(EXAMPLES)('%s: 502 when HubSpot refuses the credential, without HubSpot\'s (or a proxy\'s) text', async (example) => {
			const proxyText = 'upstream proxy at http://10.1.2.3:8080/hubapi refused: internal-marker-7f3a';
			stack.sim.injectFault({ status: 401, message: proxyText });
			const answer = await ask(example, { email: `refused.${example}@example.com` });

			expect(answer.status).toBe(502);
			expect(answer.body).toEqual({ error: 'Visitor identification is not set up correctly.', errorCode: 'HUBSPOT_UNAUTHORIZED' });
			expectAnAnonymousAnswer(answer, [proxyText, 'internal-marker-7f3a', '10.1.2.3', `refused.${example}@example.com`]);
		});

		it.each(EXAMPLES)('%s: 503 when HubSpot\'s daily limit is used up, without the limit\'s name or HubSpot\'s text', async (example) => {
			stack.sim.injectFault({ status: 429, policyName: 'DAILY', message: 'You have reached your daily limit (policy quota-marker-91c2).' });
			const answer = await ask(example, { email: `daily.${example}@example.com` });

			expect(answer.status).toBe(503);
			expect(answer.body).toEqual({ error: 'No new visitors can be identified today.', errorCode: 'HUBSPOT_DAILY_LIMIT' });
			expectAnAnonymousAnswer(answer, ['quota-marker-91c2', 'policy', 'midnight']);
		});

		it.each<[string, () => Record<string, string>, number, string, string]>([
			['no token', () => ({}), 401, 'ID_TOKEN_MISSING', 'No sign-in token was sent.'],
			['a token from another issuer', () => ({ Authorization: `Bearer ${idToken({ iss: 'https://attacker.example/' })}` }), 401, 'ID_TOKEN_WRONG_ISSUER', 'The sign-in token was not accepted.'],
			['a token for another app', () => ({ Authorization: `Bearer ${idToken({ aud: 'attacker-app' })}` }), 401, 'ID_TOKEN_WRONG_AUDIENCE', 'The sign-in token was not accepted.'],
			['a forged token', () => ({ Authorization: `Bearer ${idToken().slice(0, -8)}AAAAAAAA` }), 401, 'ID_TOKEN_BAD_SIGNATURE', 'The sign-in token was not accepted.'],
			['an unverified email', () => ({ Authorization: `Bearer ${idToken({ email_verified: false })}` }), 403, 'ID_TOKEN_EMAIL_UNVERIFIED', 'The email address is not verified.'],
		])('verified: %s gets a fixed message, never the configured issuer, audience or key address', async (_what, headers, status, errorCode, message) => {
			const answer = await postJson(stack.url('verified'), {}, headers());

			expect(answer.status).toBe(status);
			expect(answer.body).toEqual({ error: message, errorCode });
			expectAnAnonymousAnswer(answer, ['attacker.example', 'attacker-app']);
		});

		it('verified: 503 while the login provider\'s keys cannot be had, naming no address', async () => {
			const withNewKey = makeSigningKey('RSA-2048');
			provider.setOutage('error-503');
			const now = Math.floor(Date.now() / 1000);
			// A key the node has not seen makes it ask the provider, which is down.
			const token = signToken({ iss: provider.issuer, aud: AUDIENCE, sub: 'outage', iat: now, exp: now + 600, email: 'outage@example.com', email_verified: true }, { alg: 'RS256', key: withNewKey.privateKey }, { kid: withNewKey.kid });
			const answer = await postJson(stack.url('verified'), {}, { Authorization: `Bearer ${token}` });
			provider.setOutage('none');

			expect([401, 503]).toContain(answer.status);
			expect(Object.keys(answer.body as object).sort()).toEqual(ERROR_ANSWER_FIELDS);
			expectAnAnonymousAnswer(answer);
		});
	});

	describe('the chained example', () => {
		it('answers the visitor, then creates the HubSpot contact and alerts Discord once', async () => {
			const email = 'grace.hopper@example.com';
			const cacheBefore = await stack.n8n.readStaticData(stack.workflow('chained').id);
			const answer = await postJson(stack.url('chained'), { email: ` ${email.toUpperCase()} `, firstName: 'Grace', lastName: 'Hopper' });

			expect(answer.status).toBe(200);
			expect(Object.keys(answer.body as object).sort()).toEqual(TOKEN_ANSWER_FIELDS);
			expect(stack.sim.emailForToken(tokenIn(answer) ?? '')).toBe(email);

			await waitUntil(async () => discordAlertsFor(email).length > 0, { what: 'the Discord alert', timeoutMs: EXTRA_STEPS_TIMEOUT_MS });
			expect(contactCreatesFor(email).map((call) => call.status)).toEqual([201]);
			expect(stack.sim.contact(email)?.properties).toMatchObject({ email, firstname: 'Grace', lastname: 'Hopper' });
			expect(stack.sim.contactUpserts()).toEqual([]);
			const [alert] = discordAlertsFor(email);
			expect(alert.status).toBe(204);
			expect(alert.content).toMatch(/^New contact/);
			// Visitor-supplied text goes to a team channel: it must not be able to ping @everyone.
			expect(alert.body).toMatchObject({ allowed_mentions: { parse: [] } });

			// n8n saves static data when the whole execution ends, after the extra steps: only then is
			// the visitor's token cached for the next page load.
			await waitUntil(async () => (await stack.n8n.readStaticData(stack.workflow('chained').id)) !== cacheBefore, {
				what: "the chained workflow's cache to be saved",
				timeoutMs: EXTRA_STEPS_TIMEOUT_MS,
			});
		});

		it('does not touch the contact or alert again for a visitor whose token came from the cache', async () => {
			const email = 'grace.hopper@example.com';
			const callsBefore = stack.sim.calls.length;
			const answer = await postJson(stack.url('chained'), { email, firstName: 'Grace', lastName: 'Hopper' });

			expect(answer.status).toBe(200);
			await sleep(QUIET_PERIOD_MS);
			expect(stack.sim.calls.slice(callsBefore).map((call) => call.route)).toEqual([]);
			expect(discordAlertsFor(email)).toHaveLength(1);
		});

		it('never changes an existing contact: a request with other names leaves its names as they were', async () => {
			const email = 'existing.customer@example.com';
			stack.sim.addContact(email, { firstname: 'Katherine', lastname: 'Johnson', company: 'NASA' });
			const answer = await postJson(stack.url('chained'), { email, firstName: 'Mallory', lastName: 'Renamed' });

			expect(answer.status).toBe(200);
			await waitUntil(async () => discordAlertsFor(email).length > 0, { what: 'the Discord alert', timeoutMs: EXTRA_STEPS_TIMEOUT_MS });
			expect(contactCreatesFor(email).map((call) => call.status)).toEqual([409]);
			expect(stack.sim.contact(email)?.properties).toMatchObject({ firstname: 'Katherine', lastname: 'Johnson', company: 'NASA' });
			expect(stack.sim.contactUpserts()).toEqual([]);
			expect(discordAlertsFor(email).map((alert) => alert.content)).toEqual([`Known contact identified on the website: ${email}`]);
		});

		it('a flood of requests for one email, all at once, costs one HubSpot call, one contact call and one Discord alert', async () => {
			const email = 'flooded.inbox@example.com';
			const tokenCallsBefore = stack.sim.tokenCalls().length;
			const answers = await Promise.all(Array.from({ length: 20 }, () => postJson(stack.url('chained'), { email, firstName: 'Flood' })));

			expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
			await waitUntil(async () => discordAlertsFor(email).length > 0, { what: 'the Discord alert', timeoutMs: EXTRA_STEPS_TIMEOUT_MS });
			await sleep(QUIET_PERIOD_MS);
			expect(stack.sim.tokenCalls().length - tokenCallsBefore).toBe(1);
			expect(contactCreatesFor(email)).toHaveLength(1);
			expect(discordAlertsFor(email)).toHaveLength(1);
		});

		// Needs the node's "a visitor is an email" rule: before it, every new name was a new visitor.
		it('a flood of requests for one email with a different name each time posts at most one Discord alert', async () => {
			const email = 'renamed.every.time@example.com';
			stack.sim.addContact(email, { firstname: 'Original', lastname: 'Owner' });
			for (let request = 0; request < 10; request++) {
				const answer = await postJson(stack.url('chained'), { email, firstName: `Name${request}`, lastName: `Attempt${request}` });
				expect(answer.status).toBe(200);
			}

			await waitUntil(async () => discordAlertsFor(email).length > 0, { what: 'the Discord alert', timeoutMs: EXTRA_STEPS_TIMEOUT_MS });
			await sleep(QUIET_PERIOD_MS);
			expect(discordAlertsFor(email)).toHaveLength(1);
			expect(stack.sim.contact(email)?.properties).toMatchObject({ firstname: 'Original', lastname: 'Owner' });
		});

		it('does not send empty names to the contact', async () => {
			const email = 'no.names@example.com';
			await postJson(stack.url('chained'), { email });

			await waitUntil(async () => discordAlertsFor(email).length > 0, { what: 'the Discord alert', timeoutMs: EXTRA_STEPS_TIMEOUT_MS });
			expect(stack.sim.contact(email)?.properties).not.toHaveProperty('firstname');
			expect(stack.sim.contact(email)?.properties).not.toHaveProperty('lastname');
		});

		it('answers an error with the fixed message and runs neither extra step', async () => {
			const callsBefore = stack.sim.calls.length;
			const webhooksBefore = stack.sim.webhookCalls(DISCORD_STAND_IN).length;
			const answer = await postJson(stack.url('chained'), { email: 'broken@@example.com' });

			expect(answer.status).toBe(400);
			expect(answer.body).toEqual({ error: 'The email address or a name is missing or not valid.', errorCode: 'INVALID_INPUT' });
			await sleep(QUIET_PERIOD_MS);
			expect(stack.sim.calls.slice(callsBefore)).toEqual([]);
			expect(stack.sim.webhookCalls(DISCORD_STAND_IN)).toHaveLength(webhooksBefore);
		});

		it('still gives the visitor a token when the Discord webhook fails', async () => {
			const email = 'discord.down@example.com';
			stack.sim.injectThirdPartyFault(DISCORD_STAND_IN, 500, 1);
			const answer = await postJson(stack.url('chained'), { email });

			expect(answer.status).toBe(200);
			expect(stack.sim.emailForToken(tokenIn(answer) ?? '')).toBe(email);
			// The alert was attempted and failed: the failure happened, and the visitor did not pay for it.
			await waitUntil(async () => discordAlertsFor(email).length > 0, { what: 'the failed Discord call', timeoutMs: EXTRA_STEPS_TIMEOUT_MS });
			expect(discordAlertsFor(email).map((alert) => alert.status)).toEqual([500]);
		});

		// Last in this block: it revokes the contact step's credential for good.
		it('still gives the visitor a token when the contact step fails, and still alerts', async () => {
			const email = 'crm.down@example.com';
			stack.sim.revokeAccount(stack.contactsAccessToken);
			const answer = await postJson(stack.url('chained'), { email });

			expect(answer.status).toBe(200);
			expect(stack.sim.emailForToken(tokenIn(answer) ?? '')).toBe(email);
			await waitUntil(async () => discordAlertsFor(email).length > 0, { what: 'the Discord alert', timeoutMs: EXTRA_STEPS_TIMEOUT_MS });
			expect(stack.sim.calls.filter((call) => call.route === 'contactsCreate' && call.status === 401)).toHaveLength(1);
			expect(stack.sim.contact(email)).toBeUndefined();
			// Without the contact's answer the alert cannot say "new", but the team still hears of the visitor.
			expect(discordAlertsFor(email)[0].content).toMatch(/^Visitor \(contact step failed\)/);
		});
	});

	describe('the protected example', () => {
		it.each<[string, Record<string, string>]>([
			['without the header', {}],
			['with a wrong key', { [WEBHOOK_KEY_HEADER]: 'wrong-key' }],
		])('refuses a request %s and does not call HubSpot', async (_label, headers) => {
			const before = stack.sim.calls.length;
			const answer = await postJson(stack.url('protected'), { email: 'spoofer@example.com' }, headers);

			expect(answer.status).toBe(403);
			expect(tokenIn(answer)).toBeUndefined();
			expect(stack.sim.calls.slice(before)).toHaveLength(0);
		});
	});
});
