// Validation of the token-create body, as strict as HubSpot is documented to be: email required and
// well-formed, names optional strings. Anything else about the body (e.g. hsCustomerAgentContext in some
// spec revisions) is ignored, as a JSON API that does not reject unknown fields would.

import type { ErrorDetail } from './error-bodies';

export interface VisitorIdentity {
	email: string;
	firstName?: string;
	lastName?: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: ErrorDetail[] };

// RFC 5321 caps a forward path at 256 octets including the angle brackets, hence 254 for the address.
const MAX_EMAIL_LENGTH = 254;
// Deliberately simple: one @, no spaces, a dot in the domain. Enough to tell a typo from an address.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export function isJsonContentType(header: string | undefined): boolean {
	return header !== undefined && /^application\/([\w.+-]+\+)?json\b/i.test(header.trim());
}

/** Parses without throwing; `undefined` means "not JSON". */
export function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

export function validateVisitorIdentity(body: unknown): Parsed<VisitorIdentity> {
	if (body === null || typeof body !== 'object' || Array.isArray(body)) {
		return fail('The request body must be a JSON object.', undefined, 'INVALID_BODY');
	}
	const fields = body as Record<string, unknown>;
	const errors: ErrorDetail[] = [];

	const email = fields.email;
	if (email === undefined || email === null) {
		errors.push({ message: 'email is required.', in: 'email', code: 'REQUIRED' });
	} else if (typeof email !== 'string') {
		errors.push({ message: 'email must be a string.', in: 'email', code: 'INVALID_TYPE' });
	} else if (email.length > MAX_EMAIL_LENGTH) {
		errors.push({ message: `email must be at most ${MAX_EMAIL_LENGTH} characters.`, in: 'email', code: 'TOO_LONG' });
	} else if (!EMAIL_SHAPE.test(email)) {
		errors.push({ message: 'email is not a valid email address.', in: 'email', code: 'INVALID_EMAIL' });
	}

	for (const name of ['firstName', 'lastName'] as const) {
		const value = fields[name];
		if (value !== undefined && value !== null && typeof value !== 'string') {
			errors.push({ message: `${name} must be a string.`, in: name, code: 'INVALID_TYPE' });
		}
	}

	if (errors.length > 0) return { ok: false, errors };
	return {
		ok: true,
		value: {
			email: email as string,
			firstName: optionalString(fields.firstName),
			lastName: optionalString(fields.lastName),
		},
	};
}

function optionalString(value: unknown): string | undefined {
	return typeof value === 'string' ? value : undefined;
}

function fail(message: string, field: string | undefined, code: string): Parsed<never> {
	return { ok: false, errors: [{ message, in: field, code }] };
}
