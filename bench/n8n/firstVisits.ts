import { setTimeout as sleep } from 'node:timers/promises';

import { shuffled, visitors } from '../in-process/fixtures';
import type { BenchN8n } from './benchN8n';
import { cacheEntriesIn, WORKFLOW_IDS } from './benchN8n';
import { postJson, tokenOf } from './webhookClient';

export interface FirstVisitsPlan {
	visitors: number;
	/** Requests per visitor in the concurrent wave (a page asking more than once, several tabs). */
	requestsPerVisitor: number;
	concurrency: number;
}

export interface FirstVisitsResult {
	visitors: number;
	requestsPerVisitor: number;
	concurrency: number;
	requests: number;
	failedRequests: number;
	waveSeconds: number;
	/** HubSpot token calls during the concurrent wave. */
	hubspotCalls: number;
	hubspotCallsPerVisitor: number;
	/** Entries in the workflow's static data (read from n8n's SQLite database) once n8n has settled. */
	cacheEntriesAfterWave: number;
	/** Visitors who got a token but whose cache entry another execution's write erased. */
	cacheEntriesLost: number;
	staticDataBytes: number;
	/** Each visitor once more, one at a time: those whose entry was lost cost HubSpot a call again. */
	secondVisit: { served: number; fromCache: number; hubspotCalls: number };
}

/** n8n saves static data after answering: wait until two reads of the column a second apart agree. */
async function settledStaticData(bench: BenchN8n, workflowId: string): Promise<string | null> {
	let previous = await bench.n8n.readStaticData(workflowId);
	for (let attempt = 0; attempt < 20; attempt++) {
		await sleep(1000);
		const current = await bench.n8n.readStaticData(workflowId);
		if (current === previous) return current;
		previous = current;
	}
	return previous;
}

/**
 * Item 5, second half: visitors arriving together, on a workflow with an empty cache. Overlapping
 * executions each miss, each call HubSpot, and each write the whole static data they loaded plus their
 * own token: n8n keeps the last write, so entries written in between are lost.
 */
export async function measureFirstVisits(bench: BenchN8n, plan: FirstVisitsPlan): Promise<FirstVisitsResult> {
	const people = visitors('first-visit', plan.visitors);
	const requests = shuffled(people.flatMap((visitor) => Array.from({ length: plan.requestsPerVisitor }, () => visitor)), 7);
	const emails = new Set(people.map((visitor) => visitor.email));
	const callsFor = () => bench.hubspot.tokenCalls().filter((call) => call.email !== undefined && emails.has(call.email)).length;

	const callsBefore = callsFor();
	let next = 0;
	let failed = 0;
	const started = Date.now();
	await Promise.all(
		Array.from({ length: plan.concurrency }, async () => {
			while (next < requests.length) {
				const answer = await postJson(bench.url('firstVisits'), requests[next++]).catch(() => undefined);
				if (answer === undefined || answer.status !== 200 || tokenOf(answer) === undefined) failed++;
			}
		}),
	);
	const waveSeconds = (Date.now() - started) / 1000;
	const hubspotCalls = callsFor() - callsBefore;

	const column = await settledStaticData(bench, WORKFLOW_IDS.firstVisits);
	const entries = Object.keys(cacheEntriesIn(column)).length;

	const secondCallsBefore = callsFor();
	let served = 0;
	let fromCache = 0;
	for (const visitor of people) {
		const answer = await postJson(bench.url('firstVisits'), visitor);
		if (answer.status === 200 && tokenOf(answer) !== undefined) served++;
		if (answer.body?.cached === true) fromCache++;
		await sleep(50);
	}

	return {
		visitors: plan.visitors,
		requestsPerVisitor: plan.requestsPerVisitor,
		concurrency: plan.concurrency,
		requests: requests.length,
		failedRequests: failed,
		waveSeconds,
		hubspotCalls,
		hubspotCallsPerVisitor: hubspotCalls / plan.visitors,
		cacheEntriesAfterWave: entries,
		cacheEntriesLost: plan.visitors - entries,
		staticDataBytes: column === null ? 0 : Buffer.byteLength(column, 'utf8'),
		secondVisit: { served, fromCache, hubspotCalls: callsFor() - secondCallsBefore },
	};
}
