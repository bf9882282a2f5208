import dayjs from 'dayjs';

import { fakeAccessToken, jsonOf, runNode } from '../support/executeContext';
import { takeOverClock } from '../support/fakeClock';

let time: ReturnType<typeof takeOverClock>;
beforeEach(() => (time = takeOverClock()));
afterEach(() => time.release());

describe('one output item per input item, ready for the website', () => {
	it('returns the token with the identity, expiry, cached flag and hsConversationsSettings', async () => {
		const result = await runNode({ items: [{ email: '  Alice@Example.COM ', firstName: ' Alice ', lastName: 'Liddell' }] });
		const [item] = jsonOf(result);
		const sent = result.requests[0].options;
		expect(item).toEqual({
			token: expect.any(String),
			email: 'alice@example.com',
			firstName: 'Alice',
			lastName: 'Liddell',
			expiresAt: expect.any(String),
			cached: false,
			hsConversationsSettings: { identificationEmail: 'alice@example.com', identificationToken: item.token },
		});
		expect((item.token as string).length).toBeGreaterThan(100);
		// dayjs is an independent oracle for "12 hours after the request was sent".
		expect(item.expiresAt).toBe(dayjs(time.now).add(12, 'hour').toISOString());
		expect(sent.body).toEqual({ email: 'alice@example.com', firstName: 'Alice', lastName: 'Liddell' });
	});

	it('pairs every output item with its input item, errors included', async () => {
		const result = await runNode({
			continueOnFail: true,
			items: [{ email: 'a@example.com' }, { email: 'not an email' }, { email: 'c@example.com' }],
		});
		expect(result.output?.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('omits empty names from the request to HubSpot', async () => {
		const result = await runNode({ items: [{ email: 'a@example.com', firstName: '   ', lastName: '' }] });
		expect(result.requests[0].options.body).toEqual({ email: 'a@example.com' });
		expect(jsonOf(result)[0]).toMatchObject({ firstName: '', lastName: '' });
	});
});

describe('the HubSpot call', () => {
	it('POSTs to {baseUrl}/visitor-identification/2026-03/tokens/create through the node credential', async () => {
		const result = await runNode({ items: [{ email: 'a@example.com' }], baseUrl: 'https://api.hubapi.com/' });
		expect(result.requests).toHaveLength(1);
		expect(result.requests[0].credentialType).toBe('hubspotVisitorIdentificationApi');
		expect(result.requests[0].options).toMatchObject({ method: 'POST', url: 'https://api.hubapi.com/visitor-identification/2026-03/tokens/create' });
	});

	it('uses the legacy v3 line when the API Version option says so', async () => {
		const result = await runNode({ items: [{ email: 'a@example.com' }], options: { apiVersion: 'v3' } });
		expect(result.requests[0].options.url).toBe('https://api.hubapi.com/visitor-identification/v3/tokens/create');
	});

	it('accepts http:// for a loopback simulator', async () => {
		const result = await runNode({ items: [{ email: 'a@example.com' }], baseUrl: 'http://127.0.0.1:45678' });
		expect(result.requests[0].options.url).toBe('http://127.0.0.1:45678/visitor-identification/2026-03/tokens/create');
	});

	it.each(['http://api.hubapi.com', 'http://10.0.0.5:8080', 'ftp://127.0.0.1', 'not a url', ''])(
		'refuses the base URL %j before sending anything, and says why',
		async (baseUrl) => {
			const accessToken = fakeAccessToken();
			const result = await runNode({ items: [{ email: 'a@example.com' }], baseUrl, accessToken });
			expect(result.requests).toHaveLength(0);
			expect(result.error?.message).toMatch(/Base URL/);
			expect(result.error?.message).not.toContain(accessToken);
		},
	);

	it('passes the Timeout option on to the request', async () => {
		const result = await runNode({ items: [{ email: 'a@example.com' }], options: { timeoutSeconds: 3 } });
		expect(result.requests[0].options.timeout).toBe(3000);
	});

	it.each([
		['a trailing "#"', 'http://127.0.0.1:45678#'],
		['a trailing "?"', 'https://proxy.example.com/proxy?'],
		['a "?" in the path', 'https://proxy.example.com/proxy?/x'],
	])('refuses a base URL with %s rather than sending to a path it did not mean', async (_, baseUrl) => {
		const result = await runNode({ items: [{ email: 'a@example.com' }], baseUrl });
		expect(result.requests).toHaveLength(0);
		expect(result.error?.message).toMatch(/must not contain a user name, password, query \(\?\) or fragment \(#\)/);
	});

	it.each([
		['https://proxy.example.com/hubspot//', 'https://proxy.example.com/hubspot/visitor-identification/2026-03/tokens/create'],
		['  HTTPS://Proxy.Example.com:443/hubspot ', 'https://proxy.example.com/hubspot/visitor-identification/2026-03/tokens/create'],
		['https://api.hub\tapi.com', 'https://api.hubapi.com/visitor-identification/2026-03/tokens/create'],
		['http://127.0.0.1:45678/a b', 'http://127.0.0.1:45678/a%20b/visitor-identification/2026-03/tokens/create'],
	])('sends to the path the base URL %j names, built from its parsed parts', async (baseUrl, url) => {
		const result = await runNode({ items: [{ email: 'a@example.com' }], baseUrl });
		expect(result.requests.map((request) => request.options.url)).toEqual([url]);
	});

	it('with the cache off, every item calls HubSpot, even identical ones in one execution, and none is marked cached', async () => {
		const staticData = {};
		const workflowId = 'wf-cache-off';
		const same = { email: 'a@example.com', firstName: 'A' };
		const result = await runNode({ items: [same, same, { ...same, email: 'A@example.com ' }], options: { useCache: false }, staticData, workflowId });
		expect(result.requests).toHaveLength(3);
		const items = jsonOf(result);
		expect(items.map((item) => item.cached)).toEqual([false, false, false]);
		expect(new Set(items.map((item) => item.token)).size).toBe(3);
		expect(staticData).toEqual({});
		// Nothing was shared in the process either: a run with the cache on still calls HubSpot.
		expect((await runNode({ items: [same], staticData: {}, workflowId })).requests).toHaveLength(1);
	});

	it('calls HubSpot for every item and stores nothing when the cache is off', async () => {
		const staticData = {};
		const first = await runNode({ items: [{ email: 'a@example.com' }], options: { useCache: false }, staticData });
		const second = await runNode({ items: [{ email: 'a@example.com' }], options: { useCache: false }, staticData });
		expect(first.requests).toHaveLength(1);
		expect(second.requests).toHaveLength(1);
		expect(jsonOf(second)[0].cached).toBe(false);
		expect(staticData).toEqual({});
	});

	it('reports an option out of range by its name', async () => {
		const result = await runNode({ items: [{ email: 'a@example.com' }], options: { refreshMarginMinutes: -5 } });
		expect(result.error?.message).toMatch(/Refresh Margin \(Minutes\)/);
		expect(result.requests).toHaveLength(0);
	});

	it('accepts Max Cache Entries up to 10,000 and refuses more: n8n reads the whole cache on every request', async () => {
		expect((await runNode({ items: [{ email: 'a@example.com' }], options: { maxCacheEntries: 10_000 } })).error).toBeUndefined();
		const result = await runNode({ items: [{ email: 'a@example.com' }], options: { maxCacheEntries: 10_001 } });
		expect(result.error?.message).toMatch(/"Max Cache Entries" must be a number from 1 to 10000/);
		expect(result.requests).toHaveLength(0);
	});

});
