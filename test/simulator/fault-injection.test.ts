import { fakeAccessToken, startHubspotSimulator, type HubspotSimulator } from '../support/hubspot-simulator';

let sim: HubspotSimulator;
const accessToken = fakeAccessToken();

beforeAll(async () => {
	sim = await startHubspotSimulator({ accounts: [{ accessToken }] });
});
afterAll(() => sim.stop());
beforeEach(() => {
	sim.clearFaults();
	sim.setLatency(0);
	sim.resetCalls();
});

function createToken(email = 'visitor@example.com', authorization = `Bearer ${accessToken}`): Promise<Response> {
	return fetch(`${sim.url}/visitor-identification/2026-03/tokens/create`, {
		method: 'POST',
		headers: { authorization, 'content-type': 'application/json' },
		body: JSON.stringify({ email }),
	});
}

async function statusOf(email?: string): Promise<number> {
	const response = await createToken(email);
	await response.arrayBuffer();
	return response.status;
}

describe('any status with a HubSpot-shaped body', () => {
	it.each([500, 502, 503, 504, 400, 409])('answers an injected %i', async (status) => {
		sim.injectFault({ status });
		const response = await createToken();
		expect(response.status).toBe(status);
		const body = (await response.json()) as Record<string, unknown>;
		expect(body).toMatchObject({ status: 'error', correlationId: response.headers.get('x-hubspot-correlation-id') });
		expect(typeof body.message).toBe('string');
		expect(typeof body.category).toBe('string');
		expect(sim.calls[0]).toMatchObject({ status, fault: 'status' });
	});

	it('uses a given message and category', async () => {
		sim.injectFault({ status: 503, message: 'Down for maintenance', category: 'SERVICE_UNAVAILABLE' });
		const body = (await (await createToken()).json()) as Record<string, unknown>;
		expect(body).toMatchObject({ message: 'Down for maintenance', category: 'SERVICE_UNAVAILABLE' });
	});

	it('makes an injected 403 look like the missing-scope answer', async () => {
		sim.injectFault({ status: 403 });
		const body = (await (await createToken()).json()) as Record<string, unknown>;
		expect(body.category).toBe('MISSING_SCOPES');
	});

	it('answers before looking at the credentials, as a failing gateway would', async () => {
		sim.injectFault({ status: 502 });
		expect((await createToken('visitor@example.com', 'Bearer unknown')).status).toBe(502);
	});

	it('refuses a status that is not an HTTP status', () => {
		expect(() => sim.injectFault({ status: 42 })).toThrow();
		expect(() => sim.injectFault({ status: 500, times: 0 })).toThrow();
	});
});

describe('429 with each rate-limit policy', () => {
	it.each(['TEN_SECONDLY_ROLLING', 'SECONDLY', 'DAILY'] as const)('answers the documented body for %s', async (policyName) => {
		sim.injectFault({ status: 429, policyName });
		const response = await createToken();
		expect(response.status).toBe(429);
		const body = (await response.json()) as Record<string, unknown>;
		expect(body).toEqual({
			status: 'error',
			message: expect.any(String),
			errorType: 'RATE_LIMIT',
			correlationId: response.headers.get('x-hubspot-correlation-id'),
			policyName,
		});
		expect(response.headers.get('retry-after')).toBeNull();
		expect(sim.calls[0].fault).toBe('rateLimit');
	});

	it('takes a policy name alone to mean 429, ten-secondly by default', async () => {
		sim.injectFault({ policyName: 'SECONDLY' });
		sim.injectFault({ status: 429 });
		const first = await createToken();
		const second = await createToken();
		expect([first.status, second.status]).toEqual([429, 429]);
		expect(((await first.json()) as { policyName: string }).policyName).toBe('SECONDLY');
		expect(((await second.json()) as { policyName: string }).policyName).toBe('TEN_SECONDLY_ROLLING');
	});

	it('adds Retry-After when asked', async () => {
		sim.injectFault({ status: 429, retryAfterSeconds: 2 });
		const response = await createToken();
		expect(response.headers.get('retry-after')).toBe('2');
	});
});

