// The three example workflows users import from examples/: each imports and publishes cleanly in
// real n8n, the chained one's extra steps (contact upsert, Discord alert) run after the visitor is
// answered and cannot cost the visitor a token, and the protected one refuses unauthenticated calls.

import { setTimeout as sleep } from 'node:timers/promises';

import { waitUntil } from '../support/n8n';
import type { ExampleName } from '../support/example-workflows';
import { DISCORD_STAND_IN, RunningExamples, WEBHOOK_KEY_HEADER } from './support/n8n-with-examples';
import { versionsUnderTest } from './support/suite-settings';
import { postJson, tokenIn } from './support/webhook-client';

const EXAMPLES: ExampleName[] = ['basic', 'chained', 'protected'];

/** The chained example's extra steps run after the answer; give them this long to show up. */
const EXTRA_STEPS_TIMEOUT_MS = 30_000;

/** How long to watch for a call that must not happen. */
const QUIET_PERIOD_MS = 3_000;

describe.each(versionsUnderTest())('the example workflows in real n8n %s', (version) => {
	const stack = new RunningExamples(version, EXAMPLES);

	beforeAll(async () => {
		await stack.start();
	}, 300_000);

	afterAll(async () => {
		await stack.stop();
	}, 60_000);

	function discordAlertsFor(email: string): Array<{ status: number; content: string; body: unknown }> {
		return stack.sim
			.webhookCalls(DISCORD_STAND_IN)
			.map((call) => ({ ...call, content: String((call.body as { content?: unknown } | undefined)?.content ?? '') }))
			.filter((call) => call.content.includes(email));
	}

	describe('each example imports, publishes and answers', () => {
		it.each(EXAMPLES)('%s answers its production webhook with a token', async (example) => {
			const email = `imported.${example}@example.com`;
			const headers: Record<string, string> = example === 'protected' ? { [WEBHOOK_KEY_HEADER]: stack.webhookKey } : {};
			const answer = await postJson(stack.url(example), { email }, headers);

			expect(answer.status).toBe(200);
			expect(stack.sim.emailForToken(tokenIn(answer) ?? '')).toBe(email);
		});

		it('n8n loaded the package without complaint', async () => {
			const log = await stack.n8n.logTail(2_000);
			expect(log).not.toMatch(/Failed to load package|Unrecognized node type|n8n-nodes-hubspot-visitor-identification.*(error|not found)/i);
		});
	});

	describe('the chained example', () => {
		it('answers the visitor, then upserts the HubSpot contact and alerts Discord once', async () => {
			const email = 'grace.hopper@example.com';
			const cacheBefore = await stack.n8n.readStaticData(stack.workflow('chained').id);
			const answer = await postJson(stack.url('chained'), { email: ` ${email.toUpperCase()} `, firstName: 'Grace', lastName: 'Hopper' });

			expect(answer.status).toBe(200);
			expect(Object.keys(answer.body as object).sort()).toEqual(['cached', 'expiresAt', 'hsConversationsSettings']);
			expect(stack.sim.emailForToken(tokenIn(answer) ?? '')).toBe(email);

			await waitUntil(async () => discordAlertsFor(email).length > 0, { what: 'the Discord alert', timeoutMs: EXTRA_STEPS_TIMEOUT_MS });
			const upserts = stack.sim.contactUpserts().filter((upsert) => upsert.email === email);
			expect(upserts).toHaveLength(1);
			expect(upserts[0]).toMatchObject({ isNew: true, properties: { email, firstname: 'Grace', lastname: 'Hopper' } });
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

		it('does not upsert or alert again for a visitor whose token came from the cache', async () => {
			const email = 'grace.hopper@example.com';
			const upsertsBefore = stack.sim.contactUpserts().length;
			const answer = await postJson(stack.url('chained'), { email, firstName: 'Grace', lastName: 'Hopper' });

			expect(answer.status).toBe(200);
			expect((answer.body as { cached?: unknown }).cached).toBe(true);
			await sleep(QUIET_PERIOD_MS);
			expect(stack.sim.contactUpserts().length).toBe(upsertsBefore);
			expect(discordAlertsFor(email)).toHaveLength(1);
		});

		it('does not send empty names to the contact (an existing contact keeps its name)', async () => {
			const email = 'no.names@example.com';
			await postJson(stack.url('chained'), { email });

			await waitUntil(async () => discordAlertsFor(email).length > 0, { what: 'the Discord alert', timeoutMs: EXTRA_STEPS_TIMEOUT_MS });
			const [upsert] = stack.sim.contactUpserts().filter((candidate) => candidate.email === email);
			expect(upsert.properties).toEqual({ email });
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
		it('still gives the visitor a token when the contact upsert fails, and still alerts', async () => {
			const email = 'crm.down@example.com';
			stack.sim.revokeAccount(stack.contactsAccessToken);
			const answer = await postJson(stack.url('chained'), { email });

			expect(answer.status).toBe(200);
			expect(stack.sim.emailForToken(tokenIn(answer) ?? '')).toBe(email);
			await waitUntil(async () => discordAlertsFor(email).length > 0, { what: 'the Discord alert', timeoutMs: EXTRA_STEPS_TIMEOUT_MS });
			const upsertCalls = stack.sim.calls.filter((call) => call.route === 'contactsUpsert' && call.status === 401);
			expect(upsertCalls).toHaveLength(1);
			expect(stack.sim.contactUpserts().filter((upsert) => upsert.email === email)).toHaveLength(0);
			// Without the contact's answer the alert cannot say "new", but the team still hears of the visitor.
			expect(discordAlertsFor(email)[0].content).toMatch(/^Visitor \(contact not updated\)/);
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

		it('answers a request with the key with a token', async () => {
			const email = 'signed.in.user@example.com';
			const answer = await postJson(stack.url('protected'), { email }, { [WEBHOOK_KEY_HEADER]: stack.webhookKey });

			expect(answer.status).toBe(200);
			expect(stack.sim.emailForToken(tokenIn(answer) ?? '')).toBe(email);
		});
	});
});
