import { randomBytes } from 'node:crypto';

import { fakeAccessToken, startHubspotSimulator, type HubspotSimulator } from '../support/hubspot-simulator';
import { N8nInstance, waitUntil } from '../support/n8n';
import { startPlainHttpListener } from './support/plain-http-listener';
import { packedTarball, versionsUnderTest } from './support/suite-settings';

/**
 * The credential's "Test" button, pressed through n8n's own REST API: n8n's credentials tester runs our
 * declarative test request and rules. It must tell apart what n8n's built-in HubSpot test cannot.
 */
const browserId = randomBytes(8).toString('hex');

async function signInAsOwner(n8n: N8nInstance): Promise<string> {
	// n8n mounts its REST routes a few seconds after it reports ready.
	await waitUntil(async () => (await fetch(`${n8n.baseUrl}/rest/settings`, { signal: AbortSignal.timeout(2_000) })).ok, { what: 'n8n REST API', timeoutMs: 120_000 });
	const response = await fetch(`${n8n.baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': browserId },
		body: JSON.stringify({ email: 'owner@example.com', firstName: 'Test', lastName: 'Owner', password: `Pw${randomBytes(8).toString('hex')}9` }),
	});
	if (!response.ok) throw new Error(`owner setup answered ${response.status}: ${await response.text()}`);
	const cookie = response.headers.getSetCookie().find((value) => value.startsWith('n8n-auth='));
	if (!cookie) throw new Error('owner setup set no n8n-auth cookie');
	return cookie.split(';')[0];
}

async function rest(n8n: N8nInstance, cookie: string, path: string, body: unknown): Promise<unknown> {
	const response = await fetch(`${n8n.baseUrl}/rest/${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie, 'browser-id': browserId },
		body: JSON.stringify(body),
	});
	const json = (await response.json()) as { data?: unknown };
	if (!response.ok || json.data === undefined) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(json)}`);
	return json.data;
}

/** Saves the credential as the editor does, then presses its Test button. */
async function testCredential(n8n: N8nInstance, cookie: string, data: Record<string, string>): Promise<{ status: string; message: string }> {
	const credential = { name: `HubSpot VI ${randomBytes(3).toString('hex')}`, type: 'hubspotVisitorIdentificationApi', data };
	const saved = (await rest(n8n, cookie, 'credentials', credential)) as { id: string };
	return (await rest(n8n, cookie, 'credentials/test', { credentials: { ...credential, id: saved.id } })) as { status: string; message: string };
}

describe.each(versionsUnderTest())('the credential test in n8n %s tells the user whether visitor identification will work', (version) => {
	let sim: HubspotSimulator;
	let n8n: N8nInstance;
	let cookie: string;
	const token = { working: fakeAccessToken(), noScope: fakeAccessToken(), starter: fakeAccessToken(), revoked: fakeAccessToken() };

	beforeAll(async () => {
		sim = await startHubspotSimulator({
			accounts: [
				{ accessToken: token.working },
				{ accessToken: token.noScope, scopes: ['crm.objects.contacts.read'] },
				{ accessToken: token.starter, tier: 'starter' },
			],
		});
		n8n = await N8nInstance.create({ version, tarball: packedTarball() });
		await n8n.start();
		cookie = await signInAsOwner(n8n);
	});

	afterAll(async () => {
		await n8n?.dispose();
		await sim?.stop();
	});

	it('passes a token with the scope on a Professional account, after creating a real visitor token', async () => {
		const result = await testCredential(n8n, cookie, { accessToken: token.working, baseUrl: sim.url });
		expect(result.status).toBe('OK');
		expect(sim.tokenCalls().map((call) => call.email)).toContain('n8n-credential-test@example.com');
	});

	it.each([
		['an unknown or revoked token', 'revoked', /invalid, revoked or expired/],
		['a token without the scope', 'noScope', /lacks the scope conversations\.visitor_identification\.tokens\.create/],
		['an account below Professional', 'starter', /Professional or Enterprise/],
	] as const)('fails %s with a message that says so', async (_, which, message) => {
		const result = await testCredential(n8n, cookie, { accessToken: token[which], baseUrl: sim.url });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(message);
		expect(result.message).not.toContain(token[which]);
	});

	it('refuses to send the token over plain http to another machine, and says why', async () => {
		// A server on this machine's network address that really answers: had the token been sent, it would be here.
		const elsewhere = await startPlainHttpListener();
		try {
			const reachable = await fetch(`${elsewhere.url}/reachability-check`, { method: 'POST' });
			expect(reachable.status).toBe(200);
			const callsBefore = sim.calls.length;

			const result = await testCredential(n8n, cookie, { accessToken: token.working, baseUrl: elsewhere.url });

			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/must start with https:\/\//);
			expect(result.message).not.toContain(token.working);
			// Only the reachability check arrived: n8n's credential test sent nothing there, with or without the token.
			expect(elsewhere.received.map((request) => request.path)).toEqual(['/reachability-check']);
			expect(JSON.stringify(elsewhere.received)).not.toContain(token.working);
			expect(sim.calls.length).toBe(callsBefore);
		} finally {
			await elsewhere.stop();
		}
	});
});
