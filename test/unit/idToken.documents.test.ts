import {
	DocumentCache,
	freshnessOf,
	loadDocument,
	MAX_DOCUMENT_BYTES,
	type DocumentFetcher,
	type FetchedDocument,
} from '../../nodes/HubspotVisitorIdentification/shared/idToken/documents';

// The key document cache on its own: loadDocument (one fetch, checked, the problem in words) and
// DocumentCache (freshness, one attempt a minute, stale copies during an outage), with a fetcher that
// answers what each test says and counts the requests. Everything under test is built inside a test.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const START = Date.parse('2026-11-24T08:00:00Z');
const URL = 'https://login.example.com/.well-known/jwks.json';

function answer(body: unknown, headers: Record<string, unknown> = {}, statusCode = 200): FetchedDocument {
	return { statusCode, headers, body: typeof body === 'string' || Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body)) };
}

/** A fetcher that answers from `next` (a document or an error to throw) and counts its calls. */
function scriptedFetcher(first: FetchedDocument | Error) {
	const state = { next: first, calls: 0 };
	const fetchDocument: DocumentFetcher = async () => {
		state.calls++;
		if (state.next instanceof Error) throw state.next;
		return state.next;
	};
	return { state, fetchDocument };
}

async function load(response: FetchedDocument, timeoutMs = 2000) {
	return await loadDocument(URL, async () => response, timeoutMs);
}

async function problemOf(error: unknown, timeoutMs = 2000): Promise<string> {
	const loaded = await loadDocument(
		URL,
		async () => {
			throw error;
		},
		timeoutMs,
	);
	if (typeof loaded !== 'string') throw new Error('expected a problem');
	return loaded;
}

describe('Cache-Control, as providers write it', () => {
	it.each([
		['max-age = 600', 10 * MINUTE],
		['max-age=600 , public', 10 * MINUTE],
		['public,max-age=900', 15 * MINUTE],
		['max-age="1200"', 20 * MINUTE],
		['public, no-cache', 5 * MINUTE],
		['no-store , max-age=3600', 5 * MINUTE],
		['max-age=abc', HOUR],
	])('%s → fresh for %d ms', (cacheControl, expected) => {
		expect(freshnessOf(cacheControl)).toBe(expected);
	});

	it('reads the header whatever its case, and a header sent twice as both values', async () => {
		const upper = await load(answer({ keys: [] }, { 'Cache-Control': 'max-age=600' }));
		expect(upper).toMatchObject({ freshForMs: 10 * MINUTE });
		const twice = await load(answer({ keys: [] }, { 'cache-control': ['public', 'max-age=600'] }));
		expect(twice).toMatchObject({ freshForMs: 10 * MINUTE });
	});
});

describe('loadDocument: what counts as a key document', () => {
	it('a 2xx JSON object is one, from a Buffer, a string or an already parsed body', async () => {
		expect(await load(answer({ keys: [] }))).toEqual({ json: { keys: [] }, freshForMs: HOUR });
		expect(await load(answer('{"keys":[]}'))).toEqual({ json: { keys: [] }, freshForMs: HOUR });
		expect(await load({ statusCode: 200, headers: {}, body: { keys: [] } })).toEqual({ json: { keys: [] }, freshForMs: HOUR });
		expect(await load(answer({ keys: [] }, {}, 299))).toMatchObject({ json: { keys: [] } });
	});

	it.each([
		['null', 'null'],
		['a list', '[]'],
		['a number', '42'],
		['HTML', '<html>Sign in</html>'],
	])('%s is not a JSON object', async (_label, body) => {
		expect(await load(answer(body))).toBe(`${URL} did not answer with a JSON object`);
	});

	it.each([100, 199, 400, 404, 503])('HTTP %d is named with its status (only a 2xx answer is a document)', async (statusCode) => {
		expect(await load(answer({ keys: [] }, {}, statusCode))).toBe(`${URL} answered HTTP ${statusCode}`);
	});

	it.each([300, 302, 399])('a redirect (%d) is not followed; the message names where it points and what to do', async (statusCode) => {
		const problem = await load(answer('', { Location: 'http://login.example.com/jwks' }, statusCode));
		expect(problem).toEqual(expect.stringContaining(`answered ${statusCode}, a redirect to http://login.example.com/jwks`));
		expect(problem).toEqual(expect.stringContaining('enter the address it points to'));
	});

	it('a redirect without a Location header says so instead of naming "undefined"', async () => {
		const problem = await load(answer('', {}, 301));
		expect(problem).toEqual(expect.stringContaining('a redirect to an unnamed address'));
		expect(problem).not.toContain('undefined');
	});

	it('a document of exactly 1 MB is read; one byte more is refused with its size', async () => {
		const frame = '{"keys":[],"pad":""}';
		const exact = `{"keys":[],"pad":"${'x'.repeat(MAX_DOCUMENT_BYTES - frame.length)}"}`;
		expect(Buffer.byteLength(exact)).toBe(MAX_DOCUMENT_BYTES);
		expect(await load(answer(Buffer.from(exact)))).toMatchObject({ json: { keys: [] } });
		const over = `${exact} `;
		expect(await load(answer(over))).toBe(`${URL} answered ${MAX_DOCUMENT_BYTES + 1} bytes, more than the 1 MB a key document may have`);
	});

	it('the 1 MB limit also holds for a body the HTTP helper already parsed', async () => {
		const parsed = { keys: [], pad: 'x'.repeat(MAX_DOCUMENT_BYTES) };
		const problem = await load({ statusCode: 200, headers: {}, body: parsed });
		expect(problem).toEqual(expect.stringContaining('more than the 1 MB a key document may have'));
	});
});

