// The create-only contact stand-in the chained example uses: a new email becomes a contact (201), an
// existing one is answered 409 and left exactly as it was, whatever names the request carries.
import { fakeAccessToken, startHubspotSimulator, type HubspotSimulator } from '../support/hubspot-simulator';

let sim: HubspotSimulator;
const accessToken = fakeAccessToken();

beforeAll(async () => {
	sim = await startHubspotSimulator({ accounts: [{ accessToken, scopes: [] }] });
});
afterAll(() => sim.stop());

function create(properties: unknown, bearer = accessToken): Promise<Response> {
	return fetch(`${sim.url}/crm/v3/objects/contacts`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
		body: JSON.stringify({ properties }),
	});
}

describe('HubSpot contact create (POST /crm/v3/objects/contacts)', () => {
	it('creates a contact for a new email and answers 201 with it', async () => {
		const response = await create({ email: 'New.Person@example.com', firstname: 'New' });
		expect(response.status).toBe(201);
		const body = (await response.json()) as { id: string; properties: Record<string, string> };
		expect(body.properties).toMatchObject({ email: 'new.person@example.com', firstname: 'New' });
		expect(sim.contact('new.person@example.com')).toMatchObject({ id: body.id, properties: { firstname: 'New' } });
	});

	it('answers 409 for an existing email and changes nothing about the contact', async () => {
		const existing = sim.addContact('kept@example.com', { firstname: 'Kept', lastname: 'Name' });
		const response = await create({ email: 'KEPT@example.com', firstname: 'Mallory', lastname: 'Renamed' });
		expect(response.status).toBe(409);
		expect(await response.json()).toMatchObject({ status: 'error', category: 'OBJECT_ALREADY_EXISTS', message: `Contact already exists. Existing ID: ${existing.id}` });
		expect(sim.contact('kept@example.com')?.properties).toMatchObject({ firstname: 'Kept', lastname: 'Name' });
		expect(sim.calls.at(-1)).toMatchObject({ route: 'contactsCreate', status: 409, email: 'kept@example.com' });
	});

	it('refuses an unknown token (401) and a body without an email (400)', async () => {
		expect((await create({ email: 'x@example.com' }, fakeAccessToken())).status).toBe(401);
		expect((await create({ firstname: 'No email' })).status).toBe(400);
		expect(sim.contact('x@example.com')).toBeUndefined();
	});
});
