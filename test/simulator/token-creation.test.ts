import { fakeAccessToken, startHubspotSimulator, type HubspotSimulator } from '../support/hubspot-simulator';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let sim: HubspotSimulator;
const accessToken = fakeAccessToken();

beforeAll(async () => {
	sim = await startHubspotSimulator({ accounts: [{ accessToken }] });
});
afterAll(() => sim.stop());
beforeEach(() => sim.resetCalls());

function createToken(body: unknown, path = '/visitor-identification/2026-03/tokens/create'): Promise<Response> {
	return fetch(`${sim.url}${path}`, {
		method: 'POST',
		headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
}

describe('a token is created for a valid request', () => {
	it('listens on loopback at a random port', () => {
		expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(sim.port).toBeGreaterThan(0);
	});

	it('answers 200 {"token": <opaque url-safe string of realistic length>}', async () => {
		const response = await createToken({ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' });
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^application\/json/);
		const body = (await response.json()) as { token: string };
		expect(Object.keys(body)).toEqual(['token']);
		expect(body.token).toMatch(/^[A-Za-z0-9_-]{200,300}$/);
	});

	it('gives a different token on every call, even for the same email', async () => {
		const tokens = new Set<string>();
		for (let i = 0; i < 20; i += 1) {
			const body = (await (await createToken({ email: 'same@example.com' })).json()) as { token: string };
			tokens.add(body.token);
		}
		expect(tokens.size).toBe(20);
	});

	it.each([
		['/visitor-identification/2026-03/tokens/create', '2026-03'],
		['/visitor-identification/2026-09/tokens/create', '2026-09'],
		['/visitor-identification/v3/tokens/create', 'v3'],
		['/conversations/v3/visitor-identification/tokens/create', 'conversations-v3'],
	])('answers on %s and records the API line', async (path, apiVersion) => {
		const response = await createToken({ email: 'lines@example.com' }, path);
		expect(response.status).toBe(200);
		expect(sim.calls).toHaveLength(1);
		expect(sim.calls[0]).toMatchObject({ method: 'POST', path, route: 'token', apiVersion, status: 200 });
	});

	it('sends a correlation id header that matches the recorded call', async () => {
		const response = await createToken({ email: 'corr@example.com' });
		const correlationId = response.headers.get('x-hubspot-correlation-id');
		expect(correlationId).toMatch(UUID);
		expect(sim.calls[0].correlationId).toBe(correlationId);
	});

	it('sends rate-limit headers with HubSpot Professional figures that count down', async () => {
		const first = await createToken({ email: 'limits@example.com' });
		const second = await createToken({ email: 'limits@example.com' });
		expect(first.headers.get('x-hubspot-ratelimit-max')).toBe('190');
		expect(first.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('10000');
		expect(first.headers.get('x-hubspot-ratelimit-daily')).toBe('625000');
		const remaining = (r: Response) => Number(r.headers.get('x-hubspot-ratelimit-remaining'));
		const dailyRemaining = (r: Response) => Number(r.headers.get('x-hubspot-ratelimit-daily-remaining'));
		expect(remaining(second)).toBe(remaining(first) - 1);
		expect(dailyRemaining(second)).toBe(dailyRemaining(first) - 1);
	});

	it('an enterprise account gets tokens too', async () => {
		const enterpriseToken = fakeAccessToken();
		sim.addAccount({ accessToken: enterpriseToken, tier: 'enterprise' });
		const response = await fetch(`${sim.url}/visitor-identification/2026-03/tokens/create`, {
			method: 'POST',
			headers: { authorization: `Bearer ${enterpriseToken}`, 'content-type': 'application/json' },
			body: JSON.stringify({ email: 'big@example.com' }),
		});
		expect(response.status).toBe(200);
		expect(response.headers.get('x-hubspot-ratelimit-daily')).toBe('1000000');
	});
});

describe('every call is recorded', () => {
	it('keeps the identity sent, the status and the arrival time', async () => {
		const before = Date.now();
		await createToken({ email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper' });
		const [call] = sim.calls;
		expect(call).toMatchObject({ email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper', status: 200 });
		expect(call.at).toBeGreaterThanOrEqual(before);
		expect(call.at).toBeLessThanOrEqual(Date.now());
		expect(call.fault).toBeUndefined();
	});

	it('maps each issued token to the email it was issued for', async () => {
		const a = (await (await createToken({ email: 'a@example.com' })).json()) as { token: string };
		const b = (await (await createToken({ email: 'b@example.com' })).json()) as { token: string };
		expect(sim.emailForToken(a.token)).toBe('a@example.com');
		expect(sim.emailForToken(b.token)).toBe('b@example.com');
		expect(sim.emailForToken('not-a-token-we-issued')).toBeUndefined();
		expect(sim.tokenCalls().map((call) => call.token)).toEqual([a.token, b.token]);
	});

	it('keeps the token-to-email mapping right under concurrent calls', async () => {
		const emails = Array.from({ length: 100 }, (_, i) => `visitor${i % 20}@example.com`);
		const issued: { email: string; token: string }[] = [];
		// 20 in flight at a time, as the end-to-end load test does.
		for (let start = 0; start < emails.length; start += 20) {
			const batch = emails.slice(start, start + 20);
			const bodies = await Promise.all(batch.map(async (email) => (await createToken({ email })).json() as Promise<{ token: string }>));
			bodies.forEach((body, i) => issued.push({ email: batch[i], token: body.token }));
		}
		expect(sim.tokenCalls()).toHaveLength(100);
		expect(issued.filter(({ email, token }) => sim.emailForToken(token) !== email)).toEqual([]);
	});

	it('counts only successful creations as token calls', async () => {
		await createToken({ email: 'ok@example.com' });
		await createToken({ email: 'not an email' });
		expect(sim.calls).toHaveLength(2);
		expect(sim.tokenCalls()).toHaveLength(1);
		expect(sim.tokenCalls()[0].email).toBe('ok@example.com');
	});

	it('never shows a visitor token when the log is printed or serialised', async () => {
		const { token } = (await (await createToken({ email: 'quiet@example.com' })).json()) as { token: string };
		const [call] = sim.calls;
		expect(call.token).toBe(token);
		expect(JSON.stringify(sim.calls)).not.toContain(token);
		expect(Object.keys(call)).not.toContain('token');
	});

	it('resetCalls forgets the log but still maps tokens issued before it', async () => {
		const { token } = (await (await createToken({ email: 'kept@example.com' })).json()) as { token: string };
		sim.resetCalls();
		expect(sim.calls).toEqual([]);
		expect(sim.tokenCalls()).toEqual([]);
		expect(sim.emailForToken(token)).toBe('kept@example.com');
	});

	it('does not keep the query string, where a legacy API key could be', async () => {
		await createToken({ email: 'q@example.com' }, '/visitor-identification/2026-03/tokens/create?hapikey=secret');
		expect(sim.calls[0].path).toBe('/visitor-identification/2026-03/tokens/create');
		expect(JSON.stringify(sim.calls)).not.toContain('secret');
	});
});

describe('other paths and methods', () => {
	it('answers an unknown path with a HubSpot-shaped 404', async () => {
		const response = await fetch(`${sim.url}/visitor-identification/2025-01/tokens/create`, { method: 'POST' });
		expect(response.status).toBe(404);
		const body = (await response.json()) as Record<string, unknown>;
		expect(body).toMatchObject({ status: 'error', category: 'OBJECT_NOT_FOUND' });
		expect(body.correlationId).toBe(response.headers.get('x-hubspot-correlation-id'));
		expect(sim.calls[0]).toMatchObject({ route: 'unknown', status: 404 });
	});

	it('answers GET on the token endpoint with 405', async () => {
		const response = await fetch(`${sim.url}/visitor-identification/2026-03/tokens/create`);
		expect(response.status).toBe(405);
		expect(response.headers.get('allow')).toBe('POST');
		expect(sim.tokenCalls()).toHaveLength(0);
	});
});