describe('loadDocument: a request without an answer is described in words', () => {
	// n8n wraps the system error (NodeApiError → axios error → the socket's error) and replaces a message
	// that holds a raw code with generic text: the code is found down the cause chain.
	function wrapped(inner: Record<string, unknown>): unknown {
		return { message: 'The connection to the server was closed unexpectedly, perhaps it is offline.', httpCode: undefined, cause: { message: 'Request failed', cause: inner } };
	}

	it.each([
		[{ code: 'ETIMEDOUT' }, 'no answer within 2 seconds'],
		[{ code: 'ECONNREFUSED' }, 'the connection was refused'],
		[{ code: 'ENOTFOUND' }, 'the host name could not be looked up'],
		[{ code: 'EAI_AGAIN' }, 'the host name could not be looked up'],
		[{ code: 'ECONNRESET' }, 'the connection was closed unexpectedly'],
		[{ message: 'socket hang up' }, 'the connection was closed unexpectedly'],
		[{ code: 'CERT_HAS_EXPIRED' }, 'its TLS certificate could not be verified'],
		[{ code: 'EHOSTUNREACH' }, 'the request failed without an answer'],
	])('%j → "%s"', async (inner, words) => {
		expect(await problemOf(wrapped(inner))).toBe(`${URL}: ${words}`);
	});

	it('reads the code from the message or httpCode too, and rounds the timeout to seconds', async () => {
		expect(await problemOf({ message: 'timeout of 1500ms exceeded' }, 1500)).toBe(`${URL}: no answer within 2 seconds`);
		expect(await problemOf({ httpCode: 'ECONNREFUSED' })).toBe(`${URL}: the connection was refused`);
	});

	it('a cause of null ends the chain', async () => {
		expect(await problemOf({ code: 'ECONNREFUSED', cause: null })).toBe(`${URL}: the connection was refused`);
	});

	it('looks five levels deep, no further (a cause chain may be long or even loop)', async () => {
		const chain = (depth: number, inner: Record<string, unknown>): unknown => (depth === 0 ? inner : { message: 'wrapped', cause: chain(depth - 1, inner) });
		expect(await problemOf(chain(4, { code: 'ECONNREFUSED' }))).toBe(`${URL}: the connection was refused`);
		expect(await problemOf(chain(5, { code: 'ECONNREFUSED' }))).toBe(`${URL}: the request failed without an answer`);
		const loop: Record<string, unknown> = { message: 'wrapped' };
		loop.cause = loop;
		expect(await problemOf(loop)).toBe(`${URL}: the request failed without an answer`);
	});

	it('a thrown string or undefined is still a failed request', async () => {
		expect(await problemOf('boom')).toBe(`${URL}: the request failed without an answer`);
		expect(await problemOf(undefined)).toBe(`${URL}: the request failed without an answer`);
	});
});

