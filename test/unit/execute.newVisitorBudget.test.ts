import { errorsOf, jsonOf, runNode } from '../support/executeContext';
import { MINUTE, takeOverClock } from '../support/fakeClock';

const SECOND = 1000;

let time: ReturnType<typeof takeOverClock>;
beforeEach(() => (time = takeOverClock()));
afterEach(() => time.release());

const visitors = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => ({ email: `${prefix}${i}@example.com` }));

describe('New Visitors per Minute bounds HubSpot calls for visitors not in the cache', () => {
	it('by default 60 a minute: the 61st new visitor fails with NEW_VISITOR_LIMIT and 429, without a HubSpot call', async () => {
		const staticData = {};
		const result = await runNode({ items: visitors('new', 61), staticData, continueOnFail: true });
		expect(result.requests).toHaveLength(60);
		const errors = errorsOf(result);
		expect(errors.slice(0, 60).every((error) => error === undefined)).toBe(true);
		expect(errors[60]).toMatchObject({ errorCode: 'NEW_VISITOR_LIMIT', httpStatus: 429 });
		expect(String(errors[60].message)).toMatch(/^Item 60: .*New Visitors per Minute/);
	});

	it('counts across the executions of one process, and a minute later there is room again', async () => {
		const staticData = {};
		await runNode({ items: visitors('first', 60), staticData });
		const over = await runNode({ items: visitors('second', 1), staticData, continueOnFail: true });
		expect(over.requests).toHaveLength(0);
		expect(errorsOf(over)[0]).toMatchObject({ errorCode: 'NEW_VISITOR_LIMIT' });
		time.advance(MINUTE - SECOND);
		expect((await runNode({ items: visitors('third', 1), staticData, continueOnFail: true })).requests).toHaveLength(0);
		time.advance(SECOND);
		expect((await runNode({ items: visitors('third', 1), staticData })).requests).toHaveLength(1);
	});

	it('cache hits never count, and a spent budget still serves every cached visitor', async () => {
		const staticData = {};
		await runNode({ items: visitors('known', 30), staticData });
		time.advance(2 * MINUTE);
		for (let round = 0; round < 5; round++) expect((await runNode({ items: visitors('known', 30), staticData })).requests).toHaveLength(0);
		expect((await runNode({ items: visitors('new', 60), staticData })).requests).toHaveLength(60);
		const mixed = await runNode({ items: [...visitors('known', 30), ...visitors('late', 1)], staticData, continueOnFail: true });
		expect(mixed.requests).toHaveLength(0);
		expect(jsonOf(mixed).slice(0, 30).every((item) => item.cached === true)).toBe(true);
		expect(errorsOf(mixed)[30]).toMatchObject({ errorCode: 'NEW_VISITOR_LIMIT' });
	});

	it('items of one execution for the same email count once; a failed HubSpot call counts too', async () => {
		const staticData = {};
		const options = { newVisitorsPerMinute: 2, maxRetries: 0 };
		const same = await runNode({ items: [{ email: 'a@example.com' }, { email: 'A@example.com' }], staticData, options, hubspot: () => ({ statusCode: 500, body: {} }), continueOnFail: true });
		expect(same.requests).toHaveLength(1);
		expect((await runNode({ items: visitors('b', 2), staticData, options, continueOnFail: true })).requests).toHaveLength(1);
	});

	it('is kept per node: another node of the workflow has its own', async () => {
		const staticData = {};
		await runNode({ items: visitors('one', 60), staticData });
		const other = await runNode({ items: visitors('two', 1), staticData: {}, workflowId: 'another-workflow' });
		expect(other.requests).toHaveLength(1);
	});

	it('0 means no limit; the option is a whole number from 0 to 100,000', async () => {
		expect((await runNode({ items: visitors('many', 200), staticData: {}, options: { newVisitorsPerMinute: 0 } })).requests).toHaveLength(200);
		for (const bad of [-1, 100_001, 'many']) {
			const refused = await runNode({ items: visitors('x', 1), options: { newVisitorsPerMinute: bad } });
			expect(refused.error?.message).toBe(`The option "New Visitors per Minute" must be a number from 0 to 100000; it is ${JSON.stringify(bad)}.`);
			expect(refused.requests).toHaveLength(0);
		}
	});

	it('with the cache off every item is a new visitor and counts', async () => {
		const result = await runNode({ items: [{ email: 'a@example.com' }, { email: 'a@example.com' }, { email: 'a@example.com' }], options: { useCache: false, newVisitorsPerMinute: 2 }, continueOnFail: true });
		expect(result.requests).toHaveLength(2);
		expect(errorsOf(result)[2]).toMatchObject({ errorCode: 'NEW_VISITOR_LIMIT' });
	});
});
