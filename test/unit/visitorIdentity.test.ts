// Who each item's visitor is in "Verified ID Token" mode, as the workflow sees it: an ID Token field that
// cannot be read or is empty is that item's refusal, and a First/Last Name left blank keeps the token's name.
import { forgetPublishedKeys } from '../../nodes/HubspotVisitorIdentification/shared/idToken/jwks';
import { errorsOf, jsonOf, runNode, type RunSetup } from '../support/executeContext';
import { takeOverClock } from '../support/fakeClock';
import { LoginProviderStandIn, makeSigningKey, signToken, type SigningKey } from '../support/login-provider';

let time: ReturnType<typeof takeOverClock>;
let key: SigningKey;
let provider: LoginProviderStandIn;

beforeAll(async () => {
	key = makeSigningKey('RSA-2048');
	provider = await LoginProviderStandIn.start({ keys: [key] });
});
afterAll(async () => await provider.stop());
beforeEach(() => {
	time = takeOverClock();
	forgetPublishedKeys();
});
afterEach(() => time.release());

function idToken(overrides: Record<string, unknown> = {}): string {
	const now = Math.floor(time.now / 1000);
	const claims = { iss: provider.issuer, aud: 'client-123', sub: 'auth0|ada', exp: now + 600, email: 'ada@example.com', email_verified: true, given_name: 'Ada', family_name: 'Lovelace', ...overrides };
	return signToken(claims, { alg: 'RS256', key: key.privateKey }, { kid: key.kid });
}

function verified(items: RunSetup['items']): RunSetup {
	return { identifyBy: 'idToken', loginProvider: { issuer: provider.issuer, audience: 'client-123' }, items, continueOnFail: true };
}

describe('the ID Token field', () => {
	it('an expression that fails for one item refuses that item (401, presence), with the expression\'s error; the others go on', async () => {
		const result = await runNode(verified([{ idToken: new Error('Cannot read properties of undefined (reading "authorization")') }, { idToken: idToken() }]));
		const errors = errorsOf(result);
		expect(errors[0]).toMatchObject({ errorCode: 'ID_TOKEN_MISSING', httpStatus: 401 });
		expect(errors[0].message).toContain('Item 0: The ID token was refused (presence): the ID Token field could not be read: ');
		expect(errors[0].message).toContain('Cannot read properties of undefined (reading "authorization")');
		expect(errors[1]).toBeUndefined();
		expect(result.requests).toHaveLength(1);
	});

	it('left without a value is a missing token, not a malformed one', async () => {
		const result = await runNode(verified([{}]));
		expect(errorsOf(result)[0]).toMatchObject({ errorCode: 'ID_TOKEN_MISSING', httpStatus: 401, message: expect.stringContaining('none was sent') });
		expect(result.requests).toHaveLength(0);
	});
});

describe('First Name / Last Name beside a verified token', () => {
	it('blank or only spaces: the names from the token\'s claims are used', async () => {
		const result = await runNode(verified([{ idToken: idToken(), firstName: '   ', lastName: '\t' }]));
		expect(jsonOf(result)[0]).toMatchObject({ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' });
		expect(result.requests[0].options.body).toEqual({ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' });
	});

	it('given: they win over the claims, trimmed', async () => {
		const result = await runNode(verified([{ idToken: idToken(), firstName: ' Augusta ', lastName: 'King' }]));
		expect(jsonOf(result)[0]).toMatchObject({ firstName: 'Augusta', lastName: 'King' });
	});
});

describe('names from the token\'s claims that cannot be sent are dropped; the visitor is still identified', () => {
	it.each([
		['a NUL', 'Ada\u0000'],
		['a line break', 'Ada\nLovelace'],
		['a right-to-left override', '\u202EadA'],
		['a zero-width space', 'A\u200Bda'],
	])('a given_name with %s: no first name, the family name kept, a token for the verified email', async (_what, givenName) => {
		const result = await runNode(verified([{ idToken: idToken({ given_name: givenName }) }]));
		expect(errorsOf(result)[0]).toBeUndefined();
		expect(jsonOf(result)[0]).toMatchObject({ email: 'ada@example.com', firstName: '', lastName: 'Lovelace' });
		expect(result.requests[0].options.body).toEqual({ email: 'ada@example.com', lastName: 'Lovelace' });
	});

	it('a family_name with a control character is dropped the same way', async () => {
		const result = await runNode(verified([{ idToken: idToken({ family_name: 'Love\u0007lace' }) }]));
		expect(jsonOf(result)[0]).toMatchObject({ firstName: 'Ada', lastName: '' });
	});

	it('a First Name parameter with a control character is still the workflow\'s bad input (400 INVALID_INPUT)', async () => {
		const result = await runNode(verified([{ idToken: idToken(), firstName: 'Ada\u0000' }]));
		expect(errorsOf(result)[0]).toMatchObject({ errorCode: 'INVALID_INPUT', httpStatus: 400, field: 'firstName' });
		expect(result.requests).toHaveLength(0);
	});
});
