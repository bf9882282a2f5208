// In real n8n: a Base URL that answers with a redirect to another origin on this machine. n8n's
// HTTP client would follow it and copy the Authorization header there; the node's call and the credential's
// Test button must both stop at the redirect, so the other origin receives nothing at all.
import { fakeAccessToken } from '../support/hubspot-simulator';
import { startRecordingOrigin, startRedirectingOrigin, type Origin } from '../support/hubspot-simulator/misbehaving-origins';
import { pressCredentialTest, setUpOwner } from '../support/n8n';
import { RunningExamples } from './support/n8n-with-examples';
import { versionsUnderTest } from './support/suite-settings';
import { postJson, tokenIn } from './support/webhook-client';

describe.each(versionsUnderTest())('a Base URL that redirects to another origin, in real n8n %s', (version) => {
	let stack: RunningExamples;
	let elsewhere: Origin;
	const redirectors = new Map<number, Origin>();
	let cookie: string;
	const accessToken = fakeAccessToken();

	beforeAll(async () => {
		elsewhere = await startRecordingOrigin();
		for (const status of [307, 308]) redirectors.set(status, await startRedirectingOrigin(status, elsewhere.url));
		// The basic example's HubSpot credential points at the 307 redirector instead of the simulator.
		stack = new RunningExamples(version, ['basic'], [], { hubspotVisitorIdentificationApi: { accessToken, baseUrl: redirectors.get(307)?.url } });
		await stack.start();
		({ cookie } = await setUpOwner(stack.n8n.baseUrl));
	}, 300_000);

	afterAll(async () => {
		await stack?.stop();
		for (const origin of [elsewhere, ...redirectors.values()]) await origin?.stop();
	}, 60_000);

	it('the node stops at the redirect: the visitor gets an error and no token, the other origin receives nothing', async () => {
		const answer = await postJson(stack.url('basic'), { email: 'ada@example.com' });

		expect(answer.status).toBe(502);
		expect(tokenIn(answer)).toBeUndefined();
		expect(answer.text).not.toContain(accessToken);
		expect(answer.text).not.toContain('a-token-from-the-wrong-origin');
		// Asked once (a redirect is not retried), with the token, as the Base URL should be.
		expect(redirectors.get(307)?.received.map((request) => [request.method, request.authorization])).toEqual([['POST', `Bearer ${accessToken}`]]);
		expect(elsewhere.received).toEqual([]);
		expect(stack.sim.calls).toEqual([]);
	});

	it.each([307, 308])("the credential's Test button stops at a %i: an error that says so, the other origin receives nothing", async (status) => {
		const redirector = redirectors.get(status) as Origin;
		const before = redirector.received.length;

		const result = await pressCredentialTest(stack.n8n.baseUrl, cookie, 'hubspotVisitorIdentificationApi', { accessToken: accessToken, baseUrl: redirector.url });

		expect(result.status).toBe('Error');
		expect(result.message).not.toContain(accessToken);
		// n8n 2.x turns the status into an error its responseCode rules name; n8n 1.x hands the rules only the
		// empty body, so its last rule answers, which names redirects but cannot know the status.
		expect(result.message).toMatch(version.startsWith('1.') ? /a redirect is never followed/ : new RegExp(`redirect \\(${status}\\)`));
		expect(redirector.received.length).toBe(before + 1);
		expect(elsewhere.received).toEqual([]);
	});
});
