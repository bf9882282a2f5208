// POST /crm/v3/objects/contacts, the call the chained example makes to create the visitor's contact only
// when HubSpot has none for that email. HubSpot answers 201 with the new contact, or 409 when a contact
// with that email exists, and then changes nothing: so an unverified request can never rename a contact.
// Like the upsert stand-in, it checks that the Bearer token is a known account's, not its CRM scopes.

import { errorBody, invalidCredentials, missingCredentials, validationError } from './error-bodies';
import { json, type Exchange, type Outcome } from './exchange';
import type { SimulatorState } from './state';
import { isJsonContentType, parseJson } from './visitor-request';

export async function createContact(exchange: Exchange, state: SimulatorState): Promise<Outcome> {
	await state.sleep(state.latencyMs);
	const id = exchange.correlationId;
	const bearer = state.accounts.checkBearer(exchange.authorization);
	if (!bearer.ok) return { reply: json(401, bearer.reason === 'missing' ? missingCredentials(id) : invalidCredentials(id)) };

	const parsed = isJsonContentType(exchange.contentType) ? parseJson(exchange.body) : undefined;
	const properties = textProperties((parsed as { properties?: unknown } | undefined)?.properties);
	const email = properties?.email;
	if (!properties || email === undefined || !email.includes('@')) {
		return { reply: json(400, validationError(id, [{ message: 'properties must map names to text values and include an email.', in: 'properties', code: 'INVALID_PROPERTIES' }])) };
	}

	const { contact, created } = state.contacts.createIfAbsent(email, properties, new Date());
	if (!created) {
		// As HubSpot's contacts API answers a duplicate email (its message and category, as HubSpot's community quotes them).
		const message = `Contact already exists. Existing ID: ${contact.id}`;
		return {
			reply: json(409, { ...errorBody(id, 'OBJECT_ALREADY_EXISTS', message), errors: [{ message: `A contact with email ${contact.properties.email} already exists. Existing ID: ${contact.id}`, in: 'email' }] }),
			record: { email: contact.properties.email },
		};
	}
	return {
		reply: json(201, { ...contact, properties: { ...contact.properties }, archived: false }),
		record: { email: contact.properties.email },
	};
}

/** HubSpot stores every property value as text; numbers and booleans are accepted and stringified. */
function textProperties(raw: unknown): Record<string, string> | undefined {
	if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(raw)) {
		if (value === null || value === undefined) continue;
		if (typeof value === 'object') return undefined;
		out[name] = String(value);
	}
	return out;
}
