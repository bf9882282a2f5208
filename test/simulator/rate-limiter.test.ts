import { fakeAccessToken, startHubspotSimulator, type HubspotSimulator } from '../support/hubspot-simulator';

let sim: HubspotSimulator;

afterEach(() => sim.stop());

async function statusesOf(accessToken: string, count: number): Promise<Response[]> {
	const responses: Response[] = [];
	for (let i = 0; i < count; i += 1) {
		responses.push(
			await fetch(`${sim.url}/visitor-identification/2026-03/tokens/create`, {
				method: 'POST',
				headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
				body: JSON.stringify({ email: `visitor${i}@example.com` }),
			}),
		);
	}
	return responses;
}

describe('the built-in rate limiter', () => {
	it('is off by default: a burst well past a small limit all succeeds', async () => {
		const accessToken = fakeAccessToken();
		sim = await startHubspotSimulator({ accounts: [{ accessToken }] });
		const responses = await statusesOf(accessToken, 30);
		expect(responses.map((r) => r.status)).toEqual(Array(30).fill(200));
	});

	it('answers 429 TEN_SECONDLY_ROLLING with the documented body once the limit is reached', async () => {
		const accessToken = fakeAccessToken();
		sim = await startHubspotSimulator({ accounts: [{ accessToken }], rateLimit: { perTenSeconds: 3 } });
		const responses = await statusesOf(accessToken, 5);
		expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 429, 429]);
		expect(responses[0].headers.get('x-hubspot-ratelimit-max')).toBe('3');
		expect(responses[2].headers.get('x-hubspot-ratelimit-remaining')).toBe('0');
		const limited = responses[3];
		expect(await limited.json()).toEqual({
			status: 'error',
			message: expect.any(String),
			errorType: 'RATE_LIMIT',
			correlationId: limited.headers.get('x-hubspot-correlation-id'),
			policyName: 'TEN_SECONDLY_ROLLING',
		});
		expect(limited.headers.get('retry-after')).toBeNull();
		expect(sim.calls.map((call) => call.fault)).toEqual([undefined, undefined, undefined, 'builtInRateLimit', 'builtInRateLimit']);
		expect(sim.tokenCalls()).toHaveLength(3);
	});

	it('sends Retry-After with the seconds until a slot frees, when asked', async () => {
		const accessToken = fakeAccessToken();
		sim = await startHubspotSimulator({ accounts: [{ accessToken }], rateLimit: { perTenSeconds: 1, sendRetryAfter: true } });
		const [, limited] = await statusesOf(accessToken, 2);
		expect(limited.status).toBe(429);
		const retryAfter = Number(limited.headers.get('retry-after'));
		expect(retryAfter).toBeGreaterThanOrEqual(1);
		expect(retryAfter).toBeLessThanOrEqual(10);
	});

	it('counts each account separately', async () => {
		const first = fakeAccessToken();
		const second = fakeAccessToken();
		sim = await startHubspotSimulator({ accounts: [{ accessToken: first }, { accessToken: second }], rateLimit: { perTenSeconds: 2 } });
		expect((await statusesOf(first, 3)).map((r) => r.status)).toEqual([200, 200, 429]);
		expect((await statusesOf(second, 2)).map((r) => r.status)).toEqual([200, 200]);
	});

	it('can be turned on and off while running', async () => {
		const accessToken = fakeAccessToken();
		sim = await startHubspotSimulator({ accounts: [{ accessToken }] });
		sim.setRateLimit({ perTenSeconds: 1 });
		expect((await statusesOf(accessToken, 2)).map((r) => r.status)).toEqual([200, 429]);
		sim.setRateLimit(undefined);
		expect((await statusesOf(accessToken, 2)).map((r) => r.status)).toEqual([200, 200]);
	});
});
