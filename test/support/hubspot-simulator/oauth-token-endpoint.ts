// POST /oauth/v1/token as HubSpot documents it: a form-encoded body (grant_type, client_id, client_secret, and
// code + redirect_uri or refresh_token), a JSON answer with access_token, refresh_token and expires_in. Refusals
// are 400 with HubSpot's `status` names (BAD_REFRESH_TOKEN is the one public material quotes; the others are ours).

import { json, type Exchange, type Outcome } from './exchange';
import type { SimulatorState } from './state';

export async function grantOAuthTokens(exchange: Exchange, state: SimulatorState): Promise<Outcome> {
	await state.sleep(state.latencyMs);
	const correlationId = exchange.correlationId;
	if (!/^application\/x-www-form-urlencoded\b/i.test(exchange.contentType ?? '')) {
		return { reply: json(400, { status: 'BAD_REQUEST', message: 'The request body must be application/x-www-form-urlencoded.', correlationId }) };
	}
	const form = Object.fromEntries(new URLSearchParams(exchange.body));
	const grantType = form.grant_type;
	const granted = state.oauth.grant(form);
	if (!granted.ok) return { reply: json(400, { status: granted.status, message: granted.message, correlationId }), record: { grantType } };
	return { reply: json(200, granted.tokens), record: { grantType } };
}
