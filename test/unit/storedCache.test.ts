// The cache string in static data is parsed at most once per process and generation (README: a hit costs a
// look at the string's first characters). What a process remembers shows when the string is edited by hand
// under the same header: an edit of the same length is not read again, any other edit is.
import { writeCacheText } from '../../nodes/HubspotVisitorIdentification/shared/cacheText';
import { forgetStoredGenerations, isOldStoredForm, readStoredEntries } from '../../nodes/HubspotVisitorIdentification/shared/storedCache';
import type { CachedToken } from '../../nodes/HubspotVisitorIdentification/shared/tokenCache';

const keyId = 'keyA';
const t0 = 1_800_000_000_000;
/** An entry key and a sealed value of the shapes the node writes (22 and at least 39 base64url characters). */
const key = (name: string) => name.padEnd(22, '_');
const sealed = (name: string) => name.padEnd(40, '0');

/** A stored cache string of one generation holding one entry per name. */
function cacheText(generation: string, ...names: string[]): string {
	return writeCacheText({ keyId, generation }, new Map(names.map((name): [string, CachedToken] => [key(name), [sealed(name), t0]])));
}

const keysOf = (stored: string) => Object.keys(readStoredEntries(stored, keyId));

beforeEach(() => forgetStoredGenerations());

describe('a generation this process has read', () => {
	it('is not parsed again: an edit that keeps the header and the length is not seen', () => {
		expect(keysOf(cacheText('gen1', 'alice'))).toEqual([key('alice')]);
		// "alice" → "bobby": same length, same header.
		expect(keysOf(cacheText('gen1', 'bobby'))).toEqual([key('alice')]);
	});

	it('is parsed again when the string changed length (a hand edit that kept the header)', () => {
		expect(keysOf(cacheText('gen1', 'alice'))).toEqual([key('alice')]);
		expect(keysOf(cacheText('gen1', 'alice', 'bob'))).toEqual([key('alice'), key('bob')]);
		expect(keysOf(cacheText('gen1', 'bob'))).toEqual([key('bob')]);
	});

	it('is forgotten on a restart', () => {
		keysOf(cacheText('gen1', 'alice'));
		forgetStoredGenerations();
		expect(keysOf(cacheText('gen1', 'bobby'))).toEqual([key('bobby')]);
	});
});

describe('the process remembers the four generations it used last (overlapping executions may each hold one)', () => {
	it('all four most recent are remembered, a fifth makes it forget the oldest', () => {
		for (const generation of ['gen1', 'gen2', 'gen3', 'gen4']) keysOf(cacheText(generation, 'alice'));
		for (const generation of ['gen1', 'gen2', 'gen3', 'gen4']) expect(keysOf(cacheText(generation, 'bobby'))).toEqual([key('alice')]);
		keysOf(cacheText('gen5', 'alice'));
		expect(keysOf(cacheText('gen1', 'bobby'))).toEqual([key('bobby')]);
	});

	it('a generation read again after an edit counts as used last', () => {
		for (const generation of ['gen1', 'gen2', 'gen3', 'gen4']) keysOf(cacheText(generation, 'alice'));
		// gen1 changed length, so it is parsed again, and is now the most recent; gen2 is the oldest.
		expect(keysOf(cacheText('gen1', 'alice', 'bob'))).toEqual([key('alice'), key('bob')]);
		keysOf(cacheText('gen5', 'alice'));
		expect(keysOf(cacheText('gen1', 'alice', 'eve'))).toEqual([key('alice'), key('bob')]);
		expect(keysOf(cacheText('gen2', 'bobby'))).toEqual([key('bobby')]);
	});
});

describe('a cache stored by 0.1.x (an object per entry)', () => {
	it('is worth rewriting only when it holds entries for these keys', () => {
		const entries = { [key('alice')]: [sealed('alice'), t0] };
		expect(isOldStoredForm({ v: 1, keyId, entries }, keyId)).toBe(true);
		expect(isOldStoredForm({ v: 1, keyId, entries: {} }, keyId)).toBe(false);
		expect(isOldStoredForm({ v: 1, keyId: 'keyB', entries }, keyId)).toBe(false);
		expect(isOldStoredForm(cacheText('gen1', 'alice'), keyId)).toBe(false);
		expect(isOldStoredForm(null, keyId)).toBe(false);
	});
});
