import {
	VISITOR_IDENTIFICATION_SCOPE,
	fakeAccessToken,
	startHubspotSimulator,
	type AccountTier,
	type HubspotSimulator,
} from '../support/hubspot-simulator';

let sim: HubspotSimulator;

beforeAll(async () => {
	sim = await startHubspotSimulator();
});
afterAll(() => sim.stop());

async function createToken(authorization: string | undefined): Promise<{ status: number; body: Record<string, unknown>; correlationId: string | null }> {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (authorization !== undefined) headers.authorization = authorization;
	const response = await fetch(`${sim.url}/visitor-identification/2026-03/tokens/create`, {
		method: 'POST',
		headers,
		body: JSON.stringify({ email: 'visitor@example.com' }),
	});
	return {
		status: response.status,
		body: (await response.json()) as Record<string, unknown>,
		correlationId: response.headers.get('x-hubspot-correlation-id'),
	};
}

function account(overrides: { scopes?: string[]; tier?: AccountTier } = {}): string {
	const accessToken = fakeAccessToken();
	sim.addAccount({ accessToken, scopes: [VISITOR_IDENTIFICATION_SCOPE], tier: 'professional', ...overrides });
	return accessToken;
}

describe('the Bearer token must belong to a known account', () => {
	it.each([
		['no Authorization header', undefined],
		['an empty Bearer', 'Bearer '],
		['a legacy API key scheme', 'hapikey abc'],
		['an unknown token', `Bearer ${fakeAccessToken()}`],
	])('answers 401 INVALID_AUTHENTICATION for %s', async (_case, authorization) => {
		const answer = await createToken(authorization);
		expect(answer.status).toBe(401);
		expect(answer.body).toMatchObject({ status: 'error', category: 'INVALID_AUTHENTICATION' });
		expect(answer.body.correlationId).toBe(answer.correlationId);
	});

	it('accepts the scheme name in any letter case', async () => {
		const accessToken = account();
		expect((await createToken(`bearer ${accessToken}`)).status).toBe(200);
	});

	it('answers 401 once the token is revoked', async () => {
		const accessToken = account();
		expect((await createToken(`Bearer ${accessToken}`)).status).toBe(200);
		sim.revokeAccount(accessToken);
		expect((await createToken(`Bearer ${accessToken}`)).status).toBe(401);
	});

	it('never echoes the access token in the error', async () => {
		const unknown = fakeAccessToken();
		const answer = await createToken(`Bearer ${unknown}`);
		expect(JSON.stringify(answer.body)).not.toContain(unknown);
	});
});

describe('the account needs the visitor identification scope', () => {
	it('answers 403 MISSING_SCOPES naming the granular scope when it is missing', async () => {
		const accessToken = account({ scopes: ['crm.objects.contacts.read'] });
		const answer = await createToken(`Bearer ${accessToken}`);
		expect(answer.status).toBe(403);
		expect(answer.body).toMatchObject({
			status: 'error',
			category: 'MISSING_SCOPES',
			correlationId: answer.correlationId,
			errors: [{ context: { requiredGranularScopes: [VISITOR_IDENTIFICATION_SCOPE] } }],
		});
	});

	it('checks the scope before the tier', async () => {
		const accessToken = account({ scopes: [], tier: 'free' });
		const answer = await createToken(`Bearer ${accessToken}`);
		expect(answer.body.category).toBe('MISSING_SCOPES');
	});
});

describe('the account must be Professional or Enterprise', () => {
	it.each(['free', 'starter'] as const)('answers 403 with the subscription message for %s', async (tier) => {
		const accessToken = account({ tier });
		const answer = await createToken(`Bearer ${accessToken}`);
		expect(answer.status).toBe(403);
		// HubSpot's text as its documentation quotes it, written out rather than taken from the simulator.
		expect(answer.body.message).toBe('Access to the Visitor Identification API requires a Professional or Enterprise level subscription');
		expect(answer.body.category).not.toBe('MISSING_SCOPES');
		expect(answer.body.correlationId).toBe(answer.correlationId);
	});

	it.each(['professional', 'enterprise'] as const)('creates tokens for %s', async (tier) => {
		const accessToken = account({ tier });
		expect((await createToken(`Bearer ${accessToken}`)).status).toBe(200);
	});

	it('defaults a bare account to a working Professional one', async () => {
		const accessToken = fakeAccessToken();
		sim.addAccount({ accessToken });
		expect((await createToken(`Bearer ${accessToken}`)).status).toBe(200);
	});
});
