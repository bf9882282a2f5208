import type { ExecutionSavingResult } from '../n8n/executionSaving';
import type { LatencyScenario } from '../n8n/latency';
import type { BenchResults } from '../results';
import { bytes, ms, num, percent, ratio, signed, table } from './format';

type RealN8n = NonNullable<BenchResults['realN8n']>;

const SCENARIO_LABELS: Record<LatencyScenario, string> = {
	floor: 'Bare webhook (floor)',
	floorFields: 'Bare webhook + Edit Fields (3 expressions)',
	floorCredential: 'Bare webhook + TOTP (a credential)',
	floorFullStatic: 'Bare webhook, 1,000-entry cache in static data',
	hit: 'This node, cache hit',
	hitFullCache: 'This node, cache hit (1,000 entries)',
	uncached: 'HTTP Request to HubSpot, no cache',
	miss: 'This node, cache miss',
};

export function latencyTable(real: RealN8n): string {
	const l = real.latency;
	const rows = (Object.keys(SCENARIO_LABELS) as LatencyScenario[]).map((key) => [
		SCENARIO_LABELS[key],
		ms(l.ms[key].median),
		key === 'floor' ? '–' : signed(l.ms[key].median - l.ms.floor.median),
		ms(l.ms[key].p99),
		ms(l.ms[key].min),
		num(l.ms[key].samples),
		num(l.unexpected[key]),
		num(l.hubspotCalls[key]),
		bytes(real.savedExecutions[key].workflowDataBytes + real.savedExecutions[key].runDataBytes),
	]);
	const header = ['Workflow', 'Median', 'Median above the floor', 'p99', 'Min', 'Requests', 'Unexpected answers', 'HubSpot calls', 'Saved per execution'];
	return table(header, rows, ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r']);
}

/** Ratios and shares of the latency medians, with the in-process cost of a hit from the same run. */
export function latencyRatiosTable(real: RealN8n, results: BenchResults): string {
	const { ms: l, ratios } = real.latency;
	const hitOver = l.hit.median - l.floor.median;
	const uncachedOver = l.uncached.median - l.floor.median;
	const nodeWorkMs = results.inProcess.cacheCost.hitSingleNs.median / 1e6;
	// hit ≤ 0.1 × uncached  ⇔  floor + hitOver ≤ 0.1 × (floor + uncachedOver)  ⇔  floor ≤ (0.1 × uncachedOver − hitOver) / 0.9
	const floorAllowed = (0.1 * uncachedOver - hitOver) / 0.9;
	const entries = num(real.fullCacheEntries);
	return table(
		['Comparison (medians)', 'Value'],
		[
			['Cache hit / bare webhook', ratio(ratios.hitToFloor)],
			['Cache hit / HTTP Request to HubSpot (uncached)', ratio(ratios.hitToUncached)],
			['Uncached / cache hit', ratio(1 / ratios.hitToUncached)],
			['Bare webhook / uncached (a hit, which pays the floor too, cannot go below this)', ratio(l.floor.median / l.uncached.median)],
			[`Cache hit with ${entries} entries / bare webhook`, ratio(ratios.hitFullCacheToFloor)],
			[`Cache hit with ${entries} entries / cache hit`, ratio(l.hitFullCache.median / l.hit.median)],
			[`Bare webhook with the ${entries}-entry static data / bare webhook`, ratio(ratios.floorFullStaticToFloor)],
			['Cache miss / uncached', ratio(ratios.missToUncached)],
			["Share of the uncached path's time above the floor that a hit saves", percent(1 - hitOver / uncachedOver)],
			["The node's own work on a hit, in-process (one-item execution)", ms(nodeWorkMs, 3)],
			["The same, as a share of a hit's time above the floor", percent(nodeWorkMs / hitOver, 1)],
			['Bare-webhook median under which a hit would be ≤ 0.10× the uncached path, the rest unchanged', floorAllowed > 0 ? ms(floorAllowed) : 'none'],
		],
		['l', 'r'],
	);
}

export function throughputTable(real: RealN8n): string {
	const t = real.throughput;
	const rows = t.points.map((point) => [
		num(point.concurrency),
		point.workflow === 'hit' ? SCENARIO_LABELS.hit : SCENARIO_LABELS.floor,
		num(point.requestsPerSecond, 1),
		point.workflow === 'hit' ? ratio(t.hitToFloor[String(point.concurrency)]) : '–',
		ms(point.ms.median),
		ms(point.ms.p99),
		num(point.requests),
		num(point.unexpected),
		num(point.hubspotCalls),
	]);
	const header = ['Concurrency', 'Workflow', 'Requests/s', "Share of the bare webhook's rate", 'Median', 'p99', 'Requests', 'Unexpected answers', 'HubSpot calls'];
	return table(header, rows, ['r', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r']);
}

export function firstVisitsTable(real: RealN8n): string {
	const f = real.firstVisits;
	return table(
		['', ''],
		[
			['Visitors, requests each, concurrency', `${num(f.visitors)}, ${num(f.requestsPerVisitor)}, ${num(f.concurrency)} (${num(f.requests)} requests in ${num(f.waveSeconds, 1)} s)`],
			['Failed requests', num(f.failedRequests)],
			['HubSpot calls (per distinct visitor)', `${num(f.hubspotCalls)} (${num(f.hubspotCallsPerVisitor, 2)})`],
			['Cache entries in static data afterwards (SQLite)', `${num(f.cacheEntriesAfterWave)} of ${num(f.visitors)}: ${num(f.cacheEntriesLost)} lost (${percent(f.cacheEntriesLost / f.visitors)})`],
			['Static data size afterwards', bytes(f.staticDataBytes)],
			['Second visit, one at a time: served / from cache / HubSpot calls', `${num(f.secondVisit.served)} / ${num(f.secondVisit.fromCache)} / ${num(f.secondVisit.hubspotCalls)}`],
		],
	);
}

export function executionSavingTable(s: ExecutionSavingResult): string {
	const label = { on: "Saved (n8n's default: `saveDataSuccessExecution: all`)", off: 'Not saved (the examples: `none`)' } as const;
	const rows = (['on', 'off'] as const).map((saving) => [
		label[saving],
		ms(s.ms[saving].hit.median),
		ms(s.ms[saving].hit.p99),
		ms(s.ms[saving].miss.median),
		ms(s.ms[saving].hitBackToBack.median),
		num(s.unexpected[saving]),
		num(s.saved[saving].executions - (s.saved[saving].markedDeleted ?? 0)),
		num(s.saved[saving].markedDeleted ?? 0),
		s.saved[saving].executions > 0 ? bytes(s.saved[saving].workflowDataBytes + s.saved[saving].runDataBytes) : '–',
	]);
	rows.push(['Not saved minus saved', signed(s.offMinusOnMs.hit), '–', signed(s.offMinusOnMs.miss), signed(s.offMinusOnMs.hitBackToBack), '–', '–', '–', '–']);
	const header = ['Basic example', 'Hit median', 'Hit p99', 'Miss median', 'Hit, back to back: median', 'Unexpected answers', 'Executions kept', 'Marked deleted, not yet removed', 'Stored per execution'];
	return [
		`${num(s.requestsPerCase)} requests per case in one n8n ${s.n8nVersion}, HubSpot at ${ms(s.hubspotLatencyMs, 0)}, ${ms(s.gapMs, 0)} pause after each spaced-out answer.`,
		'',
		table(header, rows, ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r']),
	].join('\n');
}
