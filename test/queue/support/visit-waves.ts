import { setTimeout as sleep } from 'node:timers/promises';

import { shuffled } from '../../../bench/in-process/fixtures';
import { runConcurrently } from '../../e2e/support/load';
import { postJson, tokenIn } from '../../e2e/support/webhook-client';
import { cacheEntryCount } from './cache-entries';
import { WORKERS, type QueueN8n } from './queue-n8n';

export interface VisitWavePlan {
	/** Distinct new visitors, named by `label` so that waves never share a cache entry. */
	visitors: number;
	label: string;
	requestsPerVisitor: number;
	concurrency: number;
}

/** One pass of requests: what went wrong, for the report and the assertions. */
export interface PassResult {
	requests: number;
	/** Requests not answered 200 with a token: "<email>: <status or error>". */
	failed: string[];
	/** Answers carrying a token HubSpot issued for another email: "<asked> got <issued for>". */
	wrongVisitor: string[];
	fromCache: number;
	hubspotCalls: number;
	seconds: number;
}

export interface VisitWaveResult {
	plan: VisitWavePlan;
	/** Every visitor's requests shuffled together, `concurrency` in flight. */
	concurrent: PassResult;
	/** Then every visitor once more, one at a time. */
	oneByOne: PassResult;
	/** Cache entries in Postgres between the passes, once n8n's writes have settled. */
	entriesAfterConcurrent: number;
	entriesAfterOneByOne: number;
	/** HubSpot token calls for these visitors over both passes, per visitor (1.00 = one each). */
	hubspotCallsPerVisitor: number;
	/** Executions each worker started during the waves. */
	executionsPerWorker: Record<string, number>;
}

function email(label: string, index: number): string {
	return `${label}-${String(index).padStart(3, '0')}@queue.example.com`;
}

/** The visitors a plan's waves ask for, in order. */
export function waveVisitors(plan: Pick<VisitWavePlan, 'label' | 'visitors'>): string[] {
	return Array.from({ length: plan.visitors }, (_, index) => email(plan.label, index));
}

/** n8n writes static data after answering: wait until two reads a second apart agree (bounded). */
export async function settledStaticData(rig: QueueN8n): Promise<string | null> {
	let previous = await rig.postgres.staticData(rig.workflow.id);
	for (let attempt = 0; attempt < 20; attempt++) {
		await sleep(1000);
		const current = await rig.postgres.staticData(rig.workflow.id);
		if (current === previous) return current;
		previous = current;
	}
	return previous;
}

async function runPass(rig: QueueN8n, emails: readonly string[], concurrency: number): Promise<PassResult> {
	const known = new Set(emails);
	const callsFor = () => rig.sim.tokenCalls().filter((call) => call.email !== undefined && known.has(call.email)).length;
	const callsBefore = callsFor();
	const startedAt = Date.now();
	const failed: string[] = [];
	const wrongVisitor: string[] = [];
	let fromCache = 0;
	// The example does not tell a caller whether a token came from the cache: a token already seen did.
	const seenTokens = new Set(rig.sim.tokenCalls().filter((call) => call.email !== undefined && known.has(call.email)).map((call) => call.token));
	const answeredTokens = new Set<string>();
	await runConcurrently(emails.length, concurrency, async (index) => {
		const asked = emails[index];
		try {
			const answer = await postJson(rig.url, { email: asked, firstName: 'Queue', lastName: 'Visitor' });
			const token = tokenIn(answer);
			if (answer.status !== 200 || token === undefined) {
				failed.push(`${asked}: HTTP ${answer.status} ${answer.text.slice(0, 120)}`);
				return;
			}
			const issuedFor = rig.sim.emailForToken(token);
			if (issuedFor !== asked) wrongVisitor.push(`${asked} got ${String(issuedFor)}`);
			if (seenTokens.has(token) || answeredTokens.has(token)) fromCache++;
			answeredTokens.add(token);
		} catch (error) {
			failed.push(`${asked}: ${(error as Error).message}`);
		}
	});
	return { requests: emails.length, failed, wrongVisitor, fromCache, hubspotCalls: callsFor() - callsBefore, seconds: (Date.now() - startedAt) / 1000 };
}

/**
 * Concurrent first visits across the workers, then a second visit of each visitor one at a time (which
 * costs a HubSpot call for every visitor whose entry the workers' last-writer-wins writes lost).
 */
export async function runVisitWaves(rig: QueueN8n, plan: VisitWavePlan): Promise<VisitWaveResult> {
	const people = waveVisitors(plan);
	const executionsBefore = await Promise.all(WORKERS.map(async (role) => (await rig.executionsStartedBy(role)).length));

	const requests = shuffled(people.flatMap((person) => Array.from({ length: plan.requestsPerVisitor }, () => person)), 7);
	const concurrent = await runPass(rig, requests, plan.concurrency);
	const entriesAfterConcurrent = cacheEntryCount(await settledStaticData(rig));
	const oneByOne = await runPass(rig, people, 1);
	const entriesAfterOneByOne = cacheEntryCount(await settledStaticData(rig));

	const executionsAfter = await Promise.all(WORKERS.map(async (role) => (await rig.executionsStartedBy(role)).length));
	return {
		plan,
		concurrent,
		oneByOne,
		entriesAfterConcurrent,
		entriesAfterOneByOne,
		hubspotCallsPerVisitor: (concurrent.hubspotCalls + oneByOne.hubspotCalls) / plan.visitors,
		executionsPerWorker: Object.fromEntries(WORKERS.map((role, index) => [role, executionsAfter[index] - executionsBefore[index]])),
	};
}
