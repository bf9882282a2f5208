// The Visitor Login Provider credential as the node reads it: defaults for fields left empty, values pasted
// with stray spaces, and a problem that names the field and says what to enter.
import { LoginProviderProblem, readLoginProvider, type LoginProvider } from '../../nodes/HubspotVisitorIdentification/shared/idToken/loginProvider';

const ISSUER = 'https://login.example.com/';
const SECRET = 'a-supabase-legacy-jwt-secret-of-40-chars!';

function accepted(fields: Record<string, unknown>): LoginProvider {
	const read = readLoginProvider({ issuer: ISSUER, audience: 'client-123', ...fields });
	if (read instanceof LoginProviderProblem) throw new Error(`refused: ${read.message}`);
	return read;
}

function problem(fields: Record<string, unknown>): string {
	const read = readLoginProvider({ issuer: ISSUER, audience: 'client-123', ...fields });
	if (!(read instanceof LoginProviderProblem)) throw new Error(`accepted ${JSON.stringify(fields)}`);
	return read.message;
}

describe('Issuer', () => {
	it.each([
		['missing', undefined],
		['empty', ''],
		['only spaces', '   '],
		['not text', 42],
	])('%s: names the Issuer field and what to enter', (_what, issuer) => {
		const message = problem({ issuer });
		expect(message).toMatch(/has no Issuer/);
		expect(message).toContain('exact "iss"');
	});

	it('is used without the spaces a paste brought along, its trailing slash kept', () => {
		expect(accepted({ issuer: `  ${ISSUER}\n` }).issuer).toBe(ISSUER);
	});

	it('that is not an https URL (and no JWKS URL is given) is named as the Issuer, the discovery address', () => {
		const message = problem({ issuer: 'http://login.example.com' });
		expect(message).toContain('Issuer (used to discover the JWKS URL)');
		expect(message).toContain('https://');
	});
});

describe('Audience', () => {
	it.each([
		['empty', ''],
		['only commas and spaces', ' , ,'],
		['a number instead of text or a list', 42],
	])('%s: names the Audience field', (_what, audience) => {
		expect(problem({ audience })).toMatch(/has no Audience: enter your app's client id/);
	});

	it('takes several comma-separated values, trimmed', () => {
		expect(accepted({ audience: ' client-123 , https://shop.example ' }).audiences).toEqual(['client-123', 'https://shop.example']);
	});
});

describe('Algorithms', () => {
	it.each([
		['missing', undefined],
		['null', null],
		['empty', ''],
	])('%s: the default RS256 and ES256', (_what, algorithms) => {
		expect(accepted({ algorithms }).algorithms).toEqual(['RS256', 'ES256']);
	});

	it('names every algorithm it does not know, quoted, and lists the allowed ones', () => {
		const message = problem({ algorithms: ['RS256', 'HS256', 'none'] });
		expect(message).toContain('Algorithms include "HS256", "none";');
		expect(message).toContain('allowed are RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA.');
	});

	it('an empty list, as n8n\'s credential form saves an Algorithms field never opened, means RS256 and ES256', () => {
		const read = readLoginProvider({ issuer: 'https://login.example.com/', audience: 'client-123', algorithms: [] });
		expect(read).not.toBeInstanceOf(Error);
		expect((read as { algorithms: unknown }).algorithms).toEqual(['RS256', 'ES256']);
	});

	it('a value that is neither a list nor text allows no algorithm at all', () => {
		expect(problem({ algorithms: 7 })).toMatch(/allows no Algorithms: choose the one\(s\) your login provider signs with/);
	});
});

describe('Clock Tolerance', () => {
	it.each([
		['missing', undefined],
		['null', null],
		['empty', ''],
	])('%s: 60 seconds', (_what, clockToleranceSeconds) => {
		expect(accepted({ clockToleranceSeconds }).clockToleranceSeconds).toBe(60);
	});

	it.each([
		[0, 0],
		[600, 600],
		['30', 30],
	])('%p is %p seconds', (clockToleranceSeconds, seconds) => {
		expect(accepted({ clockToleranceSeconds }).clockToleranceSeconds).toBe(seconds);
	});

	it.each([-1, 601, 'soon', true])('%p is refused, naming the field, the range and the value', (clockToleranceSeconds) => {
		expect(problem({ clockToleranceSeconds })).toContain(`Clock Tolerance must be 0 to 600 seconds; it is ${JSON.stringify(clockToleranceSeconds)}.`);
	});
});

describe('Shared Secret', () => {
	it('is used without the spaces or line break a paste brought along', () => {
		expect(accepted({ sharedSecret: `  ${SECRET}\n` }).sharedSecret?.toString('utf8')).toBe(SECRET);
	});

	it('only spaces count as no Shared Secret: the JWKS is used', () => {
		const provider = accepted({ sharedSecret: '   ' });
		expect(provider.sharedSecret).toBeUndefined();
		expect(provider.algorithms).toEqual(['RS256', 'ES256']);
	});

	it('shorter than 32 bytes is refused with its length', () => {
		expect(problem({ sharedSecret: 'short-secret' })).toContain('Shared Secret is 12 bytes; at least 32 are needed.');
	});
});
