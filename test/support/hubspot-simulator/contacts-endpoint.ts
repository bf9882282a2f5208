// POST /crm/v3/objects/contacts/batch/upsert, the call the chained example makes to create or update
// the visitor's contact. Only what that example needs: upsert by email, HubSpot's response shape.
// It checks that the Bearer token belongs to a known account but not its CRM scopes, so one simulator
// account can serve both the visitor-token and the contact step.

import { invalidCredentials, missingCredentials, validationError, type ErrorDetail } from './error-bodies';
import { json, type Exchange, type Outcome } from './exchange';
import type { SimulatorState } from './state';
import { isJsonContentType, parseJson } from './visitor-request';

// HubSpot's batch endpoints take at most 100 inputs.
const MAX_INPUTS = 100;

interface UpsertInput {
	email: string;
	properties: Record<string, string>;
}

export async function upsertContacts(exchange: Exchange, state: SimulatorState): Promise<Outcome> {
	await state.sleep(state.latencyMs);
	const id = exchange.correlationId;
	const bearer = state.accounts.checkBearer(exchange.authorization);
	if (!bearer.ok) return { reply: json(401, bearer.reason === 'missing' ? missingCredentials(id) : invalidCredentials(id)) };

	const parsed = isJsonContentType(exchange.contentType) ? parseJson(exchange.body) : undefined;
	const inputs = readInputs(parsed);
	if (!inputs.ok) return { reply: json(400, validationError(id, inputs.errors)) };

	const startedAt = new Date();
	const results = inputs.value.map((input) => {
		const { contact, isNew } = state.contacts.upsert(input.email, input.properties, startedAt);
		state.log.recordUpsert({ email: contact.properties.email, properties: input.properties, isNew, at: startedAt.getTime() });
		return { ...contact, properties: { ...contact.properties }, archived: false, new: isNew };
	});
	return {
		reply: json(200, {
			status: 'COMPLETE',
			results,
			startedAt: startedAt.toISOString(),
			completedAt: new Date().toISOString(),
		}),
		record: { email: inputs.value[0]?.email },
	};
}

function readInputs(body: unknown): { ok: true; value: UpsertInput[] } | { ok: false; errors: ErrorDetail[] } {
	const inputs = (body as { inputs?: unknown } | undefined)?.inputs;
	if (!Array.isArray(inputs) || inputs.length === 0 || inputs.length > MAX_INPUTS) {
		return { ok: false, errors: [{ message: `inputs must be a list of 1 to ${MAX_INPUTS} contacts.`, in: 'inputs', code: 'INVALID_INPUTS' }] };
	}
	const value: UpsertInput[] = [];
	const errors: ErrorDetail[] = [];
	inputs.forEach((raw: unknown, index) => {
		const input = (raw ?? {}) as { id?: unknown; idProperty?: unknown; properties?: unknown };
		const properties = stringProperties(input.properties);
		if (input.idProperty !== 'email' || typeof input.id !== 'string' || !input.id.includes('@')) {
			errors.push({ message: `inputs[${index}] must have idProperty "email" and an email as id.`, in: `inputs[${index}]`, code: 'INVALID_ID' });
		} else if (!properties) {
			errors.push({ message: `inputs[${index}].properties must map names to text values.`, in: `inputs[${index}].properties`, code: 'INVALID_PROPERTIES' });
		} else {
			value.push({ email: input.id, properties });
		}
	});
	return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}

/** HubSpot stores every property value as text; numbers and booleans are accepted and stringified. */
function stringProperties(raw: unknown): Record<string, string> | undefined {
	if (raw === undefined) return {};
	if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(raw)) {
		if (value === null || value === undefined) continue;
		if (typeof value === 'object') return undefined;
		out[name] = String(value);
	}
	return out;
}
