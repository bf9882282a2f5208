import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { discard } from './answerReading';
import type { HubSpotConnection } from './transport';

/** The OAuth2 credential: an app installed in the HubSpot account. */
export const APP_CREDENTIAL_TYPE = 'hubspotVisitorIdentificationOAuth2Api';

/** One renewal per execution: every request that met the expired access token waits for the same one. */
const renewals = new WeakMap<HubSpotConnection, Promise<boolean>>();

function statusOf(response: unknown): unknown {
	return typeof response === 'object' && response !== null ? (response as { statusCode?: unknown }).statusCode : undefined;
}

/**
 * Asks n8n to renew the OAuth2 access token. n8n stores the new token data in the credential, so the next
 * request signs with it. The new access token joins the secrets removed from failures.
 */
async function renewAccessToken(context: IExecuteFunctions, connection: HubSpotConnection): Promise<boolean> {
	const refresh = (context.helpers as { refreshOAuth2Token?: IExecuteFunctions['helpers']['refreshOAuth2Token'] }).refreshOAuth2Token;
	// n8n versions without this helper cannot renew from a node: the 401 stands, and its message says to reconnect.
	if (typeof refresh !== 'function') return false;
	try {
		const tokenData = (await refresh.call(context, connection.credentialType)) as IDataObject | undefined;
		if (typeof tokenData?.access_token === 'string' && tokenData.access_token !== '') connection.secretsToRedact.push(tokenData.access_token);
		return true;
	} catch {
		// HubSpot refused the refresh token (app uninstalled, access revoked) or could not be reached: the 401 stands.
		// n8n's own error is not passed on: it may quote HubSpot's token endpoint.
		return false;
	}
}

/**
 * The HubSpot request with the connection's credential. n8n renews an OAuth2 access token by itself only for
 * requests that throw on a 401; the node's requests read every status as an answer (so that status, headers and
 * body read alike on every n8n version), so after a 401 the node asks n8n to renew the token, once per
 * execution, and sends the request once more. HubSpot's OAuth access tokens live about 30 minutes.
 */
export async function requestWithCredential(context: IExecuteFunctions, connection: HubSpotConnection, request: IHttpRequestOptions): Promise<unknown> {
	const send = async () => await context.helpers.httpRequestWithAuthentication.call(context, connection.credentialType, request);
	const response: unknown = await send();
	if (connection.credentialType !== APP_CREDENTIAL_TYPE || statusOf(response) !== 401) return response;
	let renewal = renewals.get(connection);
	if (!renewal) {
		renewal = renewAccessToken(context, connection);
		renewals.set(connection, renewal);
	}
	// Each request is sent again at most once, and a 401 after that is HubSpot's answer: no loop, no second renewal.
	if (!(await renewal)) return response;
	// The 401's body is an unread stream: close it rather than leave the connection open.
	discard((response as { body?: unknown }).body);
	return await send();
}
