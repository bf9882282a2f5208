// examples/verified.json in real n8n: a public webhook that identifies only visitors whose login-provider
// ID token the node verified. Each class of answer (200, 401, 403, 503) comes from the real workflow, the
// login provider is a loopback stand-in, and n8n's database is searched byte by byte for the ID tokens.

import { setTimeout as sleep } from 'node:timers/promises';

import { waitUntil } from '../support/n8n';
import { scanDatabase, type Secret } from '../support/n8n/database-scan';
import { LoginProviderStandIn, makeSigningKey, signToken, type SigningKey } from '../support/login-provider';
import { RunningExamples } from './support/n8n-with-examples';
import { versionsUnderTest } from './support/suite-settings';
import { postJson, tokenIn, type WebhookAnswer } from './support/webhook-client';

const AUDIENCE = 'spa-client-id';

/**
 * n8n 2.x keeps an unsaved execution's data (the Webhook's headers, ID token included) soft-deleted for
 * an hour before purging it every 15 minutes; the README tells users of the verified example to set these.
 * n8n 1.x deletes it when the execution ends.
 */
const PURGE_UNSAVED_EXECUTIONS = { EXECUTIONS_DATA_HARD_DELETE_BUFFER: '0', EXECUTIONS_DATA_PRUNE_HARD_DELETE_INTERVAL: '1' };

