import { deriveCacheSecrets } from '../../nodes/HubspotVisitorIdentification/shared/cacheSecrets';
import { fakeAccessToken, fakeVisitorToken } from '../support/executeContext';

const alice = { email: 'alice@example.com', firstName: 'Alice', lastName: 'Liddell' };

describe('entry keys are keyed hashes of the visitor\'s email', () => {
	const secrets = deriveCacheSecrets(fakeAccessToken());

	it('are stable for the same email and differ for any other', () => {
		expect(secrets.entryKey(alice.email)).toBe(secrets.entryKey(`${alice.email}`));
		expect(secrets.entryKey('bob@example.com')).not.toBe(secrets.entryKey(alice.email));
	});

	it('never equal a legacy key (email and names) of the same visitor, even with empty names', () => {
		expect(secrets.entryKey(alice.email)).not.toBe(secrets.legacyEntryKey(alice));
		expect(secrets.entryKey(alice.email)).not.toBe(secrets.legacyEntryKey({ email: alice.email, firstName: '', lastName: '' }));
	});

	it('legacy keys: stable for the same identity and differ for any other', () => {
		expect(secrets.legacyEntryKey(alice)).toBe(secrets.legacyEntryKey({ ...alice }));
		const others = [{ ...alice, email: 'bob@example.com' }, { ...alice, firstName: 'alice' }, { ...alice, lastName: '' }, { email: alice.email, firstName: 'Alice Liddell', lastName: '' }];
		for (const other of others) expect(secrets.legacyEntryKey(other)).not.toBe(secrets.legacyEntryKey(alice));
	});

	it('legacy keys keep names apart: ("a b", "c") and ("a", "b c") differ', () => {
		expect(secrets.legacyEntryKey({ email: 'x@example.com', firstName: 'a b', lastName: 'c' })).not.toBe(secrets.legacyEntryKey({ email: 'x@example.com', firstName: 'a', lastName: 'b c' }));
	});

	it('depend on the access token, and reveal nothing of the email', () => {
		const other = deriveCacheSecrets(fakeAccessToken());
		expect(other.entryKey(alice.email)).not.toBe(secrets.entryKey(alice.email));
		expect(other.legacyEntryKey(alice)).not.toBe(secrets.legacyEntryKey(alice));
		expect(other.keyId).not.toBe(secrets.keyId);
		expect(secrets.entryKey(alice.email)).toMatch(/^[A-Za-z0-9_-]{22}$/);
		expect(secrets.legacyEntryKey(alice)).toMatch(/^[A-Za-z0-9_-]{22}$/);
	});
});

describe('sealed tokens open only with the same keys and context', () => {
	const accessToken = fakeAccessToken();
	const secrets = deriveCacheSecrets(accessToken);

	it.each([
		['a base64url token', fakeVisitorToken()],
		['a token with dots and padding', 'abc.def.ghi=='],
		['a token with non-ASCII text', 'tøken-✓'],
		['a one-character token', 'A'],
	])('round-trips %s', (_, token) => {
		const sealed = secrets.seal(token, 'ctx');
		expect(secrets.open(sealed, 'ctx')).toBe(token);
		if (token.length > 4) expect(sealed).not.toContain(token);
	});

	it('fails for another context, another access token, or a tampered value', () => {
		const token = fakeVisitorToken();
		const sealed = secrets.seal(token, 'key|1');
		expect(secrets.open(sealed, 'key|2')).toBeUndefined();
		expect(deriveCacheSecrets(fakeAccessToken()).open(sealed, 'key|1')).toBeUndefined();
		const flipped = Buffer.from(sealed, 'base64url');
		flipped[20] ^= 1;
		expect(secrets.open(flipped.toString('base64url'), 'key|1')).toBeUndefined();
		expect(secrets.open('', 'key|1')).toBeUndefined();
	});

	it('seals the same token differently every time (random IV)', () => {
		expect(secrets.seal('same', 'ctx')).not.toBe(secrets.seal('same', 'ctx'));
	});

	it('stores a base64url token in no more characters than the token plus 39 (IV, tag, format byte)', () => {
		const token = fakeVisitorToken();
		expect(secrets.seal(token, 'ctx').length).toBeLessThanOrEqual(token.length + 39);
	});
});
