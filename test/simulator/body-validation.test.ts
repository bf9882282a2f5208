import { fakeAccessToken, startHubspotSimulator, type HubspotSimulator } from '../support/hubspot-simulator';

let sim: HubspotSimulator;
const accessToken = fakeAccessToken();

beforeAll(async () => {
	sim = await startHubspotSimulator({ accounts: [{ accessToken }] });
});
afterAll(() => sim.stop());

async function send(body: string, contentType = 'application/json'): Promise<{ status: number; body: Record<string, unknown> }> {
	const response = await fetch(`${sim.url}/visitor-identification/2026-03/tokens/create`, {
		method: 'POST',
		headers: { authorization: `Bearer ${accessToken}`, 'content-type': contentType },
		body,
	});
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const sendJson = (value: unknown) => send(JSON.stringify(value));

function expectValidationError(answer: { status: number; body: Record<string, unknown> }, field?: string): void {
	expect(answer.status).toBe(400);
	expect(answer.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
	expect(typeof answer.body.message).toBe('string');
	expect(typeof answer.body.correlationId).toBe('string');
	if (field) expect(answer.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ in: field })]));
}

describe('the body must be a JSON object', () => {
	it('rejects a form-encoded body', async () => {
		expectValidationError(await send('email=a%40example.com', 'application/x-www-form-urlencoded'));
	});

	it('rejects JSON-looking text sent as text/plain', async () => {
		expectValidationError(await send('{"email":"a@example.com"}', 'text/plain'));
	});

	it('rejects malformed JSON', async () => {
		expectValidationError(await send('{"email": '));
	});

	it.each([['an array', []], ['a string', 'a@example.com'], ['null', null]])('rejects %s', async (_case, value) => {
		expectValidationError(await sendJson(value));
	});

	it('accepts a JSON content type with a charset', async () => {
		const answer = await send('{"email":"a@example.com"}', 'application/json; charset=utf-8');
		expect(answer.status).toBe(200);
	});
});

// The simulator's rule is its own (an address's ordinary shape, no length limit: HubSpot documents none),
// not the node's, so that a bug in the node's validation is not mirrored by its stand-in for HubSpot.
describe('email is required and must be a well-formed address', () => {
	it('rejects a missing email', async () => {
		expectValidationError(await sendJson({ firstName: 'Ada' }), 'email');
	});

	it.each([42, true, ['a@example.com'], { address: 'a@example.com' }])('rejects the non-string %p', async (email) => {
		expectValidationError(await sendJson({ email }), 'email');
	});

	it.each([
		'',
		'plainaddress',
		'a@b',
		'@example.com',
		'a@@example.com',
		'two words@example.com',
		'a@example.',
		'a..b@example.com',
		'.a@example.com',
		'a.@example.com',
		'a@b.c',
		'a@-example.com',
		'a@example-.com',
		'a@example.123',
		'a@exa_mple.com',
		'a"b@example.com',
	])('rejects the malformed %p, quoting it as HubSpot does', async (email) => {
		const answer = await sendJson({ email });
		expectValidationError(answer, 'email');
		if (email !== '') expect(answer.body.message).toContain(JSON.stringify(email));
	});

	it('sets no length limit, as HubSpot documents none: a 300-character address is accepted', async () => {
		const long = `${'a'.repeat(64)}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(50)}.com`;
		expect(long.length).toBeGreaterThan(254);
		expect((await sendJson({ email: long })).status).toBe(200);
	});

	it.each(['first.last+tag@sub.example.co.uk', 'Ada.Lovelace@Example.COM', "o'brien@example.ie", 'josé@exämple.de', 'x@a-b.io'])('accepts %p', async (email) => {
		expect((await sendJson({ email })).status).toBe(200);
	});
});

describe('names are optional strings', () => {
	it('rejects a non-string firstName or lastName', async () => {
		expectValidationError(await sendJson({ email: 'a@example.com', firstName: 1 }), 'firstName');
		expectValidationError(await sendJson({ email: 'a@example.com', lastName: { x: 1 } }), 'lastName');
	});

	it('accepts names left out, null or empty', async () => {
		expect((await sendJson({ email: 'a@example.com' })).status).toBe(200);
		expect((await sendJson({ email: 'a@example.com', firstName: null, lastName: null })).status).toBe(200);
		expect((await sendJson({ email: 'a@example.com', firstName: '', lastName: '' })).status).toBe(200);
	});

	it('ignores fields it does not know, such as hsCustomerAgentContext', async () => {
		expect((await sendJson({ email: 'a@example.com', hsCustomerAgentContext: { plan: 'pro' } })).status).toBe(200);
	});
});

describe('oversized bodies', () => {
	it('answers 413 to a body over 1 MiB', async () => {
		const answer = await sendJson({ email: 'a@example.com', padding: 'x'.repeat(1024 * 1024) });
		expect(answer.status).toBe(413);
		expect(answer.body.category).toBe('VALIDATION_ERROR');
	});
});
