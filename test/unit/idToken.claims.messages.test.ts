// The claims of a token whose signature is good, checked one by one (shared/idToken/claims.ts): what the
// refusal says the visitor's token got wrong — the claim named, the value quoted, what to change — and what
// a good token gives the node. Signatures are verifyIdToken's business (idToken.verify.test.ts); here the
// payload is handed to checkClaims as verifyIdToken hands it over.
import { checkClaims, checkIssuer, type VerifiedVisitor } from '../../nodes/HubspotVisitorIdentification/shared/idToken/claims';
import { IdTokenFailure } from '../../nodes/HubspotVisitorIdentification/shared/idToken/failure';
import { readLoginProvider, type LoginProvider } from '../../nodes/HubspotVisitorIdentification/shared/idToken/loginProvider';

const ISSUER = 'https://login.example.com/';
const NOW = Date.parse('2026-11-24T08:00:00Z');
const nowSeconds = NOW / 1000;

// Built inside each test (never at a file's top level): the credential is read while the test runs.
function credential(overrides: Record<string, unknown> = {}): LoginProvider {
	const read = readLoginProvider({ issuer: ISSUER, audience: 'client-123, https://shop.example', ...overrides });
	if (read instanceof Error) throw read;
	return read;
}

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	const payload: Record<string, unknown> = { iss: ISSUER, aud: 'client-123', sub: 'user-1', exp: nowSeconds + 600, iat: nowSeconds - 10, email: 'Ada@Example.com', email_verified: true, given_name: 'Ada', family_name: 'Lovelace', ...overrides };
	// A claim set to undefined is a claim the token does not have (as JSON would drop it).
	for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
	return payload;
}

function accepted(payload: Record<string, unknown>, provider = credential()): VerifiedVisitor {
	const result = checkClaims(payload, provider, NOW);
	if (result instanceof IdTokenFailure) throw new Error(`expected the visitor, got: ${result.message}`);
	return result;
}

function refused(payload: Record<string, unknown>, provider = credential()): IdTokenFailure {
	const result = checkClaims(payload, provider, NOW);
	if (!(result instanceof IdTokenFailure)) throw new Error(`expected a refusal, got ${JSON.stringify(result)}`);
	return result;
}

describe('issuer: iss must be the credential\'s Issuer exactly', () => {
	it('a token without iss is told so, before any key is fetched', () => {
		const failure = checkIssuer(claims({ iss: undefined }), credential());
		expect(failure).toMatchObject({ code: 'ID_TOKEN_WRONG_ISSUER', check: 'issuer' });
		expect(failure?.message).toContain('it has no "iss" claim');
	});

	it('a foreign issuer is quoted beside the configured one, with the trailing-slash hint', () => {
		const failure = refused(claims({ iss: 'https://login.example.com' }));
		expect(failure).toMatchObject({ code: 'ID_TOKEN_WRONG_ISSUER', check: 'issuer' });
		expect(failure.message).toContain('issued by "https://login.example.com", not by "https://login.example.com/"');
		expect(failure.message).toContain('must match exactly, trailing slash included');
	});

	it('the issuer of a good token passes', () => {
		expect(checkIssuer(claims(), credential())).toBeUndefined();
	});
});

describe('audience: the refusal lists the credential\'s audiences so the user can compare', () => {
	it('a foreign aud is quoted and the audiences are listed comma-separated', () => {
		const failure = refused(claims({ aud: 'someone-else' }));
		expect(failure).toMatchObject({ code: 'ID_TOKEN_WRONG_AUDIENCE', check: 'audience' });
		expect(failure.message).toContain('its audience "someone-else" is not one of the credential\'s (client-123, https://shop.example).');
	});

	it('an aud list is quoted as the list it is', () => {
		expect(refused(claims({ aud: ['a', 'b'] })).message).toContain('its audience "[\\"a\\",\\"b\\"]"');
	});

	it('a token with neither aud nor azp is told it has neither', () => {
		const failure = refused(claims({ aud: undefined }));
		expect(failure).toMatchObject({ code: 'ID_TOKEN_WRONG_AUDIENCE', check: 'audience' });
		expect(failure.message).toContain('it has neither "aud" nor "azp" (client-123, https://shop.example).');
		expect(failure.message).not.toContain('"azp" "');
	});

	it('a token without aud and a foreign azp (Clerk) gets its azp quoted', () => {
		const failure = refused(claims({ aud: undefined, azp: 'https://evil.example' }));
		expect(failure.message).toContain('it has no "aud" and its "azp" "https://evil.example" is not one of the credential\'s audiences (client-123, https://shop.example).');
	});

	it('a token without aud whose azp is one of the audiences passes', () => {
		expect(accepted(claims({ aud: undefined, azp: 'https://shop.example' }))).toMatchObject({ email: 'ada@example.com' });
	});
});

