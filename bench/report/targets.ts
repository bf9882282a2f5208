import type { BenchResults } from '../results';
import type { MeasuredAlgorithm } from '../verified/inProcess';
import type { VerifiedBenchResults } from '../verified/results';
import { bytes, ms, num, ratio, table } from './format';

/**
 * The figures the node was built to, next to what was measured. Only the figures: whether a timing on a
 * shared machine is good enough is for the reader (and the prose around the table) to say.
 */
export function targetsTable(results: BenchResults, verified: VerifiedBenchResults | undefined): string {
	const { cacheCost, batch, cacheSize } = results.inProcess;
	const first = cacheSize.points[0];
	const last = cacheSize.points[cacheSize.points.length - 1];
	const latency = results.realN8n?.latency;
	const notMeasured = 'not measured';
	const rows = [
		['In-process cache hit / floor', '≤ 2.5×', `${ratio(cacheCost.ratioToFloor.hitBatch)} per item in a batch; ${ratio(cacheCost.ratioToFloor.hitSingle)} for a one-item execution`],
		['Batch: HubSpot calls', `exactly ${num(batch.distinctVisitors)}`, batch.hubspotCalls.map((calls) => num(calls)).join(', ')],
		['Batch: wall time / ideal', `≤ 1.2× ${ms(batch.idealMs, 0)}`, `${ms(batch.wallMsMedian, 0)} (${ratio(batch.ratioToIdeal)})`],
		['Static data per entry', `≤ token length + 120 = ${bytes(cacheSize.bytesPerEntryLimit)}`, bytes(Math.max(...cacheSize.points.map((point) => point.bytesPerEntry)))],
		[`Per-write cost growth, ${num(first.entries)} to ${num(last.entries)} entries`, 'cost ∝ entries^b with b ≤ 1.2 (quadratic: b = 2)', `b = ${num(cacheSize.writeCostExponent, 2)}`],
		['Real n8n: cache hit / bare webhook (medians)', '≤ 1.10×', latency ? ratio(latency.ratios.hitToFloor) : notMeasured],
		['Real n8n: cache hit / uncached HTTP Request (medians)', '≤ 0.10×', latency ? ratio(latency.ratios.hitToUncached) : notMeasured],
	];
	if (verified) {
		const costs = verified.inProcess.costs;
		rows.push(['Verifying an ID token / `crypto.verify` alone (medians)', '≤ 1.5×', (Object.keys(costs) as MeasuredAlgorithm[]).map((alg) => `${alg} ${ratio(costs[alg].ratio)}`).join(', ')]);
		rows.push(['Real n8n: verified / unverified cache hit (medians)', '≤ 1.1×', verified.realN8n ? ratio(verified.realN8n.ratio) : notMeasured]);
	}
	return table(['Figure', 'Target', 'Measured'], rows);
}
