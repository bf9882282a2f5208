import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { checkBaseUrl } from './baseUrl';
import { deriveCacheSecrets, type CacheSecrets } from './cacheSecrets';
import type { Settings } from './settings';
import { CREDENTIAL_TYPE, type HubSpotConnection } from './transport';

/** Where this execution's HubSpot calls go, the secret they carry, and the cache keys derived from it. */
export interface HubSpotAccess {
	connection: HubSpotConnection;
	/** Removed from every failure before it is output: HubSpot or a proxy may echo it. */
	accessToken: string;
	secrets: CacheSecrets;
}

let lastSecrets: { accessToken: string; secrets: CacheSecrets } | undefined;

/** Key derivation is the one costly step of a cache hit, and the access token rarely changes. */
function secretsFor(accessToken: string): CacheSecrets {
	if (lastSecrets?.accessToken !== accessToken) lastSecrets = { accessToken, secrets: deriveCacheSecrets(accessToken) };
	return lastSecrets.secrets;
}

/** Reads the HubSpot credential; a credential the node cannot use stops the execution with what to fix. */
export async function hubSpotAccessOf(context: IExecuteFunctions, settings: Settings): Promise<HubSpotAccess> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	const accessToken = typeof credentials.accessToken === 'string' ? credentials.accessToken.trim() : '';
	if (accessToken === '') {
		throw new NodeOperationError(context.getNode(), 'The HubSpot Visitor Identification credential has no Access Token. Paste a service key or private app token with the scope conversations.visitor_identification.tokens.create.');
	}
	const base = checkBaseUrl(credentials.baseUrl ?? 'https://api.hubapi.com');
	if (!base.ok) throw new NodeOperationError(context.getNode(), base.problem);
	return {
		accessToken,
		secrets: secretsFor(accessToken),
		connection: { baseUrl: base.baseUrl, host: base.host, apiVersion: settings.apiVersion, timeoutMs: settings.timeoutMs },
	};
}
