import type { ICredentialTestFunctions, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import type { DocumentFetcher, FetchedDocument } from './documents';

/**
 * GETs of the login provider's discovery document and JWKS, on the same terms as the HubSpot call: a
 * timeout, no redirects (the https-only rule must hold for the address actually fetched), HTTP errors
 * returned rather than thrown so they can be described. These requests carry no visitor data at all.
 */
export function documentFetcherFor(context: IExecuteFunctions, timeoutMs: number): DocumentFetcher {
	return async (url) => {
		const request: IHttpRequestOptions = {
			method: 'GET',
			url,
			headers: { Accept: 'application/json' },
			timeout: timeoutMs,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			encoding: 'arraybuffer',
			json: false,
		};
		const response = (await context.helpers.httpRequest(request)) as FetchedDocument;
		return { statusCode: response.statusCode, headers: response.headers ?? {}, body: response.body };
	};
}

/** n8n gives credential tests only its older request helper; same terms, in its option names. */
export function documentFetcherForCredentialTest(helpers: ICredentialTestFunctions['helpers'], timeoutMs: number): DocumentFetcher {
	return async (url) => {
		const response = (await helpers.request({
			method: 'GET',
			uri: url,
			headers: { Accept: 'application/json' },
			timeout: timeoutMs,
			resolveWithFullResponse: true,
			simple: false,
			followRedirect: false,
			encoding: null,
			json: false,
		})) as FetchedDocument;
		return { statusCode: response.statusCode, headers: response.headers ?? {}, body: response.body };
	};
}
