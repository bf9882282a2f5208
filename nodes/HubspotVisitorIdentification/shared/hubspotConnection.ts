import { NodeOperationError, type ICredentialDataDecryptedObject, type IExecuteFunctions } from 'n8n-workflow';

import { checkBaseUrl } from './baseUrl';
import { deriveCacheSecrets, type CacheSecrets } from './cacheSecrets';
import { APP_CREDENTIAL_TYPE } from './credentialRequest';
import type { HubSpotFailure } from './hubspotFailure';
import type { Settings } from './settings';
import { CREDENTIAL_TYPE, type HubSpotConnection } from './transport';

export { APP_CREDENTIAL_TYPE };

/** The node's Authentication parameter: which of the two HubSpot credentials it uses. */
export type Authentication = 'accessToken' | 'oAuth2';

/** Where this execution's HubSpot calls go, the secret they carry, and the cache keys derived from it. */
export interface HubSpotAccess {
	connection: HubSpotConnection;
	/** The access token this execution starts with; with OAuth2, n8n may renew it during the execution. */
	accessToken: string;
	secrets: CacheSecrets;
}

let lastSecrets: { cacheSecret: string; secrets: CacheSecrets } | undefined;

/** Key derivation is the one costly step of a cache hit, and the secret rarely changes. */
function secretsFor(cacheSecret: string): CacheSecrets {
	if (lastSecrets?.cacheSecret !== cacheSecret) lastSecrets = { cacheSecret, secrets: deriveCacheSecrets(cacheSecret) };
	return lastSecrets.secrets;
}

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

/** What the node needs from either credential: the token to check for, the secrets, the cache's key material. */
interface CredentialSecrets {
	accessToken: string;
	/** Every secret the credential holds: removed from failures. */
	secretsToRedact: string[];
	/** What the cache keys are derived from: must not change when n8n renews an access token. */
	cacheSecret: string;
}

function accessTokenSecrets(context: IExecuteFunctions, credentials: ICredentialDataDecryptedObject): CredentialSecrets {
	const accessToken = text(credentials.accessToken);
	if (accessToken === '') {
		throw new NodeOperationError(context.getNode(), 'The HubSpot Visitor Identification credential has no Access Token. Paste the access token of your HubSpot app (static auth), legacy private app or service key, with the scope conversations.visitor_identification.tokens.create.');
	}
	return { accessToken, secretsToRedact: [accessToken], cacheSecret: accessToken };
}

/**
 * HubSpot's access tokens live about 30 minutes; n8n renews them with the refresh token, which HubSpot documents
 * as long-lived and used for every renewal. So the cache keys come from the client secret and the refresh token:
 * both private, both unchanged by a renewal, and bound to this one authorisation (app and portal), so no other
 * portal's visitor tokens can ever be served. A new authorisation (Reconnect) brings a new refresh token and a new
 * client secret changes the keys too: either starts a fresh cache (as would a refresh token HubSpot replaced).
 */
function oAuth2Secrets(context: IExecuteFunctions, credentials: ICredentialDataDecryptedObject): CredentialSecrets {
	const tokenData = (typeof credentials.oauthTokenData === 'object' && credentials.oauthTokenData !== null ? credentials.oauthTokenData : {}) as Record<string, unknown>;
	const accessToken = text(tokenData.access_token);
	const refreshToken = text(tokenData.refresh_token);
	const clientSecret = text(credentials.clientSecret);
	if (accessToken === '' || refreshToken === '') {
		throw new NodeOperationError(context.getNode(), 'The HubSpot Visitor Identification OAuth2 credential is not connected to HubSpot. Open it and click "Connect my account" to install the app in your HubSpot account.');
	}
	// NUL never occurs in either secret, so the pair is unambiguous.
	const cacheSecret = `oauth2\u0000${clientSecret}\u0000${refreshToken}`;
	const secretsToRedact = [accessToken, refreshToken, clientSecret].filter((secret) => secret !== '');
	return { accessToken, secretsToRedact, cacheSecret };
}

/** The same failure with every secret removed, longest first (so no secret is left half-redacted by a shorter one). */
export function withoutSecrets(failure: HubSpotFailure, secrets: readonly string[]): HubSpotFailure {
	return [...secrets].sort((a, b) => b.length - a.length).reduce((clean, secret) => clean.withoutSecret(secret), failure);
}

/** Reads the HubSpot credential; a credential the node cannot use stops the execution with what to fix. */
export async function hubSpotAccessOf(context: IExecuteFunctions, settings: Settings): Promise<HubSpotAccess> {
	const authentication = context.getNodeParameter('authentication', 0, 'accessToken') as Authentication;
	const credentialType = authentication === 'oAuth2' ? APP_CREDENTIAL_TYPE : CREDENTIAL_TYPE;
	const credentials = await context.getCredentials(credentialType);
	const { accessToken, secretsToRedact, cacheSecret } = authentication === 'oAuth2' ? oAuth2Secrets(context, credentials) : accessTokenSecrets(context, credentials);
	const base = checkBaseUrl(credentials.baseUrl ?? 'https://api.hubapi.com');
	if (!base.ok) throw new NodeOperationError(context.getNode(), base.problem);
	return {
		accessToken,
		secrets: secretsFor(cacheSecret),
		connection: { baseUrl: base.baseUrl, host: base.host, apiVersion: settings.apiVersion, timeoutMs: settings.timeoutMs, credentialType, secretsToRedact },
	};
}
