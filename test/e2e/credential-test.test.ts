import { fakeAccessToken, startHubspotSimulator, type HubspotSimulator } from '../support/hubspot-simulator';
import { N8nInstance, pressCredentialTest, setUpOwner } from '../support/n8n';
import { startPlainHttpListener } from './support/plain-http-listener';
import { packedTarball, versionsUnderTest } from './support/suite-settings';

/**
 * The credential's "Test" button, pressed through n8n's own REST API: n8n's credentials tester runs our
 * declarative test request and rules. It must tell apart what n8n's built-in HubSpot test cannot.
 */
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
		({ cookie } = await setUpOwner(n8n.baseUrl));
	});

	afterAll(async () => {
		await n8n?.dispose();
		await sim?.stop();
	});

	const testCredential = (data: Record<string, string>) => pressCredentialTest(n8n.baseUrl, cookie, 'hubspotVisitorIdentificationApi', data);

	it('passes a token with the scope on a Professional account, after creating a real visitor token', async () => {
		const result = await testCredential({ accessToken: token.working, baseUrl: sim.url });
		expect(result.status).toBe('OK');
		expect(sim.tokenCalls().map((call) => call.email)).toContain('n8n-credential-test@example.com');
	});

	it.each([
		['an unknown or revoked token', 'revoked', /invalid, revoked or expired/],
		['a token without the scope', 'noScope', /lacks the scope conversations\.visitor_identification\.tokens\.create/],
		['an account below Professional', 'starter', /Professional or Enterprise/],
	] as const)('fails %s with a message that says so', async (_, which, message) => {
		const result = await testCredential({ accessToken: token[which], baseUrl: sim.url });
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

			const result = await testCredential({ accessToken: token.working, baseUrl: elsewhere.url });

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
