// How a refusal quotes a value from the token (shared/idToken/failure.ts): short enough to show a
// misconfiguration (a trailing slash, a foreign audience), never long enough to carry a pasted token or
// document into a log, and readable whatever JSON type the claim has.
import { checkIssuer } from '../../nodes/HubspotVisitorIdentification/shared/idToken/claims';
import { IdTokenFailure, quoteClaim } from '../../nodes/HubspotVisitorIdentification/shared/idToken/failure';
import { readLoginProvider, type LoginProvider } from '../../nodes/HubspotVisitorIdentification/shared/idToken/loginProvider';

function credential(): LoginProvider {
	const read = readLoginProvider({ issuer: 'https://login.example.com/', audience: 'client-123' });
	if (read instanceof Error) throw read;
	return read;
}

describe('quoteClaim: at most 80 characters of a claim, in double quotes', () => {
	it('text up to 80 characters is quoted whole', () => {
		expect(quoteClaim('https://login.example.com')).toBe('"https://login.example.com"');
		const eighty = 'e'.repeat(80);
		expect(quoteClaim(eighty)).toBe(`"${eighty}"`);
	});

	it('longer text is cut to 77 characters and "..." (80 in all)', () => {
		expect(quoteClaim(`${'a'.repeat(77)}bcde`)).toBe(`"${'a'.repeat(77)}..."`);
		expect(quoteClaim('x'.repeat(5000))).toBe(`"${'x'.repeat(77)}..."`);
	});

	it('other JSON values are quoted as JSON; a missing value as "undefined"', () => {
		expect(quoteClaim(42)).toBe('"42"');
		expect(quoteClaim(false)).toBe('"false"');
		expect(quoteClaim(null)).toBe('"null"');
		expect(quoteClaim(['a', 'b'])).toBe(String.raw`"[\"a\",\"b\"]"`);
		expect(quoteClaim({ tenant: 'x' })).toBe(String.raw`"{\"tenant\":\"x\"}"`);
		expect(quoteClaim(undefined)).toBe('"undefined"');
	});

	it('a long list or object is cut like text', () => {
		expect(quoteClaim(Array.from({ length: 40 }, (_, index) => index))).toBe(`"${JSON.stringify(Array.from({ length: 40 }, (_, index) => index)).slice(0, 77)}..."`);
	});
});

describe('a refusal quoting a claim never carries a whole pasted token', () => {
	it('an iss holding a token-sized value is quoted to 80 characters', () => {
		const pasted = `eyJhbGciOiJSUzI1NiJ9.${'p'.repeat(600)}.${'s'.repeat(342)}`;
		const failure = checkIssuer({ iss: pasted }, credential());
		expect(failure).toBeInstanceOf(IdTokenFailure);
		expect(failure?.message).toContain(`issued by "${pasted.slice(0, 77)}...", not by "https://login.example.com/"`);
		expect(failure?.message).not.toContain(pasted.slice(0, 78));
	});

	it('the message names the check in front of the detail, and the refusal carries its status', () => {
		const failure = new IdTokenFailure('ID_TOKEN_EMAIL_UNVERIFIED', 'email verified', 'detail.');
		expect(failure.message).toBe('The ID token was refused (email verified): detail.');
		expect(failure).toMatchObject({ code: 'ID_TOKEN_EMAIL_UNVERIFIED', check: 'email verified', httpStatus: 403 });
	});
});
