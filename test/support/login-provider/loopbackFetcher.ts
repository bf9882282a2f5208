import type { DocumentFetcher } from '../../../nodes/HubspotVisitorIdentification/shared/idToken/documents';

/** The verifier's key fetch over real HTTP, as n8n's helper would do it (no redirects followed, a timeout). */
export function loopbackFetcher(timeoutMs = 2000): DocumentFetcher {
	return async (url) => {
		const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
		return { statusCode: response.status, headers: Object.fromEntries(response.headers), body: Buffer.from(await response.arrayBuffer()) };
	};
}
