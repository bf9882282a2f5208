// Where the login provider's keys may be fetched from (shared/idToken/providerUrl.ts): https anywhere, http
// only on this machine, no credentials or fragment in the address; the problem names the field.
import { checkProviderUrl } from '../../nodes/HubspotVisitorIdentification/shared/idToken/providerUrl';

describe('checkProviderUrl', () => {
	it.each([
		['https', 'https://Login.Example.com', 'https://login.example.com/'],
		['http on localhost', 'http://localhost:8080/jwks.json', 'http://localhost:8080/jwks.json'],
		['http on 127.0.0.1', 'http://127.0.0.1/keys', 'http://127.0.0.1/keys'],
		['http on [::1]', 'http://[::1]:9000/', 'http://[::1]:9000/'],
	])('accepts %s, normalised', (_what, raw, url) => {
		expect(checkProviderUrl(raw, 'JWKS URL')).toEqual({ ok: true, url });
	});

	it('an address that is not a URL is named by its field and quoted', () => {
		expect(checkProviderUrl('login.example.com', 'JWKS URL')).toEqual({ ok: false, problem: 'The JWKS URL "login.example.com" is not a URL.' });
	});

	it.each([
		['http to another machine', 'http://login.example.com/jwks', '"http://login.example.com"'],
		['ftp on this machine', 'ftp://localhost/jwks', '"ftp://localhost"'],
		['a websocket on this machine', 'ws://127.0.0.1:8080/', '"ws://127.0.0.1:8080"'],
	])('refuses %s: https only, http only for this machine', (_what, raw, shown) => {
		const checked = checkProviderUrl(raw, 'Issuer');
		expect(checked.ok).toBe(false);
		const problem = (checked as { problem: string }).problem;
		expect(problem).toContain('The Issuer must start with https:// (http:// only for this machine)');
		expect(problem).toContain(`It is ${shown}.`);
	});

	it.each([
		['a user name', 'https://user@login.example.com/'],
		['a password only', 'https://:secret@login.example.com/'],
		['a user name and password', 'https://user:secret@login.example.com/'],
		['a fragment', 'https://login.example.com/#keys'],
	])('refuses %s in the address, without quoting it', (_what, raw) => {
		const checked = checkProviderUrl(raw, 'JWKS URL');
		expect(checked).toEqual({ ok: false, problem: 'The JWKS URL must not contain a user name, password or fragment.' });
	});
});