describe('latency', () => {
	it('delays one call by the injected latency, then answers normally', async () => {
		sim.injectFault({ latencyMs: 500 });
		const started = Date.now();
		const response = await createToken();
		expect(Date.now() - started).toBeGreaterThanOrEqual(490);
		expect(response.status).toBe(200);
		expect(sim.calls[0].fault).toBe('latency');
		const again = Date.now();
		await statusOf();
		expect(Date.now() - again).toBeLessThan(400);
	});

	it('delays every call by the base latency', async () => {
		sim.setLatency(300);
		const started = Date.now();
		await Promise.all([statusOf(), statusOf()]);
		const elapsed = Date.now() - started;
		expect(elapsed).toBeGreaterThanOrEqual(290);
		// Concurrent calls wait side by side, not one after the other (which would take 600 ms).
		expect(elapsed).toBeLessThan(550);
	});
});

describe('broken success answers', () => {
	it('answers 200 with a body that is not JSON', async () => {
		sim.injectFault({ malformedBody: true });
		const response = await createToken();
		expect(response.status).toBe(200);
		const text = await response.text();
		expect(() => JSON.parse(text)).toThrow();
		expect(sim.calls[0]).toMatchObject({ status: 200, fault: 'malformedBody' });
		expect(sim.tokenCalls()).toHaveLength(0);
	});

	it('answers 200 without a token', async () => {
		sim.injectFault({ emptyToken: true });
		const response = await createToken();
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({});
		expect(sim.tokenCalls()).toHaveLength(0);
	});

	it('drops the connection without answering', async () => {
		sim.injectFault({ dropConnection: true });
		await expect(createToken()).rejects.toThrow(/fetch failed/);
		expect(sim.calls[0]).toMatchObject({ status: 0, fault: 'dropConnection' });
		// The next call, on a fresh connection, is answered normally.
		expect(await statusOf()).toBe(200);
	});
});

describe('times, forEmail and queue order', () => {
	it('applies a fault to `times` calls, then lets calls through', async () => {
		sim.injectFault({ status: 503, times: 3 });
		const statuses = [];
		for (let i = 0; i < 4; i += 1) statuses.push(await statusOf());
		expect(statuses).toEqual([503, 503, 503, 200]);
		expect(sim.pendingFaults()).toBe(0);
	});

	it('applies a fault only to the given email, in any letter case and spacing', async () => {
		sim.injectFault({ status: 500, forEmail: ' Target@Example.com ', times: 2 });
		expect(await statusOf('other@example.com')).toBe(200);
		expect(await statusOf('TARGET@example.COM')).toBe(500);
		expect(await statusOf('target@example.com')).toBe(500);
		expect(await statusOf('target@example.com')).toBe(200);
	});

	it('takes queued faults in the order they were injected', async () => {
		sim.injectFault({ status: 429, policyName: 'TEN_SECONDLY_ROLLING' });
		sim.injectFault({ status: 502 });
		sim.injectFault({ emptyToken: true });
		const statuses = [await statusOf(), await statusOf(), await statusOf(), await statusOf()];
		expect(statuses).toEqual([429, 502, 200, 200]);
		expect(sim.calls.map((call) => call.fault)).toEqual(['rateLimit', 'status', 'emptyToken', undefined]);
	});

	it('lets a call for another email pass a queued forEmail fault', async () => {
		sim.injectFault({ status: 500, forEmail: 'target@example.com' });
		sim.injectFault({ status: 502 });
		expect(await statusOf('other@example.com')).toBe(502);
		expect(await statusOf('target@example.com')).toBe(500);
	});

	it('clearFaults removes every pending fault', async () => {
		sim.injectFault({ status: 500, times: Infinity });
		expect(sim.pendingFaults()).toBe(1);
		expect(await statusOf()).toBe(500);
		sim.clearFaults();
		expect(sim.pendingFaults()).toBe(0);
		expect(await statusOf()).toBe(200);
	});
});
