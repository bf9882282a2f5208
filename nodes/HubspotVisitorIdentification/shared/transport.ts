import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { AnswerTooLarge, beforeDeadline, deadlineIn, discard, readWithin } from './answerReading';
import {
	type HubSpotFailure,
	failureFromMissingToken,
	failureFromNetworkError,
	failureFromOversizedAnswer,
	failureFromRedirect,
	failureFromResponse,
	parseBody,
	type HubSpotResponse,
} from './hubspotFailure';
import type { VisitorIdentity } from './identity';
import { requestWithCredential } from './credentialRequest';

export const CREDENTIAL_TYPE = 'hubspotVisitorIdentificationApi';

/**
 * The most of a HubSpot answer that is read. A token answer is a few hundred bytes and HubSpot's error bodies
 * a few KB; 64 KB leaves room for a proxy's error page while a hundred visitors waiting at once hold at most
 * 6.4 MB, whatever the far end sends.
 */
export const MAX_HUBSPOT_ANSWER_BYTES = 64 * 1024;

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
 * The Timeout is a deadline for the whole answer, and at most MAX_HUBSPOT_ANSWER_BYTES of it are read
 * (answerReading.ts). A redirect is never followed: it would carry the access token to the Location's host.
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

	const deadline = deadlineIn(connection.timeoutMs);
	const request: IHttpRequestOptions = {
		method: 'POST',
		url: tokenEndpoint(connection.baseUrl, connection.apiVersion),
		headers: { Accept: 'application/json' },
		body,
		json: true,
		// Read as a stream (answerReading.ts): otherwise n8n buffers and parses an answer of any size.
		encoding: 'stream',
		timeout: connection.timeoutMs,
		abortSignal: deadline.signal,
		disableFollowRedirect: true,
		ignoreHttpStatusErrors: true,
		returnFullResponse: true,
	};

	let response: HubSpotResponse;
	try {
		const sent = requestWithCredential(context, connection, request) as Promise<HubSpotResponse>;
		response = await beforeDeadline(sent, deadline);
		if (response.statusCode >= 300 && response.statusCode < 400) {
			discard(response.body);
			return { failure: failureFromRedirect(response) };
		}
		response = { ...response, body: await readWithin(response.body, response.headers, MAX_HUBSPOT_ANSWER_BYTES, deadline) };
	} catch (error) {
		if (error instanceof AnswerTooLarge) return { failure: failureFromOversizedAnswer(connection.host, error.limitBytes) };
		return { failure: failureFromNetworkError(error, connection.host, connection.timeoutMs) };
	}

	if (response.statusCode < 200 || response.statusCode > 299) return { failure: failureFromResponse(response, now()) };
	const token = parseBody(response.body)?.token;
	if (typeof token !== 'string' || token === '') return { failure: failureFromMissingToken(response) };
	return { token };
}
