// POST .../tokens/create: the endpoint the node exists to call. Checks run in the order a gateway and
// then the service would apply them: injected fault, Bearer token, scope, tier, rate limit, body.

import { canCreateVisitorTokens } from './accounts';
import {
	invalidCredentials,
	missingCredentials,
	missingScope,
	rateLimited,
	tierTooLow,
	validationError,
} from './error-bodies';
import { json, type Exchange, type Outcome } from './exchange';
import { faultReply } from './fault-replies';
import type { SimulatorState } from './state';
import { mintVisitorToken } from './tokens';
import { VISITOR_IDENTIFICATION_SCOPE, type ApiVersion, type FaultKind } from './types';
import { isJsonContentType, parseJson, validateVisitorIdentity } from './visitor-request';

export async function createVisitorToken(
	exchange: Exchange,
	apiVersion: ApiVersion,
	state: SimulatorState,
): Promise<Outcome> {
	const isJson = isJsonContentType(exchange.contentType);
	const parsed = isJson ? parseJson(exchange.body) : undefined;
	const claimed = claimedIdentity(parsed);
	const id = exchange.correlationId;

	// Taken on arrival, so queued faults meet calls in the order the calls came in.
	const fault = state.faults.take(claimed.email);
	await state.sleep(state.latencyMs + (fault?.latencyMs ?? 0));

	let faultKind: FaultKind | undefined;
	if (fault) {
		const faulty = faultReply(fault, id);
		if (faulty) return { reply: faulty.reply, record: { apiVersion, ...claimed, fault: faulty.kind } };
		faultKind = 'latency';
	}
	const answer = (status: number, body: unknown, extra: Outcome['record'] = {}, headers?: Record<string, string>): Outcome => ({
		reply: json(status, body, headers),
		record: { apiVersion, ...claimed, fault: faultKind, ...extra },
	});

	const bearer = state.accounts.checkBearer(exchange.authorization);
	if (!bearer.ok) return answer(401, bearer.reason === 'missing' ? missingCredentials(id) : invalidCredentials(id));
	const { account } = bearer;
	if (!account.scopes.has(VISITOR_IDENTIFICATION_SCOPE)) return answer(403, missingScope(id));
	if (!canCreateVisitorTokens(account.tier)) return answer(403, tierTooLow(id));

	const admission = state.rateLimits.admit(account.portalId, account.tier, Date.now());
	if (!admission.admitted) {
		const headers = state.rateLimits.sendsRetryAfter ? { 'Retry-After': String(admission.retryAfterSeconds) } : undefined;
		return answer(429, rateLimited(id, 'TEN_SECONDLY_ROLLING'), { fault: 'builtInRateLimit' }, headers);
	}

	if (!isJson) {
		return answer(400, validationError(id, [{ message: 'the body must be JSON (Content-Type: application/json).', code: 'INVALID_CONTENT_TYPE' }]));
	}
	if (parsed === undefined) {
		return answer(400, validationError(id, [{ message: 'the body is not valid JSON.', code: 'INVALID_JSON' }]));
	}
	const identity = validateVisitorIdentity(parsed);
	if (!identity.ok) return answer(400, validationError(id, identity.errors));

	const token = mintVisitorToken();
	return answer(200, { token }, { token }, admission.headers);
}

/** The identity fields as sent, kept on the call record even when the body is later rejected. */
function claimedIdentity(parsed: unknown): { email?: string; firstName?: string; lastName?: string } {
	if (parsed === null || typeof parsed !== 'object') return {};
	const fields = parsed as Record<string, unknown>;
	const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
	return { email: text(fields.email), firstName: text(fields.firstName), lastName: text(fields.lastName) };
}
