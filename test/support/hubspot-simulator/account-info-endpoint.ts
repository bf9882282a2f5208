// GET /account-info/v3/details: what n8n's built-in HubSpot credential test calls. It answers for any
// known token whatever its scopes, exactly the weakness the reference notes: passing it says nothing
// about whether visitor identification will work.

import { invalidCredentials, missingCredentials } from './error-bodies';
import { json, type Exchange, type Outcome } from './exchange';
import type { SimulatorState } from './state';

export async function accountDetails(exchange: Exchange, state: SimulatorState): Promise<Outcome> {
	await state.sleep(state.latencyMs);
	const id = exchange.correlationId;
	const bearer = state.accounts.checkBearer(exchange.authorization);
	if (!bearer.ok) return { reply: json(401, bearer.reason === 'missing' ? missingCredentials(id) : invalidCredentials(id)) };
	return {
		reply: json(200, {
			portalId: bearer.account.portalId,
			accountType: 'STANDARD',
			timeZone: 'US/Eastern',
			companyCurrency: 'USD',
			additionalCurrencies: [],
			utcOffset: '-05:00',
			utcOffsetMilliseconds: -18_000_000,
			uiDomain: 'app.hubspot.com',
			dataHostingLocation: 'na1',
		}),
	};
}
