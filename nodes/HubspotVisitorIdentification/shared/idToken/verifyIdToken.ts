import { isSharedSecretAlgorithm, verifyWithPublicKey, verifyWithSharedSecret, type PublicKeyAlgorithm, type SharedSecretAlgorithm } from './algorithms';
import { checkClaims, checkClaimsNeedingNoKey, type VerifiedVisitor } from './claims';
import { parseCompactToken, tokenText, type CompactToken } from './compactToken';
import { IdTokenFailure, quoteClaim } from './failure';
import { keysAtHand, publishedKeys, type KeySource } from './jwks';
import type { PublishedKey } from './keys';
import type { LoginProvider } from './loginProvider';

export type { VerifiedVisitor } from './claims';

/**
 * The algorithm comes from the token but is only accepted from the credential's list (RFC 8725 §3.1): never
 * `none`, HS only with a shared secret, public-key algorithms only without one.
 */
function refuse(detail: string): IdTokenFailure {
	return new IdTokenFailure('ID_TOKEN_ALGORITHM_REFUSED', 'algorithm', detail);
}

function checkAlgorithm(header: Record<string, unknown>, provider: LoginProvider): string | IdTokenFailure {
	const { alg } = header;
	if (typeof alg !== 'string' || alg === '') return refuse('its header names no signing algorithm.');
	if (provider.sharedSecret) {
		return isSharedSecretAlgorithm(alg) ? alg : refuse(`it is signed with ${quoteClaim(alg)}; with a Shared Secret only HS256, HS384 and HS512 are accepted.`);
	}
	if ((provider.algorithms as string[]).includes(alg)) return alg;
	if (alg.toLowerCase() === 'none') return refuse('it is unsigned (alg "none").');
	return refuse(`it is signed with ${quoteClaim(alg)}; the credential allows ${provider.algorithms.join(', ')}.`);
}

function keysUnavailable(problem: string): IdTokenFailure {
	return new IdTokenFailure('ID_TOKEN_KEYS_UNAVAILABLE', 'keys', `the login provider's keys could not be had: ${problem}.`);
}

/** The one published key that may check the token, why there is none, or 'unknown kid' (worth a refetch). */
function chooseKey(keys: PublishedKey[], jwksUrl: string, alg: PublicKeyAlgorithm, kid: unknown): PublishedKey | IdTokenFailure | 'unknown kid' {
	const candidates = keys.filter((key) => key.fits(alg, kid));
	if (candidates.length === 1) return candidates[0];
	if (candidates.length === 0 && kid !== undefined) return 'unknown kid';
	const which = kid === undefined ? 'it names no key id ("kid")' : `its key id ${quoteClaim(kid)}`;
	const found = candidates.length === 0 ? 'matches no key' : `matches ${candidates.length} keys, so none can be chosen`;
	return new IdTokenFailure('ID_TOKEN_KEY_NOT_FOUND', 'key', `${which} and ${found} published for ${alg} at ${jwksUrl}.`);
}

/** The key for a token when the keys in memory are stale, missing, or lack its kid: fetches as the rules allow. */
async function fetchKeyFor(alg: PublicKeyAlgorithm, kid: unknown, provider: LoginProvider, source: KeySource): Promise<PublishedKey | IdTokenFailure> {
	let keys = await publishedKeys(provider.issuer, provider.jwksUrl, source);
	if (keys.problem !== undefined) return keysUnavailable(keys.problem);
	let chosen = chooseKey(keys.keys, keys.jwksUrl, alg, kid);
	if (chosen === 'unknown kid') {
		// A key the provider may just have rotated in: asked again at most every 10 seconds (documents.ts).
		keys = await publishedKeys(provider.issuer, provider.jwksUrl, source, true);
		if (keys.problem !== undefined) return keysUnavailable(keys.problem);
		chosen = chooseKey(keys.keys, keys.jwksUrl, alg, kid);
		if (chosen === 'unknown kid' && keys.refreshProblem !== undefined) {
			return new IdTokenFailure('ID_TOKEN_KEYS_UNAVAILABLE', 'keys', `its key id ${quoteClaim(kid)} is not among the keys known, and new keys could not be fetched: ${keys.refreshProblem}.`);
		}
	}
	if (chosen === 'unknown kid') return new IdTokenFailure('ID_TOKEN_KEY_NOT_FOUND', 'key', `its key id ${quoteClaim(kid)} matches no key published for ${alg} at ${keys.jwksUrl}.`);
	return chosen;
}

