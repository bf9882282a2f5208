import { DocumentCache, type DocumentFetcher } from './documents';
import { readKeySet, type PublishedKey } from './keys';
import { checkProviderUrl } from './providerUrl';

/** How keys are fetched for one execution: n8n's HTTP helper, its timeout, the node's clock. */
export interface KeySource {
	fetchDocument: DocumentFetcher;
	timeoutMs: number;
	now: number;
}

export function discoveryUrlOf(issuer: string): string {
	// OpenID Connect Discovery §4: a trailing slash of the issuer is dropped before the well-known path.
	return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

/** The JWKS address an OpenID discovery document names, if it is one the node may fetch. */
export function readDiscovery(json: Record<string, unknown>): { jwksUrl: string } | string {
	if (typeof json.jwks_uri !== 'string') return 'it has no "jwks_uri"; enter the JWKS URL in the credential';
	const checked = checkProviderUrl(json.jwks_uri, 'JWKS address in the discovery document');
	return checked.ok ? { jwksUrl: checked.url } : checked.problem;
}

function readJwks(json: Record<string, unknown>): PublishedKey[] | string {
	return readKeySet(json) ?? 'it is not a JWKS (a "keys" list of key objects)';
}

const discoveryDocuments = new DocumentCache(readDiscovery);
const keySets = new DocumentCache(readJwks);

export type KeysAnswer = { keys: PublishedKey[]; jwksUrl: string; refreshProblem?: string; problem?: undefined } | { keys?: undefined; problem: string };

/** The provider's JWKS address: the credential's, or the one its discovery document names. */
export async function jwksUrlFor(issuer: string, jwksUrl: string | undefined, source: KeySource): Promise<string | { problem: string }> {
	if (jwksUrl !== undefined) return jwksUrl;
	const answer = await discoveryDocuments.get(discoveryUrlOf(issuer), source.fetchDocument, source.now, source.timeoutMs);
	return answer.problem === undefined ? answer.value.jwksUrl : { problem: answer.problem };
}

/**
 * The keys currently published at the provider's JWKS. `refresh` is for a token whose key id is not among
 * them: a new copy is fetched as the key cache's intervals allow (documents.ts).
 */
export async function publishedKeys(issuer: string, configuredJwksUrl: string | undefined, source: KeySource, refresh = false): Promise<KeysAnswer> {
	const jwksUrl = await jwksUrlFor(issuer, configuredJwksUrl, source);
	if (typeof jwksUrl !== 'string') return jwksUrl;
	const answer = await keySets.get(jwksUrl, source.fetchDocument, source.now, source.timeoutMs, refresh);
	return answer.problem === undefined ? { keys: answer.value, jwksUrl, refreshProblem: answer.refreshProblem } : { problem: answer.problem };
}

/**
 * The provider's keys if every document they come from may be used now, without waiting (fresh, or stale
 * and being refreshed beside this visit); undefined means "ask publishedKeys".
 */
export function keysAtHand(issuer: string, configuredJwksUrl: string | undefined, source: KeySource): { keys: PublishedKey[]; jwksUrl: string } | undefined {
	const { fetchDocument, now, timeoutMs } = source;
	const jwksUrl = configuredJwksUrl ?? discoveryDocuments.atHand(discoveryUrlOf(issuer), fetchDocument, now, timeoutMs)?.jwksUrl;
	const keys = jwksUrl === undefined ? undefined : keySets.atHand(jwksUrl, fetchDocument, now, timeoutMs);
	return keys && jwksUrl !== undefined ? { keys, jwksUrl } : undefined;
}

/** Resolves once no key document is being fetched, refreshes beside visits included: for tests and benchmarks. */
export async function keyFetchesSettled(): Promise<void> {
	await Promise.all([discoveryDocuments.settled(), keySets.settled()]);
}

/** Forgets every fetched document, as a restart of n8n would. */
export function forgetPublishedKeys(): void {
	discoveryDocuments.forgetAll();
	keySets.forgetAll();
}
