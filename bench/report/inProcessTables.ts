import type { BenchResults } from '../results';
import type { Distribution } from '../stats';
import { bytes, ms, num, ratio, table, us } from './format';

type InProcess = BenchResults['inProcess'];

export function costPerItemTable({ cacheCost: c }: InProcess): string {
	const row = (label: string, d: Distribution, toFloor: number) => [label, us(d.median, 2), us(d.p99, 2), us(d.min, 2), num(d.samples), ratio(toFloor)];
	return [
		`Cache of ${num(c.cacheEntries)} entries.`,
		'',
		table(
			['Case', 'Median', 'p99', 'Min', 'Samples', 'Ratio to floor'],
			[
				row('Floor: keyed hash + lookup + decrypt, called directly (per lookup)', c.floorNs, 1),
				row(`Cache hit, per item of a ${num(c.hitBatchItems)}-item execution`, c.hitBatchNsPerItem, c.ratioToFloor.hitBatch),
				row('Cache hit, one-item execution (a webhook request)', c.hitSingleNs, c.ratioToFloor.hitSingle),
				row(`Cache miss, instant HubSpot, per item of a ${num(c.missBatchItems)}-item execution`, c.missBatchNsPerItem, c.ratioToFloor.missBatch),
				row('Cache miss, instant HubSpot, one-item execution', c.missSingleNs, c.ratioToFloor.missSingle),
			],
			['l', 'r', 'r', 'r', 'r', 'r'],
		),
	].join('\n');
}

export function batchTable({ batch: b }: InProcess): string {
	return table(
		['', ''],
		[
			['Items / distinct visitors / HubSpot latency', `${num(b.items)} / ${num(b.distinctVisitors)} / ${ms(b.hubspotLatencyMs, 0)}`],
			['Concurrency (DEFAULT_PACING)', `${num(b.concurrency)} (most in flight seen: ${num(b.maxInFlight)})`],
			['HubSpot calls per run', b.hubspotCalls.map((calls) => num(calls)).join(', ')],
			['Wall time per run', b.wallMs.map((value) => ms(value, 0)).join(', ')],
			[`Median wall time / ideal ceil(${num(b.distinctVisitors)} / ${num(b.concurrency)}) × ${ms(b.hubspotLatencyMs, 0)}`, `${ms(b.wallMsMedian, 0)} / ${ms(b.idealMs, 0)} = ${ratio(b.ratioToIdeal)}`],
		],
	);
}

export function cacheSizeTable({ cacheSize: s }: InProcess): string {
	const first = s.points[0];
	const last = s.points[s.points.length - 1];
	const msOf = (d: Distribution) => ms(d.median / 1e6, 3);
	const facts = table(
		['', ''],
		[
			['Token length / empty cache', `${num(s.tokenLength)} characters / ${bytes(s.emptyCacheBytes)}`],
			['Bytes per entry allowed (token length + 120)', bytes(s.bytesPerEntryLimit)],
			[`Per-entry write cost at ${num(last.entries)} entries / at ${num(first.entries)}`, ratio(s.writeCostPerEntryGrowth)],
			['Exponent b in write cost ∝ entries^b (1 linear, 2 quadratic)', num(s.writeCostExponent, 2)],
		],
	);
	const header = ['Entries', 'Static data', 'Bytes per entry', 'Prune + evict', 'Serialise', 'Per write (both)', 'Per write, per entry', 'Parse', 'n8n load per request', 'Same, 0.1.x form'];
	const rows = s.points.map((point) => [
		num(point.entries),
		bytes(point.staticDataBytes),
		num(point.bytesPerEntry, 1),
		msOf(point.pruneEvictNs),
		msOf(point.serialiseNs),
		msOf(point.writeNs),
		`${num(point.writeNs.median / point.entries, 0)} ns`,
		msOf(point.parseNs),
		msOf(point.loadNs),
		msOf(point.loadFlatNs),
	]);
	return [facts, '', `Medians of ${num(first.writeNs.samples)} samples.`, '', table(header, rows, header.map(() => 'r'))].join('\n');
}
