/** Who the website says the visitor is, after validation: what HubSpot receives and what the cache keys on. */
export interface VisitorIdentity {
	/**
	 * Trimmed and lower-cased: HubSpot treats emails case-insensitively, so one visitor gets one cache entry.
	 * Addresses with a character that would lower-case into another one's lower case are refused (readEmail).
	 */
	email: string;
	firstName: string;
	lastName: string;
}

/** A problem with one item's input, named by the parameter the user has to fix. */
export class InvalidInputError extends Error {
	constructor(
		readonly field: 'email' | 'firstName' | 'lastName',
		message: string,
	) {
		super(message);
		this.name = 'InvalidInputError';
	}
}

/**
 * RFC 5321 caps a forward path at 256 octets including the angle brackets, so an address at 254, and a
 * local part at 64. Counted as the protocol counts them: octets of UTF-8 (RFC 6531 for non-ASCII addresses).
 */
export const MAX_EMAIL_OCTETS = 254;
const MAX_LOCAL_PART_OCTETS = 64;
/**
 * HubSpot does not publish a limit for names; this one is generous for people and still stops pasted
 * documents. Counted in UTF-16 code units (JavaScript's string length), as n8n's editor counts text.
 */
export const MAX_NAME_LENGTH = 100;

/**
 * Control characters (C0, DEL, C1: \p{Cc}) and invisible formatting characters (\p{Cf}: zero-width space,
 * right-to-left override, byte order mark…) never belong in an address: they hide what is really sent to
 * HubSpot and can make one address look like another.
 */
const HIDDEN_IN_EMAIL = /[\p{Cc}\p{Cf}]/u;
/**
 * The same for names, except the zero-width non-joiner and joiner (U+200C, U+200D), which some scripts
 * (Persian, Indic) and emoji sequences need to write a name correctly. Line breaks and NUL are controls.
 */
const HIDDEN_IN_NAME = /(?![\u200C\u200D])[\p{Cc}\p{Cf}]/u;

function codePointOf(character: string): string {
	return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Emails are compared lower-cased, so that one visitor is one cache entry whatever the case. Unicode
 * lower-cases 37 characters to the lower case of a different character: the Kelvin sign to the ASCII "k",
 * the Ångström sign to "å", the Ohm sign to "ω", "İ" to "i" and a combining dot, some titlecase letters.
 * An address holding one would become the visitor of another address, so it is refused; with every other
 * character, two addresses that lower-case alike differ only in the case of their letters.
 */
function foldsIntoAnotherCharacter(email: string): string | undefined {
	// ASCII letters only ever fold into their own lower case.
	if (!/[^ -~]/.test(email)) return undefined;
	for (const character of email) {
		const lower = character.toLowerCase();
		if (lower !== character && lower.toUpperCase() !== character) return character;
	}
	return undefined;
}

// Deliberately practical rather than RFC-complete: one @, no spaces, a dotted domain.
// HubSpot applies its own validation afterwards; this catches what is clearly not an address.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

function describeType(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function readEmail(raw: unknown): string | InvalidInputError {
	if (raw === undefined || raw === null) {
		return new InvalidInputError('email', 'Email is missing. Map the visitor\'s email address into the "Email" field (for a Webhook, usually {{ $json.body.email }}).');
	}
	if (typeof raw !== 'string') {
		return new InvalidInputError('email', `Email must be text, but it is ${describeType(raw)}. Check the expression in the "Email" field.`);
	}
	const typed = raw.trim();
	const email = typed.toLowerCase();
	if (email === '') {
		return new InvalidInputError('email', 'Email is empty. The request did not contain the visitor\'s email address.');
	}
	const hidden = HIDDEN_IN_EMAIL.exec(email);
	if (hidden) {
		return new InvalidInputError('email', `Email contains an invisible or control character (${codePointOf(hidden[0])}); an email address cannot hold one.`);
	}
	const folding = foldsIntoAnotherCharacter(typed);
	if (folding !== undefined) {
		return new InvalidInputError('email', `Email contains ${codePointOf(folding)}, which lower-cases to "${folding.toLowerCase()}", the lower case of a different character: the address would be taken for another one. Write it with the ordinary letter.`);
	}
	const octets = Buffer.byteLength(email, 'utf8');
	if (octets > MAX_EMAIL_OCTETS) {
		return new InvalidInputError('email', `Email is ${octets} bytes long (UTF-8); an email address has at most ${MAX_EMAIL_OCTETS}.`);
	}
	const localPart = email.slice(0, email.lastIndexOf('@'));
	if (!EMAIL_SHAPE.test(email) || Buffer.byteLength(localPart, 'utf8') > MAX_LOCAL_PART_OCTETS) {
		return new InvalidInputError('email', 'Email is not a valid email address (expected something like name@example.com).');
	}
	return email;
}

function readName(field: 'firstName' | 'lastName', raw: unknown): string | InvalidInputError {
	const label = field === 'firstName' ? 'First Name' : 'Last Name';
	if (raw === undefined || raw === null) return '';
	if (typeof raw !== 'string') {
		return new InvalidInputError(field, `${label} must be text, but it is ${describeType(raw)}. Check the expression in the "${label}" field.`);
	}
	const name = raw.trim();
	const hidden = HIDDEN_IN_NAME.exec(name);
	if (hidden) {
		return new InvalidInputError(field, `${label} contains an invisible or control character (${codePointOf(hidden[0])}), such as a line break; send the name as plain text on one line.`);
	}
	if (name.length > MAX_NAME_LENGTH) {
		return new InvalidInputError(field, `${label} is ${name.length} characters long; at most ${MAX_NAME_LENGTH} are accepted.`);
	}
	return name;
}

/**
 * A name from a source whose names must not fail the visitor (the login provider's claims): the name as
 * readName leaves it, or nothing when it could not be sent (not text, an invisible character, too long).
 */
export function nameOrNothing(raw: unknown): string {
	const name = readName('firstName', raw);
	return typeof name === 'string' ? name : '';
}

/** Validates one item's raw parameter values; a problem comes back as an InvalidInputError naming the field. */
export function readVisitorIdentity(raw: { email: unknown; firstName: unknown; lastName: unknown }): VisitorIdentity | InvalidInputError {
	const email = readEmail(raw.email);
	if (email instanceof InvalidInputError) return email;
	const firstName = readName('firstName', raw.firstName);
	if (firstName instanceof InvalidInputError) return firstName;
	const lastName = readName('lastName', raw.lastName);
	if (lastName instanceof InvalidInputError) return lastName;
	return { email, firstName, lastName };
}
