// Validation of the token-create body, as strict as HubSpot is documented to be: email required and
// well-formed (by the simulator's own rule, see isWellFormedEmail), names optional strings. Anything else
// about the body (e.g. hsCustomerAgentContext in some spec revisions) is ignored, as a JSON API that does
// not reject unknown fields would.

import type { ErrorDetail } from './error-bodies';

export interface VisitorIdentity {
	email: string;
	firstName?: string;
	lastName?: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: ErrorDetail[] };

/**
 * HubSpot's own check, written from what HubSpot documents (a malformed email gets a 400 VALIDATION_ERROR)
 * and deliberately not from the node's code: if the simulator repeated the node's rule, a bug in that rule
 * would be mirrored here and no test would see it. HubSpot publishes neither its exact rule nor a length
 * limit, so this is the ordinary shape of an address as mail systems define it (RFC 5322 dot-atom local
 * part, a domain of DNS labels with a top-level domain of at least two characters), and no length limit.
 */
function isWellFormedEmail(email: string): boolean {
	const parts = email.split('@');
	if (parts.length !== 2) return false;
	const [local, domain] = parts;
	return isDotAtom(local) && isDomainName(domain);
}

/** Characters RFC 5322 allows unquoted in a local part, plus any non-ASCII character (RFC 6531). */
const ATOM_CHARACTER = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]$|^[^\x00-\x7f]$/u;

function isDotAtom(text: string): boolean {
	return text.split('.').every((atom) => atom.length > 0 && [...atom].every((character) => ATOM_CHARACTER.test(character)));
}

function isDomainName(text: string): boolean {
	const labels = text.split('.');
	if (labels.length < 2) return false;
	const topLevel = labels[labels.length - 1];
	if (topLevel.length < 2 || /^\d+$/.test(topLevel)) return false;
	return labels.every((label) => label.length > 0 && !label.startsWith('-') && !label.endsWith('-') && /^(?:[A-Za-z0-9-]|[^\x00-\x7f])+$/u.test(label));
}

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
	} else if (!isWellFormedEmail(email)) {
		errors.push({ message: `Email address ${JSON.stringify(email)} is invalid`, in: 'email', code: 'INVALID_EMAIL' });
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
