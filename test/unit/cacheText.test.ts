import { readEntriesText, readHeader, writeCacheText } from '../../nodes/HubspotVisitorIdentification/shared/cacheText';
import type { CachedToken } from '../../nodes/HubspotVisitorIdentification/shared/tokenCache';

const header = { keyId: 'AbC-_123', generation: 'gen_0001' };
const key = (n: number) => `entryKey${String(n).padStart(14, '0')}`;
const entry = (n: number): [string, CachedToken] => [key(n), [`sealed_${n}-${'A'.repeat(60)}`, 1_800_000_000_000 + n]];

describe('the stored cache string', () => {
	it('round-trips every entry, with its expiry, under its header', () => {
		const entries = new Map([entry(1), entry(2), entry(3)]);
		const text = writeCacheText(header, entries);
		expect(readHeader(text)).toEqual(header);
		expect(readEntriesText(text)).toEqual(entries);
		// Nothing in it that JSON must escape: n8n stores it as one JSON string.
		expect(JSON.stringify(text)).toBe(`"${text}"`);
	});

	it('an empty cache is just its header', () => {
		const text = writeCacheText(header, new Map());
		expect(readHeader(text)).toEqual(header);
		expect(readEntriesText(text).size).toBe(0);
	});

	it('the header is found from the first characters, however large the cache', () => {
		const entries = new Map(Array.from({ length: 5000 }, (_, n) => entry(n)));
		const text = writeCacheText(header, entries);
		expect(readHeader(text)).toEqual(header);
		expect(readHeader(text.slice(0, 60))).toEqual(header);
	});

	it.each<[string, unknown]>([
		['not a string', { v: 1, keyId: 'x', entries: {} }],
		['another prefix', 'c3:AbC:gen;'],
		['no prefix', 'AbC:gen;'],
		['a missing generation', 'c2:AbC;'],
		['an extra header field', 'c2:AbC:gen:more;'],
		['characters outside base64url in the header', 'c2:A b:gen;'],
		['an over-long header', `c2:${'A'.repeat(100)}:gen;`],
		['empty', ''],
	])('%s has no header (reads as no cache)', (_label, stored) => {
		expect(readHeader(stored)).toBeUndefined();
	});

	it('skips malformed entries (hand edits, truncation) and keeps the well-formed ones', () => {
		const good = writeCacheText(header, new Map([entry(1), entry(2)]));
		const edited = [
			good,
			'',
			'only-two.fields',
			`${key(3)}.${'S'.repeat(60)}.notbase36!`,
			`${key(4)}.seal ed${'S'.repeat(60)}.zz`,
			`${key(5)}.${'S'.repeat(60)}.${'z'.repeat(13)}`,
			`k e y.${'S'.repeat(60)}.zz`,
			`${key(6)}.${'S'.repeat(60)}.zz.extra`,
			`${key(7)}.too-short.zz`,
			`shortkey.${'S'.repeat(60)}.zz`,
		].join(';');
		expect([...readEntriesText(edited).keys()]).toEqual([key(1), key(2)]);
		// Cut inside the last entry's sealed token: that entry is dropped, the others survive. (A cut inside the
		// expiry leaves a shorter number: the entry then fails to open, as its expiry is sealed with the token.)
		const truncated = good.slice(0, good.length - 12 - 50);
		expect([...readEntriesText(truncated).keys()]).toEqual([key(1)]);
	});
});

describe('the edges of what is read', () => {
	it('a header of up to 80 characters is read, a longer one is not looked for', () => {
		// "c2:" + key id + ":" + generation: 3 + 40 + 1 + 36 = 80 characters before the first entry.
		const longest = { keyId: 'K'.repeat(40), generation: 'g'.repeat(36) };
		expect(readHeader(writeCacheText(longest, new Map([entry(1)])))).toEqual(longest);
		expect(readHeader(writeCacheText({ ...longest, generation: 'g'.repeat(37) }, new Map([entry(1)])))).toBeUndefined();
	});

	it.each(['-1', '+zz', 'ZZ', ' zz', 'zz '])('an expiry written %p (not lower-case base-36 digits) skips the entry', (expiry) => {
		const text = `${writeCacheText(header, new Map([entry(1)]))};${key(2)}.${'S'.repeat(60)}.${expiry}`;
		expect([...readEntriesText(text).keys()]).toEqual([key(1)]);
	});
});

describe('the served-again mark in the stored string', () => {
	it('round-trips as a fourth field "1"; an entry without it stays unmarked', () => {
		const [markedKey, [markedSealed, markedExpiry]] = entry(1);
		const entries = new Map<string, CachedToken>([[markedKey, [markedSealed, markedExpiry, 1]], entry(2)]);
		const text = writeCacheText(header, entries);
		expect(text).toContain(`${markedKey}.${markedSealed}.${markedExpiry.toString(36)}.1;`);
		expect(readEntriesText(text)).toEqual(entries);
	});

	it.each(['0', '2', 'r', '', '1.1'])('a fourth field %p is a malformed entry, skipped', (mark) => {
		const [k, [sealedToken, expiry]] = entry(1);
		const text = `${writeCacheText(header, new Map([entry(2)]))};${k}.${sealedToken}.${expiry.toString(36)}.${mark}`;
		expect([...readEntriesText(text).keys()]).toEqual([key(2)]);
	});
});

