import type { IDataObject } from 'n8n-workflow';

import { readEntriesText, readHeader, writeCacheText } from '../../nodes/HubspotVisitorIdentification/shared/cacheText';
import { cacheEntriesIn } from '../support/cacheInStaticData';
import { jsonOf, runNode } from '../support/executeContext';
import { takeOverClock } from '../support/fakeClock';

let time: ReturnType<typeof takeOverClock>;
beforeEach(() => (time = takeOverClock()));
afterEach(() => time.release());

const visitors = Array.from({ length: 20 }, (_, index) => ({ email: `visitor${index}@example.com` }));

/** A cache as 0.1.x stored it, holding exactly the entries the node just wrote. */
function asStoredBy01x(staticData: IDataObject): IDataObject {
	const header = readHeader(staticData.tokenCache);
	if (!header) throw new Error('no cache');
	return { tokenCache: { v: 1, keyId: header.keyId, entries: cacheEntriesIn(staticData) } as unknown as IDataObject };
}

describe('the cache is stored as one string', () => {
	it('holds every entry in one string value, so n8n has nothing nested to wrap', async () => {
		const staticData: IDataObject = {};
		await runNode({ items: visitors, staticData });
		expect(typeof staticData.tokenCache).toBe('string');
		expect(Object.keys(cacheEntriesIn(staticData))).toHaveLength(visitors.length);
	});

	it('draws a new generation at every write, and a hit keeps the stored string as it is', async () => {
		const staticData: IDataObject = {};
		await runNode({ items: [visitors[0]], staticData });
		const first = staticData.tokenCache;
		await runNode({ items: [visitors[0]], staticData, freshProcess: true });
		expect(staticData.tokenCache).toBe(first);
		await runNode({ items: [visitors[1]], staticData });
		expect(readHeader(staticData.tokenCache)?.generation).not.toBe(readHeader(first)?.generation);
	});
});

describe('caches stored by 0.1.x', () => {
	it('are read, served, and rewritten in the new form by the first execution, without losing a token', async () => {
		const written: IDataObject = {};
		const tokens = jsonOf(await runNode({ items: visitors, staticData: written })).map((item) => item.token);
		const old = asStoredBy01x(written);

		// After an upgrade: a new process, the old form in static data, only cache hits.
		const upgraded = await runNode({ items: visitors.slice(0, 3), staticData: old, freshProcess: true });
		expect(upgraded.requests).toHaveLength(0);
		expect(jsonOf(upgraded).map((item) => item.token)).toEqual(tokens.slice(0, 3));
		expect(typeof old.tokenCache).toBe('string');
		expect(Object.keys(cacheEntriesIn(old)).sort()).toEqual(Object.keys(cacheEntriesIn(written)).sort());

		const everyone = await runNode({ items: visitors, staticData: old, freshProcess: true });
		expect(everyone.requests).toHaveLength(0);
		expect(jsonOf(everyone).map((item) => item.token)).toEqual(tokens);
	});

	it('written with another access token are not rewritten, only replaced by the next miss', async () => {
		const staticData: IDataObject = {};
		await runNode({ items: [visitors[0]], staticData, accessToken: 'pat-na1-another-token' });
		const old = asStoredBy01x(staticData);
		const before = JSON.stringify(old);
		await runNode({ items: [visitors[0]], staticData: old, freshProcess: true, hubspot: () => ({ statusCode: 500, body: {} }), options: { maxRetries: 0 }, continueOnFail: true });
		expect(JSON.stringify(old)).toBe(before);
	});
});

describe('hand-edited cache strings never give a wrong token and never crash', () => {
	it('an edit that keeps the header and the length is not read again by a process that knows that generation: it serves what was written', async () => {
		const staticData: IDataObject = {};
		const tokens = jsonOf(await runNode({ items: visitors.slice(0, 2), staticData })).map((item) => item.token);
		const text = String(staticData.tokenCache);
		const [a, b] = [...readEntriesText(text).values()];
		// Swap the two sealed tokens (same lengths, so the string keeps its length).
		staticData.tokenCache = text.replace(a[0], '\u0000').replace(b[0], a[0]).replace('\u0000', b[0]);
		expect(String(staticData.tokenCache)).toHaveLength(text.length);
		const again = await runNode({ items: visitors.slice(0, 2), staticData });
		expect(jsonOf(again).map((item) => item.token)).toEqual(tokens);
		// A process that never saw the original parses the edit: swapped entries do not open, so they are misses.
		const fresh = await runNode({ items: visitors.slice(0, 2), staticData, freshProcess: true });
		expect(fresh.requests).toHaveLength(2);
		expect(jsonOf(fresh).map((item) => item.token)).not.toContain(tokens[0]);
	});

	it.each<[string, (text: string) => string]>([
		['another key id in the header', (text) => text.replace(/^c2:[^:]+:/, 'c2:someoneElse0:')],
		['the header only', (text) => text.slice(0, text.indexOf(';'))],
		['cut in half', (text) => text.slice(0, text.length / 2)],
		['entries without a header', (text) => text.slice(text.indexOf(';') + 1)],
		['a header far too long', (text) => `c2:${'A'.repeat(5000)}:x${text.slice(text.indexOf(';'))}`],
		['separators everywhere', (text) => text.replace(/[A-Z]/g, ';')],
	])('%s: served what still opens, the rest are misses repaired by the next write', async (_label, edit) => {
		const staticData: IDataObject = {};
		const tokens = jsonOf(await runNode({ items: visitors.slice(0, 4), staticData })).map((item) => item.token);
		staticData.tokenCache = edit(String(staticData.tokenCache));
		const result = await runNode({ items: visitors.slice(0, 4), staticData, freshProcess: true });
		expect(result.error).toBeUndefined();
		jsonOf(result).forEach((item, index) => {
			if (item.cached === true) expect(item.token).toBe(tokens[index]);
		});
		expect(readHeader(staticData.tokenCache)).toBeDefined();
		expect((await runNode({ items: visitors.slice(0, 4), staticData, freshProcess: true })).requests).toHaveLength(0);
	});

	it('keeps the cache bounded by Max Cache Entries whatever the stored string held', async () => {
		const staticData: IDataObject = {};
		await runNode({ items: visitors, staticData });
		const header = readHeader(staticData.tokenCache);
		if (!header) throw new Error('no cache');
		const entries = readEntriesText(String(staticData.tokenCache));
		staticData.tokenCache = writeCacheText(header, new Map([...entries, ...entries]));
		await runNode({ items: [{ email: 'newcomer@example.com' }], staticData, options: { maxCacheEntries: 5 }, freshProcess: true });
		expect(Object.keys(cacheEntriesIn(staticData))).toHaveLength(5);
	});
});
