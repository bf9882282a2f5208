import type { BenchResults } from '../results';
import { bytes, ms, num, percent, ratio } from './format';

/** One target of the issue, checked against a run. */
export interface TargetCheck {
	id: 'inProcessHit' | 'batchCalls' | 'batchWall' | 'bytesPerEntry' | 'writeGrowth' | 'hitToFloor' | 'hitToUncached';
	item: string;
	target: string;
	measured: string;
	/** Undefined when the run did not measure it (the real-n8n part was skipped). */
	met: boolean | undefined;
	/** How far from the target, in the target's own terms. */
	margin: string;
}

/**
 * The largest exponent b (cost ∝ entries^b, from the smallest to the largest cache) still read as linear:
 * timer noise and V8's switch to slower property storage past ~1,000 keys move b a little above 1, while a
 * quadratic write would be 2.
 */
export const LINEAR_EXPONENT_LIMIT = 1.2;

function overOrUnder(measured: number, limit: number, unit: (value: number) => string): string {
	const difference = measured - limit;
	if (difference <= 0) return `${unit(-difference)} under the limit`;
	return `${unit(difference)} over (${percent(measured / limit - 1)} more than allowed)`;
}

export function checkTargets(results: BenchResults): TargetCheck[] {
	const { cacheCost, batch, cacheSize } = results.inProcess;
	const largest = cacheSize.points[cacheSize.points.length - 1];
	const worstBytesPerEntry = Math.max(...cacheSize.points.map((point) => point.bytesPerEntry));
	const checks: TargetCheck[] = [
		{
			id: 'inProcessHit',
			item: '1. In-process cache hit vs floor',
			target: '≤ 2.5× floor',
			measured: `${ratio(cacheCost.ratioToFloor.hitBatch)} per item in a batch; ${ratio(cacheCost.ratioToFloor.hitSingle)} for a one-item execution`,
			met: cacheCost.ratioToFloor.hitBatch <= 2.5,
			margin: overOrUnder(cacheCost.ratioToFloor.hitBatch, 2.5, (value) => ratio(value)),
		},
		{
			id: 'batchCalls',
			item: '2. Batch: HubSpot calls',
			target: `exactly ${batch.distinctVisitors}`,
			measured: batch.hubspotCalls.map((calls) => num(calls)).join(', '),
			met: batch.hubspotCalls.every((calls) => calls === batch.distinctVisitors),
			margin: batch.hubspotCalls.every((calls) => calls === batch.distinctVisitors)
				? 'exact in every run'
				: `off by up to ${num(Math.max(...batch.hubspotCalls.map((calls) => Math.abs(calls - batch.distinctVisitors))))}`,
		},
		{
			id: 'batchWall',
			item: '2. Batch: wall time vs ideal',
			target: `≤ 1.2× ${ms(batch.idealMs, 0)}`,
			measured: `${ms(batch.wallMsMedian, 0)} (${ratio(batch.ratioToIdeal)})`,
			met: batch.ratioToIdeal <= 1.2,
			margin: overOrUnder(batch.ratioToIdeal, 1.2, (value) => ratio(value)),
		},
		{
			id: 'bytesPerEntry',
			item: '3. Static data per entry',
			target: `≤ token length + 120 = ${bytes(cacheSize.bytesPerEntryLimit)}`,
			measured: bytes(worstBytesPerEntry),
			met: worstBytesPerEntry <= cacheSize.bytesPerEntryLimit,
			margin: overOrUnder(worstBytesPerEntry, cacheSize.bytesPerEntryLimit, (value) => bytes(value)),
		},
		{
			id: 'writeGrowth',
			item: '3. Per-write cost growth',
			target: `no worse than linear: cost ∝ entries^b with b ≤ ${num(LINEAR_EXPONENT_LIMIT, 1)} from ${num(cacheSize.points[0].entries)} to ${num(largest.entries)} (quadratic: b = 2)`,
			measured: `b = ${num(cacheSize.writeCostExponent, 2)} (per-entry cost ${ratio(cacheSize.writeCostPerEntryGrowth)})`,
			met: cacheSize.writeCostExponent <= LINEAR_EXPONENT_LIMIT,
			margin: overOrUnder(cacheSize.writeCostExponent, LINEAR_EXPONENT_LIMIT, (value) => num(value, 2)),
		},
	];
	const latency = results.realN8n?.latency;
	checks.push(
		{
			id: 'hitToFloor',
			item: '4. Real n8n: cache hit vs bare webhook',
			target: '≤ 1.10× floor (median)',
			measured: latency ? `${ratio(latency.ratios.hitToFloor)} (${ms(latency.ms.hit.median)} vs ${ms(latency.ms.floor.median)})` : 'not measured',
			met: latency ? latency.ratios.hitToFloor <= 1.1 : undefined,
			margin: latency ? overOrUnder(latency.ratios.hitToFloor, 1.1, (value) => ratio(value)) : '',
		},
		{
			id: 'hitToUncached',
			item: '4. Real n8n: cache hit vs uncached HTTP Request',
			target: '≤ 0.10× uncached (median)',
			measured: latency ? `${ratio(latency.ratios.hitToUncached)} (${ms(latency.ms.hit.median)} vs ${ms(latency.ms.uncached.median)})` : 'not measured',
			met: latency ? latency.ratios.hitToUncached <= 0.1 : undefined,
			margin: latency ? overOrUnder(latency.ratios.hitToUncached, 0.1, (value) => ratio(value)) : '',
		},
	);
	return checks;
}

export function verdict(check: TargetCheck): string {
	if (check.met === undefined) return '—';
	return check.met ? 'met' : '**missed**';
}