function signatureProblem(token: CompactToken, alg: PublicKeyAlgorithm, published: PublishedKey): IdTokenFailure | undefined {
	const key = published.keyFor(alg);
	if (typeof key === 'string') return new IdTokenFailure('ID_TOKEN_KEY_REFUSED', 'key', `the key ${quoteClaim(published.kid ?? 'without id')} cannot check ${alg} signatures: ${key}`);
	if (!verifyWithPublicKey(alg, key, token.signingInput, token.signature)) {
		return new IdTokenFailure('ID_TOKEN_BAD_SIGNATURE', 'signature', `its ${alg} signature does not match the login provider's key: it was forged, altered or signed by someone else.`);
	}
	return undefined;
}

/** A token whose form, algorithm and issuer passed, waiting for its key. */
interface Prepared {
	token: CompactToken;
	alg: string;
}

/** What verifyWithKeysAtHand answers when the keys must be fetched first: finish with verifyWithFetchedKeys. */
export class KeysNeeded {
	constructor(readonly prepared: Prepared) {}
}

/**
 * Everything that needs no key: presence, form, no "crit", the algorithm, and the (unverified) issuer,
 * audience and times. A token refused here costs no request to the login provider, whatever its key id.
 */
function prepare(raw: unknown, provider: LoginProvider, now: number): Prepared | IdTokenFailure {
	const text = tokenText(raw);
	if (text instanceof IdTokenFailure) return text;
	if (text === undefined) return new IdTokenFailure('ID_TOKEN_MISSING', 'presence', 'none was sent. The website must send the login provider\'s ID token, usually as "Authorization: Bearer <token>".');
	const token = parseCompactToken(text);
	if (token instanceof IdTokenFailure) return token;
	if (Object.hasOwn(token.header, 'crit')) {
		return new IdTokenFailure('ID_TOKEN_MALFORMED', 'critical header', 'its header lists critical extensions ("crit"), which this node does not implement.');
	}
	const alg = checkAlgorithm(token.header, provider);
	if (alg instanceof IdTokenFailure) return alg;
	return checkClaimsNeedingNoKey(token.payload, provider, now) ?? { token, alg };
}

/** The signature (with the chosen key, or the shared secret), then the claims. */
function finish({ token, alg }: Prepared, key: PublishedKey | undefined, provider: LoginProvider, now: number): VerifiedVisitor | IdTokenFailure {
	if (key) {
		const problem = signatureProblem(token, alg as PublicKeyAlgorithm, key);
		if (problem) return problem;
	} else if (!verifyWithSharedSecret(alg as SharedSecretAlgorithm, provider.sharedSecret as Buffer, token.signingInput, token.signature)) {
		return new IdTokenFailure('ID_TOKEN_BAD_SIGNATURE', 'signature', `its ${alg} signature does not match the credential's Shared Secret.`);
	}
	return checkClaims(token.payload, provider, now);
}

/**
 * Verifies a visitor's ID token with what is in memory, synchronously: the path almost every visit takes,
 * stale keys included (they are refreshed beside it). KeysNeeded when the provider's keys are missing, past
 * their last usable moment, or lack the token's kid.
 */
export function verifyWithKeysAtHand(raw: unknown, provider: LoginProvider, source: KeySource): VerifiedVisitor | IdTokenFailure | KeysNeeded {
	const { now } = source;
	const prepared = prepare(raw, provider, now);
	if (prepared instanceof IdTokenFailure) return prepared;
	if (isSharedSecretAlgorithm(prepared.alg)) return finish(prepared, undefined, provider, now);
	const atHand = keysAtHand(provider.issuer, provider.jwksUrl, source);
	if (!atHand) return new KeysNeeded(prepared);
	const chosen = chooseKey(atHand.keys, atHand.jwksUrl, prepared.alg as PublicKeyAlgorithm, prepared.token.header.kid);
	if (chosen === 'unknown kid') return new KeysNeeded(prepared);
	return chosen instanceof IdTokenFailure ? chosen : finish(prepared, chosen, provider, now);
}

/** Finishes a verification that needed keys: fetches them as the cache's rules allow. */
export async function verifyWithFetchedKeys(needed: KeysNeeded, provider: LoginProvider, source: KeySource): Promise<VerifiedVisitor | IdTokenFailure> {
	const { prepared } = needed;
	const chosen = await fetchKeyFor(prepared.alg as PublicKeyAlgorithm, prepared.token.header.kid, provider, source);
	return chosen instanceof IdTokenFailure ? chosen : finish(prepared, chosen, provider, source.now);
}

/**
 * Verifies a visitor's ID token and returns who the login provider says the visitor is. Pure apart from
 * fetching the provider's keys (through `source`, which also brings the time). The token itself is kept
 * nowhere and quoted in no message.
 */
export async function verifyIdToken(raw: unknown, provider: LoginProvider, source: KeySource): Promise<VerifiedVisitor | IdTokenFailure> {
	const atHand = verifyWithKeysAtHand(raw, provider, source);
	return atHand instanceof KeysNeeded ? await verifyWithFetchedKeys(atHand, provider, source) : atHand;
}