describe('DocumentCache', () => {
	/** Reads the "keys" list, or says the document is not a JWKS. */
	function jwksCache() {
		return new DocumentCache<unknown[]>((json) => (Array.isArray(json.keys) ? json.keys : 'it is not a JWKS'));
	}

	it('a fresh copy is not fetched again, even minutes later, unless a refresh is asked for (10 seconds after the last fetch at the soonest)', async () => {
		const cache = jwksCache();
		const { state, fetchDocument } = scriptedFetcher(answer({ keys: ['k1'] }, { 'cache-control': 'max-age=600' }));
		expect(await cache.get(URL, fetchDocument, START, 2000)).toEqual({ value: ['k1'], stale: false, refreshProblem: undefined });
		expect(await cache.get(URL, fetchDocument, START + 2 * MINUTE, 2000)).toMatchObject({ value: ['k1'], stale: false });
		expect(state.calls).toBe(1);
		state.next = answer({ keys: ['k2'] }, { 'cache-control': 'max-age=600' });
		expect(await cache.get(URL, fetchDocument, START + 3 * MINUTE, 2000, true)).toMatchObject({ value: ['k2'], stale: false });
		expect(state.calls).toBe(2);
	});

	it('atHand hands out a fresh copy without fetching, and nothing when there is none', async () => {
		const cache = jwksCache();
		const { state, fetchDocument } = scriptedFetcher(answer({ keys: ['k1'] }, { 'cache-control': 'max-age=600' }));
		expect(cache.atHand(URL, fetchDocument, START, 2000)).toBeUndefined();
		expect(state.calls).toBe(0);
		await cache.get(URL, fetchDocument, START, 2000);
		expect(cache.atHand(URL, fetchDocument, START + 10 * MINUTE - 1, 2000)).toEqual(['k1']);
		expect(state.calls).toBe(1);
	});

	it('a stale copy is handed out at once, and one refresh starts beside it however many callers find it stale', async () => {
		const cache = jwksCache();
		const { state, fetchDocument } = scriptedFetcher(answer({ keys: ['k1'] }, { 'cache-control': 'max-age=600' }));
		await cache.get(URL, fetchDocument, START, 2000);
		let release: (response: FetchedDocument) => void = () => undefined;
		const slow: DocumentFetcher = async () => {
			state.calls++;
			return await new Promise<FetchedDocument>((resolve) => (release = resolve));
		};
		expect(cache.atHand(URL, slow, START + 10 * MINUTE, 2000)).toEqual(['k1']);
		expect(await cache.get(URL, slow, START + 10 * MINUTE + 1, 2000)).toEqual({ value: ['k1'], stale: true, refreshProblem: undefined });
		expect(cache.atHand(URL, slow, START + 10 * MINUTE + 2, 2000)).toEqual(['k1']);
		expect(state.calls).toBe(2);
		release(answer({ keys: ['k2'] }, { 'cache-control': 'max-age=600' }));
		await cache.settled();
		expect(cache.atHand(URL, slow, START + 10 * MINUTE + 3, 2000)).toEqual(['k2']);
	});

	it('a copy is stale from the moment its max-age ends: if the refresh beside then fails, it is still used and says why', async () => {
		const cache = jwksCache();
		const { state, fetchDocument } = scriptedFetcher(answer({ keys: ['k1'] }, { 'cache-control': 'max-age=600' }));
		await cache.get(URL, fetchDocument, START, 2000);
		expect(await cache.get(URL, fetchDocument, START + 10 * MINUTE - 1, 2000)).toMatchObject({ value: ['k1'], stale: false });
		expect(state.calls).toBe(1);
		state.next = answer('', {}, 503);
		expect(await cache.get(URL, fetchDocument, START + 10 * MINUTE, 2000)).toEqual({ value: ['k1'], stale: true, refreshProblem: undefined });
		await cache.settled();
		expect(await cache.get(URL, fetchDocument, START + 10 * MINUTE + 1, 2000)).toEqual({ value: ['k1'], stale: true, refreshProblem: `${URL} answered HTTP 503` });
		expect(state.calls).toBe(2);
	});

	it('a refresh beside that throws, or whose document the reader chokes on, is a recorded problem, never an unhandled rejection', async () => {
		const unhandled: unknown[] = [];
		const listener = (reason: unknown) => unhandled.push(reason);
		process.on('unhandledRejection', listener);
		try {
			let readerThrows = false;
			const cache = new DocumentCache<unknown[]>((json) => {
				if (readerThrows) throw new Error('reader bug');
				return json.keys as unknown[];
			});
			const { state, fetchDocument } = scriptedFetcher(answer({ keys: ['k1'] }, { 'cache-control': 'max-age=600' }));
			await cache.get(URL, fetchDocument, START, 2000);
			state.next = new Error('socket hang up');
			expect(cache.atHand(URL, fetchDocument, START + 10 * MINUTE, 2000)).toEqual(['k1']);
			await cache.settled();
			expect(await cache.get(URL, fetchDocument, START + 10 * MINUTE + 1, 2000)).toMatchObject({ refreshProblem: `${URL}: the connection was closed unexpectedly` });
			readerThrows = true;
			state.next = answer({ keys: ['k2'] });
			expect(cache.atHand(URL, fetchDocument, START + 12 * MINUTE, 2000)).toEqual(['k1']);
			await cache.settled();
			expect(await cache.get(URL, fetchDocument, START + 12 * MINUTE + 1, 2000)).toMatchObject({ value: ['k1'], refreshProblem: `${URL}: the document could not be read` });
			await new Promise((resolve) => setImmediate(resolve));
			expect(unhandled).toEqual([]);
		} finally {
			process.off('unhandledRejection', listener);
		}
	});

	it('past 24 hours after going stale a copy is not handed out: callers wait for a new one', async () => {
		const cache = jwksCache();
		const { state, fetchDocument } = scriptedFetcher(answer({ keys: ['k1'] }, { 'cache-control': 'max-age=600' }));
		await cache.get(URL, fetchDocument, START, 2000);
		const hardLimit = START + 10 * MINUTE + 24 * HOUR;
		state.next = answer('', {}, 503);
		expect(cache.atHand(URL, fetchDocument, hardLimit - 1, 2000)).toEqual(['k1']);
		await cache.settled();
		expect(cache.atHand(URL, fetchDocument, hardLimit, 2000)).toBeUndefined();
		expect(await cache.get(URL, fetchDocument, hardLimit, 2000)).toEqual({ problem: `${URL} answered HTTP 503` });
		// Without a usable copy every caller is refused: asked again 10 seconds after the failure, not a minute.
		state.next = answer({ keys: ['k2'] }, { 'cache-control': 'max-age=600' });
		expect(await cache.get(URL, fetchDocument, hardLimit - 1 + 10_000, 2000)).toEqual({ value: ['k2'], stale: false, refreshProblem: undefined });
	});

	it('a document the reader refuses is a problem that names the URL once', async () => {
		const cache = jwksCache();
		const { fetchDocument } = scriptedFetcher(answer({ issuer: 'https://login.example.com' }));
		expect(await cache.get(URL, fetchDocument, START, 2000)).toEqual({ problem: `${URL}: it is not a JWKS` });
	});

	it('a failed fetch is a problem that names the URL once', async () => {
		const cache = jwksCache();
		const { fetchDocument } = scriptedFetcher(answer('', {}, 404));
		const result = await cache.get(URL, fetchDocument, START, 2000);
		expect(result).toEqual({ problem: `${URL} answered HTTP 404` });
	});

	it('a caller that waited on a shared fetch and whose clock is past the stale grace gets a problem naming the URL', async () => {
		const cache = jwksCache();
		let release: (response: FetchedDocument) => void = () => undefined;
		const slow: DocumentFetcher = async () => await new Promise<FetchedDocument>((resolve) => (release = resolve));
		const first = cache.get(URL, slow, START, 2000);
		const late = cache.get(URL, slow, START + 48 * HOUR, 2000);
		release(answer({ keys: ['k1'] }));
		expect(await first).toMatchObject({ value: ['k1'], stale: false });
		const lateAnswer = await late;
		expect(lateAnswer.value).toBeUndefined();
		expect(lateAnswer.problem).toEqual(expect.stringContaining(URL));
	});

	it('remembers at most 100 URLs: the 101st pushes out the oldest, only that one', async () => {
		const cache = jwksCache();
		const { state, fetchDocument } = scriptedFetcher(answer({ keys: ['k1'] }));
		const urls = Array.from({ length: 101 }, (_, index) => `https://login${index}.example.com/jwks`);
		for (const url of urls) await cache.get(url, fetchDocument, START, 2000);
		expect(state.calls).toBe(101);
		expect(cache.atHand(urls[1] as string, fetchDocument, START, 2000)).toEqual(['k1']);
		expect(cache.atHand(urls[100] as string, fetchDocument, START, 2000)).toEqual(['k1']);
		expect(cache.atHand(urls[0] as string, fetchDocument, START, 2000)).toBeUndefined();
	});
});
