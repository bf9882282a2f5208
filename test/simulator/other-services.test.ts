import { fakeAccessToken, startHubspotSimulator, type HubspotSimulator } from '../support/hubspot-simulator';

let sim: HubspotSimulator;
const accessToken = fakeAccessToken();

beforeAll(async () => {
	// No visitor identification scope and a Starter tier: the contact and account-info stand-ins must not care.
	sim = await startHubspotSimulator({ accounts: [{ accessToken, scopes: [], tier: 'starter', portalId: 12345678 }] });
});
afterAll(() => sim.stop());
beforeEach(() => {
	sim.resetCalls();
	sim.clearFaults();
});

function postJson(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
	return fetch(`${sim.url}${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body),
	});
}

describe('third-party webhook stand-ins', () => {
	const discordPath = '/third-party/discord/api/webhooks/123/fake-webhook-secret';

	it('answers 204 and records the parsed JSON body per service name', async () => {
		const response = await postJson(discordPath, { content: 'New visitor: ada@example.com' });
		expect(response.status).toBe(204);
		expect(await response.text()).toBe('');
		const calls = sim.webhookCalls('discord');
		expect(calls).toHaveLength(1);
		expect(calls[0]).toMatchObject({ path: discordPath, body: { content: 'New visitor: ada@example.com' }, status: 204 });
		expect(sim.webhookCalls('slack')).toEqual([]);
		expect(sim.calls[0]).toMatchObject({ route: 'thirdParty', status: 204 });
	});

	it('keeps a non-JSON body as text', async () => {
		await fetch(`${sim.url}/third-party/plain/hook`, { method: 'POST', body: 'hello' });
		expect(sim.webhookCalls('plain')[0].body).toBe('hello');
	});

	it('fails a service on demand, for as many calls as asked', async () => {
		sim.injectThirdPartyFault('discord', 500, 2);
		const statuses = [];
		for (let i = 0; i < 3; i += 1) statuses.push((await postJson(discordPath, { content: `try ${i}` })).status);
		expect(statuses).toEqual([500, 500, 204]);
		expect(sim.webhookCalls('discord').map((call) => call.status)).toEqual([500, 500, 204]);
	});

	it('fails only the named service', async () => {
		sim.injectThirdPartyFault('discord', 503);
		expect((await postJson('/third-party/slack/hook', {})).status).toBe(204);
		expect((await postJson(discordPath, {})).status).toBe(503);
	});
});

describe('HubSpot contact upsert', () => {
	const path = '/crm/v3/objects/contacts/batch/upsert';
	const upsert = (email: string, properties: Record<string, unknown>, bearer = accessToken) =>
		postJson(path, { inputs: [{ idProperty: 'email', id: email, properties }] }, { authorization: `Bearer ${bearer}` });

	it('creates a contact the first time an email is seen and updates it afterwards', async () => {
		const first = await upsert('new.visitor@example.com', { firstname: 'New' });
		expect(first.status).toBe(200);
		const created = (await first.json()) as { status: string; results: { id: string; new: boolean; properties: Record<string, string> }[] };
		expect(created.status).toBe('COMPLETE');
		expect(created.results).toHaveLength(1);
		expect(created.results[0]).toMatchObject({ new: true, properties: { email: 'new.visitor@example.com', firstname: 'New' } });
		expect(created.results[0].id).toMatch(/^\d+$/);

		const second = (await (await upsert('New.Visitor@example.com', { lastname: 'Visitor' })).json()) as typeof created;
		expect(second.results[0]).toMatchObject({
			id: created.results[0].id,
			new: false,
			properties: { firstname: 'New', lastname: 'Visitor' },
		});
		expect(sim.contactUpserts().map((u) => [u.email, u.isNew])).toEqual([
			['new.visitor@example.com', true],
			['new.visitor@example.com', false],
		]);
	});

	it('answers 401 to an unknown token and records nothing', async () => {
		const response = await upsert('x@example.com', {}, fakeAccessToken());
		expect(response.status).toBe(401);
		expect(sim.contactUpserts()).toEqual([]);
	});

	it('answers 400 VALIDATION_ERROR to inputs it cannot use', async () => {
		const auth = { authorization: `Bearer ${accessToken}` };
		for (const body of [{}, { inputs: [] }, { inputs: [{ id: 'x@example.com' }] }, { inputs: [{ idProperty: 'email', id: 'x@example.com', properties: [1] }] }]) {
			const response = await postJson(path, body, auth);
			expect(response.status).toBe(400);
			expect(((await response.json()) as { category: string }).category).toBe('VALIDATION_ERROR');
		}
	});
});

describe('HubSpot account details', () => {
	it('answers a known token with the account, whatever its scopes', async () => {
		const response = await fetch(`${sim.url}/account-info/v3/details`, { headers: { authorization: `Bearer ${accessToken}` } });
		expect(response.status).toBe(200);
		expect(await response.json()).toMatchObject({ portalId: 12345678, timeZone: 'US/Eastern', accountType: expect.any(String) });
	});

	it('answers 401 to an unknown token', async () => {
		const response = await fetch(`${sim.url}/account-info/v3/details`, { headers: { authorization: `Bearer ${fakeAccessToken()}` } });
		expect(response.status).toBe(401);
	});
});
