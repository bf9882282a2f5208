import { InvalidInputError, nameOrNothing, readVisitorIdentity } from '../identity';
import { IdTokenFailure, quoteClaim } from './failure';
import type { LoginProvider } from './loginProvider';

/** Who the login provider says the visitor is, from a token whose signature and claims have been checked. */
export interface VerifiedVisitor {
	/** Trimmed and lower-cased, as the node's email validation leaves it. */
	email: string;
	/** The `given_name` / `family_name` claims when they are names HubSpot can be sent (as the node checks names), else empty. */
	givenName: string;
	familyName: string;
	subject: string;
	issuer: string;
}

/** `iss` exactly as configured. Checked before any key is fetched: a foreign token costs nothing. */
export function checkIssuer(payload: Record<string, unknown>, provider: LoginProvider): IdTokenFailure | undefined {
	if (!Object.hasOwn(payload, 'iss')) return new IdTokenFailure('ID_TOKEN_WRONG_ISSUER', 'issuer', 'it has no "iss" claim.');
	if (payload.iss !== provider.issuer) {
		return new IdTokenFailure('ID_TOKEN_WRONG_ISSUER', 'issuer', `it was issued by ${quoteClaim(payload.iss)}, not by ${JSON.stringify(provider.issuer)} (the credential's Issuer must match exactly, trailing slash included).`);
	}
	return undefined;
}

/** `aud` must name one of the audiences; a token without `aud` passes only if its `azp` is one (Clerk). */
function checkAudience(payload: Record<string, unknown>, provider: LoginProvider): IdTokenFailure | undefined {
	const { aud, azp } = payload;
	const ours = provider.audiences;
	if (Object.hasOwn(payload, 'aud')) {
		const named = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
		if (named.some((audience) => ours.includes(audience as string))) return undefined;
		return new IdTokenFailure('ID_TOKEN_WRONG_AUDIENCE', 'audience', `its audience ${quoteClaim(aud)} is not one of the credential's (${ours.join(', ')}).`);
	}
	if (typeof azp === 'string' && ours.includes(azp)) return undefined;
	const said = azp === undefined ? 'it has neither "aud" nor "azp"' : `it has no "aud" and its "azp" ${quoteClaim(azp)} is not one of the credential's audiences`;
	return new IdTokenFailure('ID_TOKEN_WRONG_AUDIENCE', 'audience', `${said} (${ours.join(', ')}).`);
}

function numericDate(payload: Record<string, unknown>, claim: 'exp' | 'nbf' | 'iat'): number | undefined | IdTokenFailure {
	if (!Object.hasOwn(payload, claim)) return undefined;
	const value = payload[claim];
	return typeof value === 'number' ? value : new IdTokenFailure('ID_TOKEN_MALFORMED', claim === 'exp' ? 'expiry' : claim === 'nbf' ? 'not-before' : 'issued-at', `its "${claim}" claim is not a number of seconds.`);
}

function at(seconds: number): string {
	const date = new Date(seconds * 1000);
	return Number.isNaN(date.getTime()) ? `${seconds}` : date.toISOString();
}

/** `exp` required and not past; `nbf` and `iat` not in the future; each within the clock tolerance. */
function checkTimes(payload: Record<string, unknown>, provider: LoginProvider, nowMs: number): IdTokenFailure | undefined {
	const now = Math.floor(nowMs / 1000);
	const tolerance = provider.clockToleranceSeconds;
	const exp = numericDate(payload, 'exp');
	const nbf = numericDate(payload, 'nbf');
	const iat = numericDate(payload, 'iat');
	for (const claim of [exp, nbf, iat]) if (claim instanceof IdTokenFailure) return claim;
	if (exp === undefined) return new IdTokenFailure('ID_TOKEN_MALFORMED', 'expiry', 'it has no "exp" claim; tokens that never expire are not accepted.');
	if ((exp as number) <= now - tolerance) {
		return new IdTokenFailure('ID_TOKEN_EXPIRED', 'expiry', `it expired at ${at(exp as number)} (clock tolerance ${tolerance} s).`);
	}
	if (nbf !== undefined && (nbf as number) > now + tolerance) {
		return new IdTokenFailure('ID_TOKEN_NOT_YET_VALID', 'not-before', `it is not valid before ${at(nbf as number)} (clock tolerance ${tolerance} s).`);
	}
	if (iat !== undefined && (iat as number) > now + tolerance) {
		return new IdTokenFailure('ID_TOKEN_NOT_YET_VALID', 'issued-at', `it says it was issued at ${at(iat as number)}, in the future (clock tolerance ${tolerance} s).`);
	}
	return undefined;
}

function checkEmail(payload: Record<string, unknown>, provider: LoginProvider): string | IdTokenFailure {
	const claim = provider.emailClaim;
	if (!Object.hasOwn(payload, claim)) {
		return new IdTokenFailure('ID_TOKEN_NO_EMAIL', 'email', `it has no "${claim}" claim (the credential's Email Claim). Ask the login provider to include the email.`);
	}
	const value = payload[claim];
	if (typeof value !== 'string') return new IdTokenFailure('ID_TOKEN_NO_EMAIL', 'email', `its "${claim}" claim is not text.`);
	const identity = readVisitorIdentity({ email: value, firstName: '', lastName: '' });
	if (identity instanceof InvalidInputError) return new IdTokenFailure('ID_TOKEN_NO_EMAIL', 'email', `its "${claim}" claim is not a usable email address: ${identity.message}`);
	const verifiedClaim = provider.emailVerifiedClaim;
	if (verifiedClaim !== undefined) {
		const verified = Object.hasOwn(payload, verifiedClaim) ? payload[verifiedClaim] : undefined;
		if (verified !== true && verified !== 'true') {
			return new IdTokenFailure('ID_TOKEN_EMAIL_UNVERIFIED', 'email verified', `its email is not marked verified (${JSON.stringify(verifiedClaim)} is ${quoteClaim(verified ?? 'missing')}). Let only visitors with a verified email chat as themselves, or turn off Require Verified Email if your provider verifies emails before it signs anyone in.`);
		}
	}
	return identity.email;
}

/**
 * The claims that are checked before any key: issuer, audience and times. A token that fails them is refused
 * for that, whoever signed it, so it never makes the node fetch or refetch the provider's keys.
 */
export function checkClaimsNeedingNoKey(payload: Record<string, unknown>, provider: LoginProvider, nowMs: number): IdTokenFailure | undefined {
	return checkIssuer(payload, provider) ?? checkAudience(payload, provider) ?? checkTimes(payload, provider, nowMs);
}

/** The claims of a token whose signature is good: issuer, audience, times, then the email. */
export function checkClaims(payload: Record<string, unknown>, provider: LoginProvider, nowMs: number): VerifiedVisitor | IdTokenFailure {
	const problem = checkClaimsNeedingNoKey(payload, provider, nowMs);
	if (problem) return problem;
	const email = checkEmail(payload, provider);
	if (email instanceof IdTokenFailure) return email;
	return {
		email,
		givenName: nameOrNothing(payload.given_name),
		familyName: nameOrNothing(payload.family_name),
		subject: typeof payload.sub === 'string' ? payload.sub : '',
		issuer: provider.issuer,
	};
}
