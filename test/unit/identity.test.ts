// Validating one item's email and names: the exact words a user reads, and what is sent on.
import { InvalidInputError, readVisitorIdentity } from '../../nodes/HubspotVisitorIdentification/shared/identity';

const read = (raw: { email?: unknown; firstName?: unknown; lastName?: unknown }) => readVisitorIdentity({ email: raw.email, firstName: raw.firstName, lastName: raw.lastName });

function problem(raw: Parameters<typeof read>[0]): { field: string; message: string } {
	const result = read(raw);
	if (!(result instanceof InvalidInputError)) throw new Error(`accepted ${JSON.stringify(raw)}`);
	return { field: result.field, message: result.message };
}

describe('the email', () => {
	it('is trimmed and lower-cased; missing names become empty', () => {
		expect(read({ email: '  Ada.Lovelace@Example.COM\n' })).toEqual({ email: 'ada.lovelace@example.com', firstName: '', lastName: '' });
	});

	it.each([
		[undefined, 'Email is missing. Map the visitor\'s email address into the "Email" field (for a Webhook, usually {{ $json.body.email }}).'],
		[null, 'Email is missing. Map the visitor\'s email address into the "Email" field (for a Webhook, usually {{ $json.body.email }}).'],
		[' \t', 'Email is empty. The request did not contain the visitor\'s email address.'],
		[7, 'Email must be text, but it is a number. Check the expression in the "Email" field.'],
		[true, 'Email must be text, but it is a boolean. Check the expression in the "Email" field.'],
		[['a@example.com'], 'Email must be text, but it is a list. Check the expression in the "Email" field.'],
		[{}, 'Email must be text, but it is an object. Check the expression in the "Email" field.'],
		['name.example.com', 'Email is not a valid email address (expected something like name@example.com).'],
	])('%p → %s', (email, message) => {
		expect(problem({ email })).toEqual({ field: 'email', message });
	});

	it.each(['a@b', 'a@@example.com', '@example.com', 'a@.example.com', 'a@example.', 'a b@example.com', 'a@exa mple.com', 'a@example..com', 'a@example.com x', 'a@example.com@'])('refuses %p', (email) => {
		expect(problem({ email }).field).toBe('email');
	});

	it.each(['a@b.c', 'first.last+tag@sub.example.co.uk', 'x@example.com'])('accepts %p', (email) => {
		expect(read({ email })).toMatchObject({ email });
	});

	it('says how long an over-long email is', () => {
		expect(problem({ email: `${'a'.repeat(64)}@${'b'.repeat(187)}.com` }).message).toBe('Email is 256 bytes long (UTF-8); an email address has at most 254.');
	});
});

describe('the names', () => {
	it('are trimmed, not lower-cased', () => {
		expect(read({ email: 'a@example.com', firstName: '  Ada ', lastName: 'Lovelace\t' })).toEqual({ email: 'a@example.com', firstName: 'Ada', lastName: 'Lovelace' });
	});

	it('null counts as not given', () => {
		expect(read({ email: 'a@example.com', firstName: null, lastName: null })).toMatchObject({ firstName: '', lastName: '' });
	});

	it.each([
		['firstName', 5, 'First Name must be text, but it is a number. Check the expression in the "First Name" field.'],
		['lastName', {}, 'Last Name must be text, but it is an object. Check the expression in the "Last Name" field.'],
		['firstName', 'x'.repeat(150), 'First Name is 150 characters long; at most 100 are accepted.'],
		['lastName', 'x'.repeat(101), 'Last Name is 101 characters long; at most 100 are accepted.'],
	])('%s %p → %s', (field, value, message) => {
		expect(problem({ email: 'a@example.com', [field]: value })).toEqual({ field, message });
	});

	it('reports the email first, then the first name, then the last name', () => {
		expect(problem({ email: 1, firstName: 1, lastName: 1 }).field).toBe('email');
		expect(problem({ email: 'a@example.com', firstName: 1, lastName: 1 }).field).toBe('firstName');
	});
});
