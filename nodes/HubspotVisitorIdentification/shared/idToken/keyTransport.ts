import type { ICredentialTestFunctions, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { beforeDeadline, deadlineIn, readWithin } from '../answerReading';
import { MAX_DOCUMENT_BYTES, type DocumentFetcher, type FetchedDocument } from './documents';

/**
 * GETs of the login provider's discovery document and JWKS, on the same terms as the HubSpot call: the
 * timeout is a deadline for the whole answer, at most 1 MB of it is read (both enforced while it arrives,
 * see answerReading.ts), no redirects (the https-only rule must hold for the address actually fetched), HTTP
 * errors returned rather than thrown so they can be described. These requests carry no visitor data at all.
 * A body that overruns the deadline or the limit throws AnswerTooLate or AnswerTooLarge.
 */
export function documentFetcherFor(context: IExecuteFunctions, timeoutMs: number): DocumentFetcher {
	return async (url) => {
		const deadline = deadlineIn(timeoutMs);
		const request: IHttpRequestOptions = {
			method: 'GET',
			url,
			headers: { Accept: 'application/json' },
			timeout: timeoutMs,
			abortSignal: deadline.signal,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			encoding: 'stream',
			json: false,
		};
		const response = await beforeDeadline(context.helpers.httpRequest(request) as Promise<FetchedDocument>, deadline);
		const headers = response.headers ?? {};
		return { statusCode: response.statusCode, headers, body: await readWithin(response.body, headers, MAX_DOCUMENT_BYTES, deadline) };
	};
}

/** n8n gives credential tests only its older request helper; same terms, in its option names. */
export function documentFetcherForCredentialTest(helpers: ICredentialTestFunctions['helpers'], timeoutMs: number): DocumentFetcher {
	return async (url) => {
		const deadline = deadlineIn(timeoutMs);
		const sent = helpers.request({
			method: 'GET',
			uri: url,
			headers: { Accept: 'application/json' },
			timeout: timeoutMs,
			resolveWithFullResponse: true,
			simple: false,
			followRedirect: false,
			useStream: true,
			json: false,
		}) as Promise<FetchedDocument>;
		const response = await beforeDeadline(sent, deadline);
		const headers = response.headers ?? {};
		return { statusCode: response.statusCode, headers, body: await readWithin(response.body, headers, MAX_DOCUMENT_BYTES, deadline) };
	};
}