describe.each(versionsUnderTest())('examples/verified.json in real n8n %s', (version) => {
	let provider: LoginProviderStandIn;
	let stack: RunningExamples;
	let rsa: SigningKey;
	let ec: SigningKey;
	/** Every ID token sent in this file, accepted or refused: none may be left in n8n's database. */
	const sent: string[] = [];

	beforeAll(async () => {
		[rsa, ec] = [makeSigningKey('RSA-2048'), makeSigningKey('P-256')];
		provider = await LoginProviderStandIn.start({ keys: [rsa, ec], maxAgeSeconds: 600 });
		stack = new RunningExamples(version, ['verified'], [], { hubspotVisitorLoginProviderApi: { issuer: provider.issuer, audience: AUDIENCE } }, PURGE_UNSAVED_EXECUTIONS);
		await stack.start();
	}, 300_000);

	afterAll(async () => {
		await stack?.stop();
		await provider?.stop();
	}, 60_000);

	function idToken(claims: Record<string, unknown> = {}, signer: SigningKey = rsa, alg: 'RS256' | 'ES256' = 'RS256'): string {
		const now = Math.floor(Date.now() / 1000);
		const token = signToken(
			{ iss: provider.issuer, aud: AUDIENCE, sub: `user-${now}`, iat: now, exp: now + 600, email: 'ada@example.com', email_verified: true, given_name: 'Ada', ...claims },
			{ alg, key: signer.privateKey },
			{ kid: signer.kid },
		);
		sent.push(token);
		return token;
	}

	async function ask(token?: string): Promise<WebhookAnswer> {
		return await postJson(stack.url('verified'), {}, token === undefined ? {} : { Authorization: `Bearer ${token}` });
	}

	it('503 while the login provider\'s keys cannot be had, without calling HubSpot', async () => {
		provider.setOutage('error-503');
		const answer = await ask(idToken({ email: 'outage@example.com' }));
		provider.setOutage('none');
		expect(answer.status).toBe(503);
		expect(answer.body).toMatchObject({ errorCode: 'ID_TOKEN_KEYS_UNAVAILABLE' });
		expect(stack.sim.tokenCalls()).toHaveLength(0);
		// Without any keys the node asks the provider again after 10 seconds; let that pass for the next tests.
		await sleep(10_500);
	}, 30_000);

	it('200 with a token for the verified email, then from the cache; the JWKS fetched once', async () => {
		const jwksBefore = provider.jwksFetches();
		const first = await ask(idToken({ email: 'Grace@Example.com' }));
		expect(first.status).toBe(200);
		expect(stack.sim.emailForToken(tokenIn(first) ?? '')).toBe('grace@example.com');
		expect(first.body).toMatchObject({ hsConversationsSettings: { identificationEmail: 'grace@example.com' } });
		for (let visit = 0; visit < 5; visit++) {
			const again = await ask(idToken({ email: 'grace@example.com' }, ec, 'ES256'));
			expect(again.status).toBe(200);
			expect(tokenIn(again)).toBe(tokenIn(first));
		}
		expect(provider.jwksFetches() - jwksBefore).toBe(1);
	});

	it.each([
		['no token', () => undefined, 'ID_TOKEN_MISSING'],
		['a forged token', () => idToken({ email: 'ceo@example.com' }, makeSigningKey('RSA-2048')), 'ID_TOKEN_KEY_NOT_FOUND'],
		['an expired token', () => idToken({ exp: Math.floor(Date.now() / 1000) - 3600 }), 'ID_TOKEN_EXPIRED'],
		['a token for another app', () => idToken({ aud: 'another-app' }), 'ID_TOKEN_WRONG_AUDIENCE'],
		['a token from another issuer', () => idToken({ iss: 'https://evil.example' }), 'ID_TOKEN_WRONG_ISSUER'],
	])('401 for %s, without calling HubSpot', async (_what, make, code) => {
		const callsBefore = stack.sim.tokenCalls().length;
		const answer = await ask(make());
		expect(answer.status).toBe(401);
		expect(answer.body).toMatchObject({ errorCode: code });
		expect(stack.sim.tokenCalls()).toHaveLength(callsBefore);
	});

	it('403 for an unverified email, without calling HubSpot', async () => {
		const callsBefore = stack.sim.tokenCalls().length;
		const answer = await ask(idToken({ email: 'unverified@example.com', email_verified: false }));
		expect(answer.status).toBe(403);
		expect(answer.body).toMatchObject({ errorCode: 'ID_TOKEN_EMAIL_UNVERIFIED' });
		expect(stack.sim.tokenCalls()).toHaveLength(callsBefore);
	});

	it('lets a browser send the Authorization header across origins (CORS preflight)', async () => {
		const preflight = await fetch(stack.url('verified'), {
			method: 'OPTIONS',
			headers: { Origin: 'https://shop.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
		});
		expect(preflight.status).toBeLessThan(300);
		expect(preflight.headers.get('access-control-allow-origin')).toBeTruthy();
		expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
	});

	it('leaves no ID token in any row of n8n\'s database, after accepted and refused requests alike', async () => {
		expect(sent.length).toBeGreaterThanOrEqual(10);
		const secrets: Secret[] = sent.map((token, index) => ({ label: `ID token ${index}`, value: token }));
		const inRows = async () => (await scanDatabase(stack.n8n.install, stack.n8n.userFolder, secrets)).findings.filter((finding) => finding.rowMarkedDeleted !== undefined);
		// Unsaved executions are deleted when they end (1.x) or purged within a minute with the settings above (2.x).
		await waitUntil(async () => (await inRows()).length === 0, { what: 'n8n to purge the unsaved executions', timeoutMs: 150_000, intervalMs: 5_000 }).catch(() => undefined);
		await stack.n8n.stop();
		const scan = await scanDatabase(stack.n8n.install, stack.n8n.userFolder, [...secrets, { label: 'workflow name', value: 'HubSpot visitor token (verified ID token)' }]);
		const rows = scan.findings.filter((finding) => finding.rowMarkedDeleted !== undefined);
		expect(rows.filter((finding) => finding.label.startsWith('ID token'))).toEqual([]);
		// The same search does find what the database holds.
		expect(rows.map((finding) => finding.label)).toContain('workflow name');
		// SQLite can keep a deleted row's bytes in its files until the space is reused. Logged, not asserted:
		// the README says so and how to clear them.
		const residue = scan.findings.filter((finding) => finding.rowMarkedDeleted === undefined && finding.label.startsWith('ID token'));
		process.stderr.write(`[e2e] n8n ${version}: deleted-row bytes of ${new Set(residue.map((finding) => finding.label)).size} of ${sent.length} ID tokens remain in SQLite's files after n8n stopped\n`);
	}, 240_000);
});
