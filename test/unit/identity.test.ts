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

describe('two different addresses never become one visitor through lower-casing', () => {
	// Emails are compared lower-cased (HubSpot treats them case-insensitively). Unicode lower-cases a few
	// characters to the lower case of another one: the Kelvin sign K to the ASCII k, the Ångström sign to å,
	// the Ohm sign to ω. Such an address would share the visitor (and the cached token) of another address.
	it.each([
		['the Kelvin sign', '\u212Aate@example.com', 'U+212A', 'k'],
		['the Ångström sign', '\u212Bngstr\u00F6m@example.com', 'U+212B', '\u00E5'],
		['the Ohm sign', '\u2126mega@example.com', 'U+2126', '\u03C9'],
		['a dotted capital I', '\u0130nfo@example.com', 'U+0130', 'i\u0307'],
		['the Kelvin sign in the domain', 'kate@\u212Aate.example', 'U+212A', 'k'],
	])('%s is refused, named by its code point and what it would turn into', (_what, email, codePoint, lower) => {
		const { field, message } = problem({ email });
		expect(field).toBe('email');
		expect(message).toBe(`Email contains ${codePoint}, which lower-cases to "${lower}", the lower case of a different character: the address would be taken for another one. Write it with the ordinary letter.`);
	});

	it('the ordinary letters are accepted and lower-cased as before, ASCII and not', () => {
		expect(read({ email: 'Kate@Example.com' })).toMatchObject({ email: 'kate@example.com' });
		expect(read({ email: '\u00C5ngstr\u00F6m@Example.com' })).toMatchObject({ email: '\u00E5ngstr\u00F6m@example.com' });
		expect(read({ email: '\u03A9mega@example.com' })).toMatchObject({ email: '\u03C9mega@example.com' });
		expect(read({ email: '\u0394\u0399\u039F\u03A3@example.com' })).toMatchObject({ email: '\u03B4\u03B9\u03BF\u03C2@example.com' });
	});

	it('over every Unicode character: two accepted addresses that read the same differ only in the case of one letter', () => {
		const byEmail = new Map<string, string[]>();
		for (let codePoint = 0; codePoint <= 0x10ffff; codePoint++) {
			if (codePoint >= 0xd800 && codePoint <= 0xdfff) continue;
			const character = String.fromCodePoint(codePoint);
			const result = read({ email: `a${character}@example.com` });
			if (result instanceof InvalidInputError) continue;
			byEmail.set(result.email, [...(byEmail.get(result.email) ?? []), character]);
		}
		const merged = [...byEmail.entries()].filter(([, characters]) => characters.length > 1);
		// Each merge is an upper-case letter with its own lower case (the one also accepted on its own).
		const strangers = merged.filter(([email, characters]) => {
			const lower = email.slice(1, email.indexOf('@'));
			return !characters.every((character) => character === lower || lower.toUpperCase() === character);
		});
		expect(strangers).toEqual([]);
		expect(byEmail.get('ak@example.com')).toEqual(['K', 'k']);
		expect(merged.length).toBeGreaterThan(1000);
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
