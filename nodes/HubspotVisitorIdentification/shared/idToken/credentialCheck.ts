import type { INodeCredentialTestResult } from 'n8n-workflow';

import { loadDocument, type DocumentFetcher } from './documents';
import { discoveryUrlOf, readDiscovery } from './jwks';
import { countUsableKeys, readKeySet } from './keys';
import { LoginProviderProblem, readLoginProvider } from './loginProvider';

export const CREDENTIAL_TEST_TIMEOUT_MS = 10_000;

function failed(message: string): INodeCredentialTestResult {
	return { status: 'Error', message };
}

/**
 * The Visitor Login Provider credential's test: reads it as the node would, fetches the discovery document
 * (when no JWKS URL is given) and the JWKS afresh, and says how many keys can check tokens, or what is wrong.
 */
export async function testLoginProviderCredential(credentials: Record<string, unknown>, fetchDocument: DocumentFetcher): Promise<INodeCredentialTestResult> {
	const provider = readLoginProvider(credentials);
	if (provider instanceof LoginProviderProblem) return failed(provider.message);
	if (provider.sharedSecret) return { status: 'OK', message: 'Tokens are checked with the Shared Secret (HS256, HS384, HS512); no keys to fetch.' };

	let jwksUrl = provider.jwksUrl;
	if (jwksUrl === undefined) {
		const discovery = await loadDocument(discoveryUrlOf(provider.issuer), fetchDocument, CREDENTIAL_TEST_TIMEOUT_MS);
		if (typeof discovery === 'string') return failed(`Could not read the OpenID discovery document: ${discovery}. Check the Issuer, or enter the JWKS URL.`);
		const named = readDiscovery(discovery.json);
		if (typeof named === 'string') return failed(`The OpenID discovery document is not usable: ${named}.`);
		jwksUrl = named.jwksUrl;
	}
	const jwks = await loadDocument(jwksUrl, fetchDocument, CREDENTIAL_TEST_TIMEOUT_MS);
	if (typeof jwks === 'string') return failed(`Could not read the JWKS: ${jwks}.`);
	const keys = readKeySet(jwks.json);
	if (!keys) return failed(`${jwksUrl} is not a JWKS (a "keys" list of key objects).`);
	const usable = countUsableKeys(keys, provider.algorithms);
	if (usable === 0) {
		return failed(`${jwksUrl} publishes ${keys.length} key(s), none usable for ${provider.algorithms.join(', ')} (wrong type or curve, marked for another use or algorithm, or RSA under 2048 bits). Check the Algorithms.`);
	}
	return { status: 'OK', message: `Found ${usable} usable key(s) of ${keys.length} at ${jwksUrl} for ${provider.algorithms.join(', ')}.` };
}
