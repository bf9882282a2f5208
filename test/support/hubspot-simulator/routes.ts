// Which endpoint a request is for. The token endpoint answers on every path HubSpot material uses:
// the date-based lines, the legacy semantic `v3` line, and the older conversations path.

import type { ApiVersion, RouteName } from './types';

export interface Route {
	name: RouteName;
	/** The one method the endpoint accepts; a request with another gets 405. */
	method?: string;
	apiVersion?: ApiVersion;
	/** For third-party stand-ins, e.g. 'discord' in /third-party/discord/api/webhooks/1/abc. */
	thirdPartyName?: string;
}

const VERSIONED_TOKEN_PATH = /^\/visitor-identification\/(2026-03|2026-09|v3)\/tokens\/create$/;
const LEGACY_TOKEN_PATH = '/conversations/v3/visitor-identification/tokens/create';
const THIRD_PARTY_PATH = /^\/third-party\/([A-Za-z0-9_-]+)(\/.*)?$/;

export function resolveRoute(path: string): Route {
	const versioned = VERSIONED_TOKEN_PATH.exec(path);
	if (versioned) return { name: 'token', method: 'POST', apiVersion: versioned[1] as ApiVersion };
	if (path === LEGACY_TOKEN_PATH) return { name: 'token', method: 'POST', apiVersion: 'conversations-v3' };
	if (path === '/crm/v3/objects/contacts/batch/upsert') return { name: 'contactsUpsert', method: 'POST' };
	if (path === '/crm/v3/objects/contacts') return { name: 'contactsCreate', method: 'POST' };
	if (path === '/account-info/v3/details') return { name: 'accountInfo', method: 'GET' };
	if (path === '/oauth/v1/token') return { name: 'oauthToken', method: 'POST' };
	const thirdParty = THIRD_PARTY_PATH.exec(path);
	if (thirdParty) return { name: 'thirdParty', method: 'POST', thirdPartyName: thirdParty[1] };
	return { name: 'unknown' };
}