describe('times: which claim is wrong and when it was, in UTC, with the tolerance', () => {
	it.each([
		['exp', 'expiry'],
		['nbf', 'not-before'],
		['iat', 'issued-at'],
	])('%s as text is malformed, named as the %s check', (claim, check) => {
		const failure = refused(claims({ [claim]: String(nowSeconds) }));
		expect(failure).toMatchObject({ code: 'ID_TOKEN_MALFORMED', check, httpStatus: 401 });
		expect(failure.message).toContain(`its "${claim}" claim is not a number of seconds.`);
	});

	it('a token without exp is refused: tokens that never expire are not accepted', () => {
		const failure = refused(claims({ exp: undefined }));
		expect(failure).toMatchObject({ code: 'ID_TOKEN_MALFORMED', check: 'expiry' });
		expect(failure.message).toContain('it has no "exp" claim; tokens that never expire are not accepted.');
	});

	it('an expired token says when it expired and the tolerance applied', () => {
		const failure = refused(claims({ exp: nowSeconds - 120 }));
		expect(failure).toMatchObject({ code: 'ID_TOKEN_EXPIRED', check: 'expiry' });
		expect(failure.message).toContain('it expired at 2026-11-24T07:58:00.000Z (clock tolerance 60 s).');
	});

	it('the credential\'s own tolerance is the one quoted', () => {
		expect(refused(claims({ exp: nowSeconds - 5 }), credential({ clockToleranceSeconds: 0 })).message).toContain('(clock tolerance 0 s)');
	});

	it('a token not valid yet says from when', () => {
		const failure = refused(claims({ nbf: nowSeconds + 3600 }));
		expect(failure).toMatchObject({ code: 'ID_TOKEN_NOT_YET_VALID', check: 'not-before' });
		expect(failure.message).toContain('it is not valid before 2026-11-24T09:00:00.000Z (clock tolerance 60 s).');
	});

	it('a token issued in the future says when it claims to have been issued', () => {
		const failure = refused(claims({ iat: nowSeconds + 3600 }));
		expect(failure).toMatchObject({ code: 'ID_TOKEN_NOT_YET_VALID', check: 'issued-at' });
		expect(failure.message).toContain('it says it was issued at 2026-11-24T09:00:00.000Z, in the future (clock tolerance 60 s).');
	});

	it('a time too far out for a calendar date is quoted as the number it is', () => {
		expect(refused(claims({ exp: -1e16 })).message).toContain('it expired at -10000000000000000 (clock tolerance 60 s).');
		expect(refused(claims({ nbf: 1e16 })).message).toContain('it is not valid before 10000000000000000 (clock tolerance 60 s).');
	});

	it('a token with only exp (no nbf, no iat) passes', () => {
		expect(accepted(claims({ iat: undefined }))).toMatchObject({ email: 'ada@example.com' });
	});
});

describe('email: the refusal names the credential\'s Email Claim and what to do', () => {
	it('no email claim: ask the login provider to include it', () => {
		const failure = refused(claims({ email: undefined }));
		expect(failure).toMatchObject({ code: 'ID_TOKEN_NO_EMAIL', check: 'email', httpStatus: 403 });
		expect(failure.message).toContain('it has no "email" claim (the credential\'s Email Claim). Ask the login provider to include the email.');
	});

	it('the claim named is the one the credential reads', () => {
		const failure = refused(claims(), credential({ emailClaim: 'https://example.com/email', emailVerifiedClaim: 'https://example.com/email_verified' }));
		expect(failure.message).toContain('it has no "https://example.com/email" claim');
	});

	it('an email claim that is not text says so', () => {
		const failure = refused(claims({ email: 42 }));
		expect(failure).toMatchObject({ code: 'ID_TOKEN_NO_EMAIL', check: 'email' });
		expect(failure.message).toContain('its "email" claim is not text.');
	});

	it('an email that is not an address gets the node\'s email validation reason', () => {
		const failure = refused(claims({ email: 'not an email' }));
		expect(failure).toMatchObject({ code: 'ID_TOKEN_NO_EMAIL', check: 'email' });
		expect(failure.message).toContain('its "email" claim is not a usable email address: Email is not a valid email address');
	});

	it.each([
		['false', false, '"email_verified" is "false"'],
		['text other than "true"', 'no', '"email_verified" is "no"'],
		['missing', undefined, '"email_verified" is "missing"'],
	])('email_verified %s: the value is quoted and Require Verified Email is named', (_what, value, quoted) => {
		const failure = refused(claims({ email_verified: value }));
		expect(failure).toMatchObject({ code: 'ID_TOKEN_EMAIL_UNVERIFIED', check: 'email verified', httpStatus: 403 });
		expect(failure.message).toContain(`its email is not marked verified (${quoted}).`);
		expect(failure.message).toContain('turn off Require Verified Email');
	});
});

describe('what a good token gives the node', () => {
	it('the email lower-cased, the names trimmed, the subject and the credential\'s issuer', () => {
		expect(accepted(claims({ given_name: '  Ada ', family_name: '\tLovelace\n' }))).toEqual({ email: 'ada@example.com', givenName: 'Ada', familyName: 'Lovelace', subject: 'user-1', issuer: ISSUER });
	});

	it('a name of exactly 100 characters is kept; 101 is dropped, not refused', () => {
		const hundred = 'x'.repeat(100);
		expect(accepted(claims({ given_name: hundred, family_name: `${hundred}y` }))).toMatchObject({ givenName: hundred, familyName: '' });
	});

	it('a name claim that is not text is dropped, not refused', () => {
		expect(accepted(claims({ given_name: 42, family_name: { first: 'Ada' } }))).toMatchObject({ email: 'ada@example.com', givenName: '', familyName: '' });
	});

	it('a token without sub, or with a sub that is not text, gives an empty subject', () => {
		expect(accepted(claims({ sub: undefined })).subject).toBe('');
		expect(accepted(claims({ sub: 42 })).subject).toBe('');
	});

	it('with another Email Claim, the verification claim named in the credential is the one quoted', () => {
		const failure = refused(claims({ work_email: 'ada@example.com', work_email_verified: false }), credential({ emailClaim: 'work_email', emailVerifiedClaim: 'work_email_verified' }));
		expect(failure).toMatchObject({ code: 'ID_TOKEN_EMAIL_UNVERIFIED', httpStatus: 403 });
		expect(failure.message).toContain('its email is not marked verified ("work_email_verified" is "false").');
	});
});
