import { DEFAULT_PACING } from '../../nodes/HubspotVisitorIdentification/shared/pacing';
import { median } from '../stats';
import { elapsedMs, nowNs } from '../timing';
import { fixtureAccessToken, shuffled, visitors } from './fixtures';
import { slowHubspot } from './instantHubspot';
import { benchNode } from './nodeRunner';

/** Item 2 of the issue: one large execution with repeated visitors and a slow HubSpot, in real time. */
export interface BatchResult {
	items: number;
	distinctVisitors: number;
	hubspotLatencyMs: number;
	concurrency: number;
	runs: number;
	/** HubSpot calls of each run (every run starts with an empty cache). */
	hubspotCalls: number[];
	/** Most requests HubSpot saw at once, over all runs. */
	maxInFlight: number;
	wallMs: number[];
	wallMsMedian: number;
	/** ceil(distinct / concurrency) rounds of one HubSpot latency each. */
	idealMs: number;
	ratioToIdeal: number;
}

export interface BatchPlan {
	items: number;
	distinctVisitors: number;
	hubspotLatencyMs: number;
	runs: number;
}

export async function measureBatch(plan: BatchPlan): Promise<BatchResult> {
	const people = visitors('batch', plan.distinctVisitors);
	// Every visitor appears items/distinct times, spread through the batch as real traffic would be.
	const items = shuffled(Array.from({ length: plan.items }, (_, index) => people[index % people.length]));
	const calls: number[] = [];
	const wallMs: number[] = [];
	let maxInFlight = 0;

	for (let run = 0; run < plan.runs; run++) {
		const hubspot = slowHubspot(plan.hubspotLatencyMs);
		const node = benchNode({ accessToken: fixtureAccessToken(), hubspot });
		const start = nowNs();
		const output = await node.execute(items, {});
		wallMs.push(elapsedMs(start));
		calls.push(hubspot.calls());
		maxInFlight = Math.max(maxInFlight, hubspot.maxInFlight());

		// Every item got a token, and all items of one visitor got the same one.
		const tokenByEmail = new Map<string, unknown>();
		output.forEach((item, index) => {
			const email = items[index].email;
			if (typeof item.json.token !== 'string') throw new Error(`batch item ${index} has no token`);
			if (tokenByEmail.has(email) && tokenByEmail.get(email) !== item.json.token) throw new Error(`${email} got two tokens in one batch`);
			tokenByEmail.set(email, item.json.token);
		});
		if (output.length !== items.length) throw new Error(`batch returned ${output.length} items for ${items.length}`);
	}

	const idealMs = Math.ceil(plan.distinctVisitors / DEFAULT_PACING.concurrency) * plan.hubspotLatencyMs;
	const wallMsMedian = median(wallMs);
	return {
		items: plan.items,
		distinctVisitors: plan.distinctVisitors,
		hubspotLatencyMs: plan.hubspotLatencyMs,
		concurrency: DEFAULT_PACING.concurrency,
		runs: plan.runs,
		hubspotCalls: calls,
		maxInFlight,
		wallMs,
		wallMsMedian,
		idealMs,
		ratioToIdeal: wallMsMedian / idealMs,
	};
}
