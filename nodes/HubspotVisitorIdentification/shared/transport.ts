import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import {
	type HubSpotFailure,
	failureFromMissingToken,
	failureFromNetworkError,
	failureFromResponse,
	parseBody,
	type HubSpotResponse,
} from './hubspotFailure';
import type { VisitorIdentity } from './identity';
import { requestWithCredential } from './credentialRequest';

export const CREDENTIAL_TYPE = 'hubspotVisitorIdentificationApi';

export type ApiVersion = '2026-09' | '2026-03' | 'v3';

export interface HubSpotConnection {
	baseUrl: string;
	host: string;
	apiVersion: ApiVersion;
	timeoutMs: number;
	/** The n8n credential type the call authenticates with: the access-token or the OAuth2 credential. */
	credentialType: string;
	/** Every secret of the credential, and access tokens n8n renewed during this execution: removed from every failure. */
	secretsToRedact: string[];
}

/** What one attempt gives: a token, or a failure that says what went wrong and whether to try again. */
export type TokenAttempt = { token: string; failure?: undefined } | { token?: undefined; failure: HubSpotFailure };

export function tokenEndpoint(baseUrl: string, apiVersion: ApiVersion): string {
	return `${baseUrl}/visitor-identification/${apiVersion}/tokens/create`;
}

/**
 * The one HubSpot call: creates a visitor identification token. Makes exactly one attempt (retrying is
 * retry.ts's job); expected failures come back as values, not exceptions. HTTP errors come back as responses
 * rather than exceptions so that their status, headers and body can be read the same way on every n8n version.
 */
export async function createVisitorToken(
	context: IExecuteFunctions,
	connection: HubSpotConnection,
	identity: VisitorIdentity,
	now: () => number,
): Promise<TokenAttempt> {
	const body: Record<string, string> = { email: identity.email };
	// HubSpot sets names only for new contacts or where the name is unknown; an empty string would be noise.
	if (identity.firstName) body.firstName = identity.firstName;
	if (identity.lastName) body.lastName = identity.lastName;

	const request: IHttpRequestOptions = {
		method: 'POST',
		url: tokenEndpoint(connection.baseUrl, connection.apiVersion),
		headers: { Accept: 'application/json' },
		body,
		json: true,
		timeout: connection.timeoutMs,
		ignoreHttpStatusErrors: true,
		returnFullResponse: true,
	};

	let response: HubSpotResponse;
	try {
		response = (await requestWithCredential(context, connection, request)) as HubSpotResponse;
	} catch (error) {
		return { failure: failureFromNetworkError(error, connection.host, connection.timeoutMs) };
	}

	if (response.statusCode < 200 || response.statusCode > 299) return { failure: failureFromResponse(response, now()) };
	const token = parseBody(response.body)?.token;
	if (typeof token !== 'string' || token === '') return { failure: failureFromMissingToken(response) };
	return { token };
}
