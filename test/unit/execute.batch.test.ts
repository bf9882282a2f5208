import { defaultHubspot, jsonOf, runNode } from '../support/executeContext';
import { takeOverClock } from '../support/fakeClock';

let time: ReturnType<typeof takeOverClock>;
beforeEach(() => (time = takeOverClock()));
afterEach(() => time.release());

const visitors = (count: number) => Array.from({ length: count }, (_, i) => ({ email: `visitor${i}@example.com` }));

describe('identical identities in one execution cost one HubSpot call', () => {
	it('gives every duplicate the same token; only the first is marked new', async () => {
		const items = [{ email: 'a@example.com' }, { email: 'B@example.com' }, { email: ' A@EXAMPLE.com' }, { email: 'b@example.com' }];
		const result = await runNode({ items });
		const json = jsonOf(result);
		expect(result.requests).toHaveLength(2);
		expect(json[2].token).toBe(json[0].token);
		expect(json[3].token).toBe(json[1].token);
		expect(json.map((item) => item.cached)).toEqual([false, false, true, true]);
	});

	it('1,000 items of 100 visitors: exactly 100 calls, and every item gets its own visitor\'s token', async () => {
		const issued = new Map<string, string>();
		const items = Array.from({ length: 1000 }, (_, i) => ({ email: `visitor${i % 100}@example.com` }));
		const result = await runNode({
			items,
			// A batch job, not a webhook: more new visitors than the default budget of 60 a minute.
			options: { newVisitorsPerMinute: 0 },
			hubspot: (request) => {
				const answer = defaultHubspot();
				issued.set(((answer as { body: { token: string } }).body.token), (request.options.body as { email: string }).email);
				return answer;
			},
		});
		const json = jsonOf(result);
		expect(result.requests).toHaveLength(100);
		expect(json.every((item, i) => issued.get(item.token as string) === items[i].email)).toBe(true);
	});
});

describe('distinct visitors are fetched with bounded concurrency inside HubSpot\'s burst limit', () => {
	// The README's numbers, stated here rather than read from the node, so changing the node's fails a test.
	it('never has more than 6 requests in flight, and uses that many', async () => {
		let inFlight = 0;
		let peak = 0;
		await runNode({
			items: visitors(40),
			hubspot: async () => {
				inFlight++;
				peak = Math.max(peak, inFlight);
				await new Promise((resolve) => setImmediate(resolve));
				inFlight--;
				return defaultHubspot();
			},
		});
		expect(peak).toBe(6);
	});

	it('starts at most 100 requests in any 10-second window, and 100 at once before waiting', async () => {
		const startedAt: number[] = [];
		const result = await runNode({
			items: visitors(250),
			options: { newVisitorsPerMinute: 0 },
			hubspot: () => {
				startedAt.push(time.now);
				return defaultHubspot();
			},
		});
		expect(result.requests).toHaveLength(250);
		for (let i = 100; i < startedAt.length; i++) {
			expect(startedAt[i] - startedAt[i - 100]).toBeGreaterThanOrEqual(10_000);
		}
		// Not slower than that either: the first 100 start at once, the next ones exactly 10 s later.
		expect(startedAt[99]).toBe(startedAt[0]);
		expect(startedAt[100] - startedAt[0]).toBe(10_000);
		expect(startedAt[200] - startedAt[0]).toBe(20_000);
	});

	it('one visitor failing does not fail the others', async () => {
		const result = await runNode({
			items: visitors(5),
			continueOnFail: true,
			hubspot: (request) => ((request.options.body as { email: string }).email === 'visitor2@example.com' ? { statusCode: 400, body: { message: 'bad' } } : defaultHubspot()),
		});
		const json = jsonOf(result);
		expect(json.map((item) => (item.error as { errorCode?: string } | undefined)?.errorCode ?? 'ok')).toEqual(['ok', 'ok', 'HUBSPOT_REJECTED_INPUT', 'ok', 'ok']);
	});
});
