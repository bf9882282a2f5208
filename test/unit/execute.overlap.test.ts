import type { IDataObject } from 'n8n-workflow';

import { cacheEntriesIn } from '../support/cacheInStaticData';
import { defaultHubspot, jsonOf, runNode, type RecordedRequest } from '../support/executeContext';
import { takeOverClock } from '../support/fakeClock';

let time: ReturnType<typeof takeOverClock>;
beforeEach(() => (time = takeOverClock()));
afterEach(() => time.release());

/** A copy of static data as an execution loads it from n8n's database when it starts. */
const snapshot = (stored: IDataObject): IDataObject => JSON.parse(JSON.stringify(stored)) as IDataObject;
const entryCount = (staticData: IDataObject) => Object.keys(cacheEntriesIn(staticData)).length;

describe('overlapping executions of one workflow in one n8n process', () => {
	it('do not erase each other\'s new entries (n8n writes back each execution\'s whole copy)', async () => {
		const workflowId = 'wf-overlap-1';
		const database: IDataObject = {};
		const copyA = snapshot(database);
		const copyB = snapshot(database);
		await runNode({ items: [{ email: 'a@example.com' }], staticData: copyA, workflowId });
		await runNode({ items: [{ email: 'b@example.com' }], staticData: copyB, workflowId });
		// B finished last, so B's copy is what n8n saved: it still holds A's visitor.
		expect(entryCount(copyB)).toBe(2);
		const later = await runNode({ items: [{ email: 'a@example.com' }, { email: 'b@example.com' }], staticData: snapshot(copyB), workflowId, freshProcess: true });
		expect(later.requests).toHaveLength(0);
	});

	it('make one HubSpot call for concurrent first visits of one visitor, and share its token', async () => {
		const workflowId = 'wf-overlap-2';
		let release!: () => void;
		const hubspotAnswers = new Promise<void>((resolve) => (release = resolve));
		const slowHubspot = async () => {
			await hubspotAnswers;
			return defaultHubspot();
		};
		const visits = [1, 2, 3].map(() => runNode({ items: [{ email: 'same@example.com' }], staticData: {}, workflowId, hubspot: slowHubspot }));
		await new Promise((resolve) => setImmediate(resolve));
		release();
		const results = await Promise.all(visits);
		const calls = results.reduce((sum, result) => sum + result.requests.length, 0);
		const items = results.map((result) => jsonOf(result)[0]);
		expect(calls).toBe(1);
		expect(new Set(items.map((item) => item.token)).size).toBe(1);
		expect(items.map((item) => item.cached).sort()).toEqual([false, true, true]);
	});

	it('share each token as soon as its call answers, not when the other execution\'s whole batch ends', async () => {
		const workflowId = 'wf-overlap-early';
		let answerY!: () => void;
		const yMayAnswer = new Promise<void>((resolve) => (answerY = resolve));
		let xAnswered!: () => void;
		const xWasAnswered = new Promise<void>((resolve) => (xAnswered = resolve));
		// HubSpot answers x at once and y only when the test says so.
		const hubspot = async (request: RecordedRequest) => {
			const email = (request.options.body as { email: string }).email;
			if (email === 'y@example.com') await yMayAnswer;
			else xAnswered();
			return defaultHubspot();
		};
		const executionA = runNode({ items: [{ email: 'x@example.com' }, { email: 'y@example.com' }], staticData: {}, workflowId, hubspot });
		await xWasAnswered;
		// Let A take in x's answer; y is still waiting at HubSpot.
		for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));

		const executionB = await runNode({ items: [{ email: 'x@example.com' }], staticData: {}, workflowId, hubspot });
		expect(executionB.requests).toHaveLength(0);
		expect(jsonOf(executionB)[0].cached).toBe(true);

		answerY();
		const a = await executionA;
		expect(a.requests).toHaveLength(2);
		expect(jsonOf(executionB)[0].token).toBe(jsonOf(a)[0].token);
	});

	it('serve a token an overlapping execution\'s write lost, and write it back', async () => {
		const workflowId = 'wf-overlap-3';
		const first = jsonOf(await runNode({ items: [{ email: 'c@example.com' }], staticData: {}, workflowId }));
		// A copy loaded before that write: it holds a cache, but not c's entry.
		const lostCopy: IDataObject = {};
		await runNode({ items: [{ email: 'other@example.com' }], staticData: lostCopy, workflowId: 'wf-elsewhere' });
		const foreign = await runNode({ items: [{ email: 'c@example.com' }], staticData: lostCopy, workflowId });
		expect(foreign.requests).toHaveLength(0);
		expect(jsonOf(foreign)[0]).toMatchObject({ token: first[0].token, cached: true });
		expect(Object.keys(cacheEntriesIn(lostCopy))).toHaveLength(2);
	});

	it('serve such a token without writing when their copy holds no cache at all (what n8n 2.x queue-mode workers get)', async () => {
		const workflowId = 'wf-overlap-3b';
		const first = jsonOf(await runNode({ items: [{ email: 'c@example.com' }], staticData: {}, workflowId }));
		const emptyCopy: IDataObject = {};
		const again = await runNode({ items: [{ email: 'c@example.com' }], staticData: emptyCopy, workflowId });
		expect(again.requests).toHaveLength(0);
		expect(jsonOf(again)[0]).toMatchObject({ token: first[0].token, cached: true });
		expect(emptyCopy).toEqual({});
	});

	it('share nothing with another workflow or after a restart', async () => {
		await runNode({ items: [{ email: 'd@example.com' }], staticData: {}, workflowId: 'wf-overlap-4' });
		expect((await runNode({ items: [{ email: 'd@example.com' }], staticData: {}, workflowId: 'wf-other' })).requests).toHaveLength(1);
		expect((await runNode({ items: [{ email: 'd@example.com' }], staticData: {}, workflowId: 'wf-overlap-4', freshProcess: true })).requests).toHaveLength(1);
	});

	it('keep what they share as private as static data: no email, no token in the clear', async () => {
		const workflowId = 'wf-overlap-5';
		const [item] = jsonOf(await runNode({ items: [{ email: 'e@example.com' }], staticData: {}, workflowId }));
		const { shareFor } = await import('../../nodes/HubspotVisitorIdentification/shared/processShare');
		const { deriveCacheSecrets } = await import('../../nodes/HubspotVisitorIdentification/shared/cacheSecrets');
		const shared = JSON.stringify(shareFor(workflowId, 'HubSpot Visitor Identification', deriveCacheSecrets('pat-na1-unit-test-token').keyId).issued);
		expect(shared).not.toContain('e@example.com');
		expect(shared).not.toContain(item.token as string);
		expect(shared.length).toBeGreaterThan(50);
	});
});
