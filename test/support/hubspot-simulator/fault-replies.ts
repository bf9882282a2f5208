// Turns an injected fault into the answer HubSpot (or something between the client and HubSpot) would
// give. A fault stands for trouble before HubSpot looks at the request, so it wins over auth and
// validation; a latency-only fault just delays the normal answer.

import { faultBody, rateLimited } from './error-bodies';
import { json, type Reply } from './exchange';
import type { FaultKind, SimulatorFault } from './types';

// Cut off mid-object, as a response truncated by a failing proxy would be, while still claiming JSON:
// the hardest case for a client, which cannot go by the content type.
const TRUNCATED_JSON = '{"token": "';

export function faultReply(fault: SimulatorFault, correlationId: string): { reply: Reply; kind: FaultKind } | undefined {
	const headers: Record<string, string> = {};
	if (fault.retryAfterSeconds !== undefined) headers['Retry-After'] = String(fault.retryAfterSeconds);

	if (fault.dropConnection) return { reply: { kind: 'drop' }, kind: 'dropConnection' };
	if (fault.malformedBody) {
		return {
			reply: { kind: 'text', status: 200, contentType: 'application/json;charset=utf-8', text: TRUNCATED_JSON, headers },
			kind: 'malformedBody',
		};
	}
	if (fault.emptyToken) return { reply: json(200, {}, headers), kind: 'emptyToken' };

	const status = fault.status ?? (fault.policyName ? 429 : undefined);
	if (status === 429) {
		const body = rateLimited(correlationId, fault.policyName ?? 'TEN_SECONDLY_ROLLING');
		if (fault.message !== undefined) body.message = fault.message;
		return { reply: json(429, body, headers), kind: 'rateLimit' };
	}
	if (status !== undefined) {
		return { reply: json(status, faultBody(correlationId, status, fault), headers), kind: 'status' };
	}
	return undefined;
}
