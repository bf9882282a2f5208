import { isPublicKeyAlgorithm, PUBLIC_KEY_ALGORITHMS, type PublicKeyAlgorithm } from './algorithms';
import { checkProviderUrl } from './providerUrl';

export const LOGIN_PROVIDER_CREDENTIAL_TYPE = 'hubspotVisitorLoginProviderApi';

/** The credential's settings after defaults and checks: what a token must satisfy. */
export interface LoginProvider {
	/** Compared exactly with the token's `iss`, trailing slash and all. */
	issuer: string;
	audiences: string[];
	/** Undefined: discovered from the issuer's OpenID configuration. */
	jwksUrl?: string;
	algorithms: PublicKeyAlgorithm[];
	/** Set: HS256/384/512 tokens only, checked with this secret; no JWKS. */
	sharedSecret?: Buffer;
	emailClaim: string;
	requireVerifiedEmail: boolean;
	/** The claim that says the Email Claim's address is verified; undefined when Require Verified Email is off. */
	emailVerifiedClaim?: string;
	clockToleranceSeconds: number;
}

/** A credential the node cannot work with, explained in the credential's own field names. */
export class LoginProviderProblem extends Error {}

export const DEFAULT_ALGORITHMS: PublicKeyAlgorithm[] = ['RS256', 'ES256'];
/** RFC 7518 §3.2: an HS256 key must be at least as long as the hash; shorter secrets can be guessed. */
export const MIN_SHARED_SECRET_BYTES = 32;
const MAX_CLOCK_TOLERANCE_SECONDS = 600;

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

function listOf(value: unknown): string[] {
	const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
	return items.map((item) => String(item).trim()).filter((item) => item !== '');
}

function readAlgorithms(value: unknown): PublicKeyAlgorithm[] | LoginProviderProblem {
	if (value === undefined || value === null || value === '') return DEFAULT_ALGORITHMS;
	// n8n's credential form saves an Algorithms field the user never opened as an empty list, not as its default.
	if (Array.isArray(value) && listOf(value).length === 0) return DEFAULT_ALGORITHMS;
	const names = listOf(value);
	const unknown = names.filter((name) => !isPublicKeyAlgorithm(name));
	if (unknown.length > 0) {
		return new LoginProviderProblem(`The login provider credential's Algorithms include ${unknown.map((name) => JSON.stringify(name)).join(', ')}; allowed are ${PUBLIC_KEY_ALGORITHMS.join(', ')}.`);
	}
	if (names.length === 0) return new LoginProviderProblem('The login provider credential allows no Algorithms: choose the one(s) your login provider signs with (usually RS256).');
	return names as PublicKeyAlgorithm[];
}

function readTolerance(value: unknown): number | LoginProviderProblem {
	if (value === undefined || value === null || value === '') return 60;
	const seconds = typeof value === 'string' ? Number(value) : value;
	if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_CLOCK_TOLERANCE_SECONDS) {
		return new LoginProviderProblem(`The login provider credential's Clock Tolerance must be 0 to ${MAX_CLOCK_TOLERANCE_SECONDS} seconds; it is ${JSON.stringify(value)}.`);
	}
	return seconds;
}

/**
 * "email_verified" is about the "email" claim (OpenID Connect Core §5.1), not about a custom claim such as
 * "work_email": a token may carry both, with the unverified address in the custom one. So with another
 * Email Claim the verification claim must be named, or the check turned off knowingly.
 */
function readEmailVerifiedClaim(credentials: Record<string, unknown>, emailClaim: string): string | undefined | LoginProviderProblem {
	if (credentials.requireVerifiedEmail === false) return undefined;
	const named = text(credentials.emailVerifiedClaim);
	if (named !== '') return named;
	if (emailClaim === 'email') return 'email_verified';
	return new LoginProviderProblem(
		`The login provider credential's Email Claim is ${JSON.stringify(emailClaim)} and Require Verified Email is on, but no Email Verified Claim is given: "email_verified" says whether the "email" claim is verified, not ${JSON.stringify(emailClaim)}. Enter the claim your login provider sets to true when ${JSON.stringify(emailClaim)} is verified, or turn off Require Verified Email if it only ever puts verified addresses there.`,
	);
}

/** Reads the Visitor Login Provider credential; the first problem found, named by its field. */
export function readLoginProvider(credentials: Record<string, unknown>): LoginProvider | LoginProviderProblem {
	const issuer = text(credentials.issuer);
	if (issuer === '') return new LoginProviderProblem('The login provider credential has no Issuer: enter the exact "iss" of your login provider\'s tokens.');
	const audiences = listOf(credentials.audience);
	if (audiences.length === 0) return new LoginProviderProblem('The login provider credential has no Audience: enter your app\'s client id (for Clerk, your site\'s origin).');
	const secretText = typeof credentials.sharedSecret === 'string' ? credentials.sharedSecret.trim() : '';
	const sharedSecret = secretText === '' ? undefined : Buffer.from(secretText, 'utf8');
	if (sharedSecret && sharedSecret.length < MIN_SHARED_SECRET_BYTES) {
		return new LoginProviderProblem(`The login provider credential's Shared Secret is ${sharedSecret.length} bytes; at least ${MIN_SHARED_SECRET_BYTES} are needed.`);
	}
	const algorithms = readAlgorithms(credentials.algorithms);
	if (algorithms instanceof LoginProviderProblem) return algorithms;
	const clockToleranceSeconds = readTolerance(credentials.clockToleranceSeconds);
	if (clockToleranceSeconds instanceof LoginProviderProblem) return clockToleranceSeconds;

	let jwksUrl: string | undefined;
	if (!sharedSecret) {
		const configured = text(credentials.jwksUrl);
		const checked = configured === '' ? checkProviderUrl(issuer, 'Issuer (used to discover the JWKS URL)') : checkProviderUrl(configured, 'JWKS URL');
		if (!checked.ok) return new LoginProviderProblem(`Login provider credential: ${checked.problem}`);
		jwksUrl = configured === '' ? undefined : checked.url;
	}
	const emailClaim = text(credentials.emailClaim) || 'email';
	const emailVerifiedClaim = readEmailVerifiedClaim(credentials, emailClaim);
	if (emailVerifiedClaim instanceof LoginProviderProblem) return emailVerifiedClaim;
	return {
		issuer,
		audiences,
		jwksUrl,
		algorithms,
		sharedSecret,
		emailClaim,
		requireVerifiedEmail: emailVerifiedClaim !== undefined,
		emailVerifiedClaim,
		clockToleranceSeconds,
	};
}
