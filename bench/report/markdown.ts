import type { BenchResults } from '../results';
import type { ScaleResults } from '../scale/scaleResults';
import { SCENARIO_LABELS } from './charts';
import { executionSavingHeadline, executionSavingSection } from './executionSaving';
import { bytes, ms, num, percent, ratio, table, us } from './format';
import { scaleSection } from './scaleMarkdown';
import { checkTargets, verdict, type TargetCheck } from './targets';

export interface ChartLinks {
	latency: string;
	throughput: string;
	firstVisits: string;
}

function machineSection(results: BenchResults): string {
	const m = results.machine;
	const rows: string[][] = [
		['CPU', `${m.cpuModel}, ${m.logicalCores} logical cores`],
		['Memory', `${num(m.memoryGiB, 1)} GiB`],
		['OS', m.os],
		['Node.js (benchmark, in-process part)', m.node],
	];
	if (m.n8nVersion) rows.push(['n8n', `${m.n8nVersion} on Node.js ${m.n8nNode ?? '?'} (SQLite, regular mode, default settings)`]);
	rows.push(
		['Load average (1 min) at start / end', `${num(m.loadAverageAtStart, 2)} / ${m.loadAverageAtEnd === undefined ? '?' : num(m.loadAverageAtEnd, 2)}`],
		['Commit', m.commit ?? 'unknown'],
		['Run', `${results.startedAt} (${num(results.durationSeconds / 60, 1)} min), mode \`${results.mode}\``],
		['Command', `\`${results.command}\``],
	);
	return table(['', ''], rows);
}

function headline(results: BenchResults): string {
	const real = results.realN8n;
	const { cacheCost, batch, cacheSize } = results.inProcess;
	const lines: string[] = [];
	if (real) {
		const l = real.latency;
		lines.push(
			`- **Real n8n ${real.n8nVersion}, HubSpot at ${real.hubspotLatencyMs} ms:** a cache hit answers the website in **${ms(l.ms.hit.median)}** median ` +
				`(p99 ${ms(l.ms.hit.p99)}), against ${ms(l.ms.floor.median)} for a bare Webhook → Respond to Webhook and ` +
				`${ms(l.ms.uncached.median)} for an HTTP Request node calling HubSpot on every request: ` +
				`**${ratio(l.ratios.hitToFloor)} the floor, ${ratio(l.ratios.hitToUncached)} the uncached path** (${ratio(1 / l.ratios.hitToUncached, 1)} faster).`,
		);
		const hit32 = real.throughput.points.find((p) => p.workflow === 'hit' && p.concurrency === 32);
		const floor32 = real.throughput.points.find((p) => p.workflow === 'floor' && p.concurrency === 32);
		if (hit32 && floor32) {
			const hitCalls = real.throughput.points.filter((p) => p.workflow === 'hit').reduce((sum, p) => sum + p.hubspotCalls, 0);
			lines.push(
				`- **Throughput on hits** at 32 concurrent clients: ${num(hit32.requestsPerSecond)} requests/s ` +
					`(bare webhook: ${num(floor32.requestsPerSecond)}/s), ${hitCalls === 0 ? 'no HubSpot call' : `${num(hitCalls)} HubSpot calls`}.`,
			);
		}
		const f = real.firstVisits;
		lines.push(
			`- **Concurrent first visits** (${f.visitors} visitors × ${f.requestsPerVisitor}, ${f.concurrency} at a time): ` +
				`${num(f.hubspotCallsPerVisitor, 2)} HubSpot calls per visitor; n8n's last-writer-wins static data kept ` +
				`${num(f.cacheEntriesAfterWave)} of ${num(f.visitors)} entries (${num(f.cacheEntriesLost)} lost), so the next visit cost ` +
				`${num(f.secondVisit.hubspotCalls)} more calls.`,
		);
	}
	if (results.executionSaving) lines.push(executionSavingHeadline(results.executionSaving));
	lines.push(
		`- **In-process:** a cache hit costs ${us(cacheCost.hitBatchNsPerItem.median)} per item, ${ratio(cacheCost.ratioToFloor.hitBatch)} the bare ` +
			`hash + lookup + decrypt (${us(cacheCost.floorNs.median)}).`,
		`- **Batch** of ${num(batch.items)} items / ${num(batch.distinctVisitors)} visitors / ${batch.hubspotLatencyMs} ms HubSpot: ` +
			`${batch.hubspotCalls.join(', ')} HubSpot calls, ${ms(batch.wallMsMedian, 0)} against an ideal of ${ms(batch.idealMs, 0)} (${ratio(batch.ratioToIdeal)}).`,
		`- **Cache size:** ${bytes(cacheSize.points[0].bytesPerEntry)} of static data per entry for a ${cacheSize.tokenLength}-character token ` +
			`(limit ${bytes(cacheSize.bytesPerEntryLimit)}); writing one token into a full cache of ${num(cacheSize.points[cacheSize.points.length - 1].entries)} costs ` +
			`${ms(cacheSize.points[cacheSize.points.length - 1].writeNs.median / 1e6)}.`,
	);
	return lines.join('\n');
}

function targetsSection(checks: TargetCheck[]): string {
	return table(
		['Item', 'Target', 'Measured', 'Verdict', 'Margin'],
		checks.map((check) => [check.item, check.target, check.measured, verdict(check), check.margin]),
	);
}

function latencySection(results: BenchResults, charts: ChartLinks): string {
	const real = results.realN8n!;
	const l = real.latency;
	const order = ['floor', 'floorFields', 'floorCredential', 'floorFullStatic', 'hit', 'hitFullCache', 'uncached', 'miss'] as const;
	const rows = order.map((key) => [
		SCENARIO_LABELS[key],
		ms(l.ms[key].median),
		ms(l.ms[key].p99),
		ms(l.ms[key].min),
		num(l.ms[key].samples),
		num(l.unexpected[key]),
		num(l.hubspotCalls[key]),
		bytes(real.savedExecutions[key].workflowDataBytes + real.savedExecutions[key].runDataBytes),
	]);
	return [
		`![Webhook latency](${charts.latency})`,
		'',
		table(['Workflow', 'Median', 'p99', 'Min', 'Requests', 'Unexpected answers', 'HubSpot calls', 'Saved per execution'], rows, [
			'l',
			'r',
			'r',
			'r',
			'r',
			'r',
			'r',
			'r',
		]),
		'',
		`Ratios of medians: cache hit / floor **${ratio(l.ratios.hitToFloor)}**; cache hit / uncached **${ratio(l.ratios.hitToUncached)}**; ` +
			`cache hit with ${num(real.fullCacheEntries)} entries / floor ` +
			`${ratio(l.ratios.hitFullCacheToFloor)}; cache miss / uncached ${ratio(l.ratios.missToUncached)}.`,
	].join('\n');
}

function throughputSection(results: BenchResults, charts: ChartLinks): string {
	const t = results.realN8n!.throughput;
	const rows = t.points.map((point) => [
		num(point.concurrency),
		point.workflow === 'hit' ? SCENARIO_LABELS.hit : SCENARIO_LABELS.floor,
		num(point.requestsPerSecond, 1),
		ms(point.ms.median),
		ms(point.ms.p99),
		num(point.requests),
		num(point.unexpected),
		num(point.hubspotCalls),
	]);
	const ratios = Object.entries(t.hitToFloor)
		.map(([concurrency, value]) => `${concurrency}: ${ratio(value)}`)
		.join(', ');
	return [
		`![Throughput on cache hits](${charts.throughput})`,
		'',
		table(['Concurrency', 'Workflow', 'Requests/s', 'Median', 'p99', 'Requests', 'Unexpected answers', 'HubSpot calls'], rows, [
			'r',
			'l',
			'r',
			'r',
			'r',
			'r',
			'r',
			'r',
		]),
		'',
		`Hit throughput as a share of the bare webhook's, by concurrency: ${ratios}.`,
	].join('\n');
}

function firstVisitsSection(results: BenchResults, charts: ChartLinks): string {
	const f = results.realN8n!.firstVisits;
	return [
		`![Concurrent first visits](${charts.firstVisits})`,
		'',
		table(
			['', ''],
			[
				['Visitors, requests each, concurrency', `${num(f.visitors)}, ${num(f.requestsPerVisitor)}, ${num(f.concurrency)} (${num(f.requests)} requests in ${num(f.waveSeconds, 1)} s)`],
				['Failed requests', num(f.failedRequests)],
				['HubSpot calls (per distinct visitor)', `${num(f.hubspotCalls)} (${num(f.hubspotCallsPerVisitor, 2)})`],
				['Cache entries in static data afterwards (SQLite)', `${num(f.cacheEntriesAfterWave)} of ${num(f.visitors)}: **${num(f.cacheEntriesLost)} lost** (${percent(f.cacheEntriesLost / f.visitors)})`],
				['Static data size afterwards', bytes(f.staticDataBytes)],
				['Second visit, one at a time: served / from cache / HubSpot calls', `${num(f.secondVisit.served)} / ${num(f.secondVisit.fromCache)} / ${num(f.secondVisit.hubspotCalls)}`],
			],
		),
	].join('\n');
}

function inProcessSections(results: BenchResults): string {
	const { cacheCost: c, batch: b, cacheSize: s } = results.inProcess;
	const row = (label: string, d: { median: number; p99: number; min: number }, ratioToFloor: string) => [label, us(d.median, 2), us(d.p99, 2), us(d.min, 2), ratioToFloor];
	const cost = table(
		['Case', 'Median', 'p99', 'Min', 'Ratio to floor'],
		[
			row('Floor: keyed hash + lookup + decrypt, called directly (per lookup)', c.floorNs, '1.00×'),
			row(`Cache hit, per item of a ${num(c.hitBatchItems)}-item execution`, c.hitBatchNsPerItem, ratio(c.ratioToFloor.hitBatch)),
			row('Cache hit, one-item execution (a webhook request)', c.hitSingleNs, ratio(c.ratioToFloor.hitSingle)),
			row(`Cache miss, instant HubSpot, per item of a ${num(c.missBatchItems)}-item execution`, c.missBatchNsPerItem, ratio(c.ratioToFloor.missBatch)),
			row('Cache miss, instant HubSpot, one-item execution', c.missSingleNs, ratio(c.ratioToFloor.missSingle)),
		],
		['l', 'r', 'r', 'r', 'r'],
	);
	const batch = table(
		['', ''],
		[
			['Items / distinct visitors / HubSpot latency', `${num(b.items)} / ${num(b.distinctVisitors)} / ${ms(b.hubspotLatencyMs, 0)}`],
			['Concurrency (DEFAULT_PACING)', `${num(b.concurrency)} (most in flight seen: ${num(b.maxInFlight)})`],
			['HubSpot calls per run', b.hubspotCalls.map((calls) => num(calls)).join(', ')],
			['Wall time per run', b.wallMs.map((value) => ms(value, 0)).join(', ')],
			['Median wall time / ideal ceil(100 / 6) × 150 ms', `${ms(b.wallMsMedian, 0)} / ${ms(b.idealMs, 0)} = **${ratio(b.ratioToIdeal)}**`],
		],
	);
	const size = table(
		['Entries', 'Static data', 'Bytes per entry', 'Prune + evict', 'Serialise', 'Per write (both)', 'Per write, per entry', 'Parse', 'n8n load per request', 'Same, 0.1.x form'],
		s.points.map((point) => [
			num(point.entries),
			bytes(point.staticDataBytes),
			num(point.bytesPerEntry, 1),
			ms(point.pruneEvictNs.median / 1e6, 3),
			ms(point.serialiseNs.median / 1e6, 3),
			ms(point.writeNs.median / 1e6, 3),
			`${num(point.writeNs.median / point.entries, 0)} ns`,
			ms(point.parseNs.median / 1e6, 3),
			ms(point.loadNs.median / 1e6, 3),
			ms(point.loadFlatNs.median / 1e6, 3),
		]),
		['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
	);
	return [
		'### 1. Cost per item: cache hit and miss against the floor',
		'',
		`Cache of ${num(c.cacheEntries)} entries (the default Max Cache Entries), ${num(c.floorNs.samples)} samples per case. ` +
			'The ratio is the median of sample-by-sample ratios to the floor sample taken in the same round.',
		'',
		cost,
		'',
		'### 2. One execution with 1,000 items and a slow HubSpot',
		'',
		batch,
		'',
		'### 3. Cache size: per-write cost and static-data bytes',
		'',
		`Token length ${num(s.tokenLength)} characters; an empty cache is ${bytes(s.emptyCacheBytes)}. One write = one new token into a full cache ` +
			`(prune + evict one + \`JSON.stringify\` of the workflow's static data, as n8n saves it). Growth of the per-entry write cost from ` +
			`${num(s.points[0].entries)} to ${num(s.points[s.points.length - 1].entries)} entries: **${ratio(s.writeCostPerEntryGrowth)}**, ` +
			`an exponent of **${num(s.writeCostExponent, 2)}** (1 = linear, 2 = quadratic). A write is one pass over the entries and one ` +
			'`JSON.stringify`; past about 1,020 keys V8 keeps an object\'s properties in a hash table instead of its fast layout, which ' +
			'raises the cost per entry by a constant factor between 1,000 and 10,000 entries.',
		'',
		size,
		'',
		'"n8n load per request" is what n8n does with the column on every request, hit or miss, before any node runs: `JSON.parse`, then ' +
			'n8n-workflow\'s `ObservableObject.create`, which wraps every nested object in a change-tracking Proxy. The cache is one string ' +
			'since 0.2, nothing nested to wrap; "Same, 0.1.x form" is that load with the same entries stored as 0.1.x did, a `[token, expiry]` array per entry.',
	].join('\n');
}

/** What the run shows beyond the targets, in its own figures. */
function findings(results: BenchResults): string[] {
	const real = results.realN8n;
	if (!real) return [];
	const l = real.latency.ms;
	const saved = real.savedExecutions;
	const f = real.firstVisits;
	const out: string[] = [];

	const extra = l.hitFullCache.median - l.hit.median;
	const n8nExtra = l.floorFullStatic.median - l.floor.median;
	const sizePoint = results.inProcess.cacheSize.points.find((point) => point.entries === real.fullCacheEntries);
	const significant = extra > 0.1 * l.hit.median;
	let cacheSize =
		`**${significant ? 'A full cache makes every request slower, hits included.' : 'A full cache costs a hit little.'}** With ` +
		`${num(real.fullCacheEntries)} entries (the default Max Cache Entries, ${sizePoint ? bytes(sizePoint.staticDataBytes) : 'about 340 KiB'} ` +
		`of static data) a hit takes ${ms(l.hitFullCache.median)} against ${ms(l.hit.median)} with a few entries ` +
		`(${extra >= 0 ? `${ms(extra)} more` : `${ms(-extra)} less`}). The bare webhook carrying the same static data, which none of its ` +
		`nodes reads, takes ${ms(l.floorFullStatic.median)} against ${ms(l.floor.median)} (${n8nExtra >= 0 ? `${ms(n8nExtra)} more` : `${ms(-n8nExtra)} less`}): ` +
		'n8n reads and prepares a workflow\'s whole static data for every webhook request, whatever the nodes do with it.';
	if (sizePoint) {
		cacheSize +=
			` In-process, that preparation (parse, then a change-tracking Proxy around every nested object) costs ${ms(sizePoint.loadNs.median / 1e6, 2)} ` +
			`at ${num(sizePoint.entries)} entries with the cache stored as one string, against ${ms(sizePoint.loadFlatNs.median / 1e6, 2)} for the same ` +
			'entries in the 0.1.x form ([token, expiry] pairs).';
	}
	if (saved.hitFullCache.withCache > 0) {
		cacheSize +=
			` n8n also saves the static data with each execution: ${bytes(saved.hitFullCache.workflowDataBytes)} per execution of the full-cache workflow.`;
	}
	if (significant) {
		cacheSize += ' The cache\'s size is paid on every request, not only on writes: Max Cache Entries is best sized to the visitors of one 12-hour window, not larger.';
	}
	out.push(cacheSize);

	const lost = f.visitors - f.cacheEntriesAfterWave;
	const wave = `${num(f.visitors)} new visitors sending ${num(f.requestsPerVisitor)} requests each, ${num(f.concurrency)} at a time, cost ${num(f.hubspotCalls)} HubSpot calls (${num(f.hubspotCallsPerVisitor, 2)} per visitor)`;
	const afterwards = `Afterwards n8n's database held ${num(f.cacheEntriesAfterWave)} of ${num(f.visitors)} entries, and visiting again one at a time cost ${num(f.secondVisit.hubspotCalls)} more calls (${num(f.secondVisit.fromCache)} served from the cache).`;
	out.push(
		lost === 0 && f.hubspotCalls <= f.visitors
			? `**Concurrent first visits cost one call per visitor and lose nothing.** ${wave}. ${afterwards} On their own, overlapping executions would each miss and n8n's last-writer-wins static data would keep only the last writer's copy; the node's process-wide share (concurrent calls for one visitor become one, and every write carries all tokens issued in the process) prevents both within one n8n process. Queue-mode workers do not share it.`
			: `**Concurrent first visits lose cache entries.** ${wave}: executions that overlap each start from the static data saved before them. ${afterwards} Every execution writes back the whole static data it loaded, and the last write wins; tokens stay correct, only the saving is lost.`,
	);

	const points = real.throughput.points;
	const hitShares = Object.values(real.throughput.hitToFloor);
	const floorAtOne = points.find((p) => p.workflow === 'floor' && p.concurrency === 1);
	if (floorAtOne && hitShares.length > 0) {
		const rates = points.map((p) => p.requestsPerSecond);
		out.push(
			`**Throughput is n8n's.** On this machine n8n completed ${num(Math.min(...rates), 1)}–${num(Math.max(...rates), 1)} executions per ` +
				`second whatever the workflow and concurrency; hits reached ${percent(Math.min(...hitShares))}–${percent(Math.max(...hitShares))} ` +
				`of the bare webhook's rate. Back to back, a bare webhook request took ${ms(floorAtOne.ms.median)} (median) against ` +
				`${ms(l.floor.median)} when requests were spaced out: n8n keeps working on an execution after answering it (finishing and ` +
				'saving it), and on two shared cores that work delays the next request.',
		);
	}

	const missRatio = real.latency.ratios.missToUncached;
	out.push(
		`**${missRatio <= 1.25 ? 'A miss costs about what the uncached path costs' : 'A miss costs more than the uncached path'}.** ` +
			`${ms(l.miss.median)} against ${ms(l.uncached.median)} for the HTTP Request node (${ratio(missRatio)}), both waiting ` +
			`${real.hubspotLatencyMs} ms for HubSpot; the miss also seals the token and has n8n save the changed static data.`,
	);
	return out;
}

/** Why a target was missed, from the run's own figures. */
function explainMiss(check: TargetCheck, results: BenchResults): string | undefined {
	const real = results.realN8n;
	const { cacheCost, batch } = results.inProcess;
	if (check.id === 'hitToFloor' && real) {
		const l = real.latency.ms;
		const over = (key: 'floorFields' | 'floorCredential' | 'hit') => l[key].median - l.floor.median;
		const nodeWork = cacheCost.hitSingleNs.median / 1e6;
		return [
			`**Cache hit vs bare webhook (${check.margin}).** A hit is ${ms(over('hit'))} slower than the floor (median).`,
			`The node's own work on a hit, measured in-process (item 1, one-item execution), is ${ms(nodeWork, 3)}: ` +
				`${percent(nodeWork / Math.max(over('hit'), 1e-9), 1)} of that gap.`,
			'The rest is what n8n charges for a node with this one\'s inputs, as the two reference workflows show:',
			`a built-in Edit Fields node evaluating the same three field expressions adds ${ms(over('floorFields'))}, and a built-in TOTP node, ` +
				`which only loads and decrypts a credential and computes a code, adds ${ms(over('floorCredential'))}.`,
			'This node does both for every item: three parameter expressions and a credential load.',
			...(Math.min(over('floorFields'), over('floorCredential')) > 0.1 * l.floor.median
				? ['1.10× would leave the node a tenth of the floor, less than n8n takes to run either reference node on this machine.']
				: []),
			'Not ours to fix in the node; the README can say what a hit costs on top of the webhook.',
		].join(' ');
	}
	if (check.id === 'hitToUncached' && real) {
		const l = real.latency.ms;
		const needed = l.uncached.median * 0.1;
		const hitOver = l.hit.median - l.floor.median;
		const uncachedOver = l.uncached.median - l.floor.median;
		// hit ≤ 0.1 × uncached  ⇔  floor + hitOver ≤ 0.1 × (floor + uncachedOver)  ⇔  floor ≤ (0.1 × uncachedOver − hitOver) / 0.9
		const floorAllowed = (0.1 * uncachedOver - hitOver) / 0.9;
		return [
			`**Cache hit vs uncached path (${check.margin}).** 0.10× of the uncached median (${ms(l.uncached.median)}) means answering in ` +
				`${ms(needed)}${needed < l.floor.median ? `, less than n8n's bare webhook round trip on this machine (${ms(l.floor.median)})` : ''}.`,
			`Both paths pay the floor; a ratio compares them including it, so the floor alone keeps the ratio above ` +
				`floor / uncached = ${ratio(l.floor.median / l.uncached.median)}.`,
			`Above the floor, the hit adds ${ms(hitOver)} and the uncached path ${ms(uncachedOver)} (HubSpot's ${real.hubspotLatencyMs} ms ` +
				'plus the HTTP Request node): the hit removes ' +
				`${percent(1 - hitOver / Math.max(uncachedOver, 1e-9))} of what the uncached path adds.`,
			floorAllowed >= 5
				? `The target would hold where n8n's floor is under ${ms(floorAllowed)}.`
				: floorAllowed > 0
					? `It would take an n8n floor under ${ms(floorAllowed)}: out of reach for any n8n webhook.`
				: 'With HubSpot at 150 ms it cannot hold on any machine while n8n\'s cost of running the node exceeds a tenth of the uncached path\'s extra cost.',
		].join(' ');
	}
	if (check.id === 'inProcessHit') {
		return (
			`**In-process hit (${check.margin}).** The node reads three parameters, validates the identity and builds an output item per ` +
			`item on top of the floor's hash + lookup + decrypt (${us(cacheCost.floorNs.median)}); a hit costs ${us(cacheCost.hitBatchNsPerItem.median)}.`
		);
	}
	if (check.id === 'batchWall') {
		return (
			`**Batch wall time (${check.margin}).** ${num(batch.distinctVisitors)} calls at concurrency ${batch.concurrency} need ` +
			`${Math.ceil(batch.distinctVisitors / batch.concurrency)} rounds of ${batch.hubspotLatencyMs} ms; the rest is timer slack and the ` +
			`node's per-item work on a loaded machine (most in flight: ${batch.maxInFlight}).`
		);
	}
	if (check.id === 'writeGrowth') {
		return (
			`**Per-write growth (${check.margin}).** A write is one pass over the entries (prune, then evict the soonest-expiring) and ` +
			'one `JSON.stringify`, both linear. Above about 1,020 keys V8 stores an object\'s properties in a hash table instead of its fast ' +
			'layout, so copying entries into the new cache object costs several times more per entry, and a multi-megabyte copy brings ' +
			'major garbage collections: a step in the constant, not a different order of growth.'
		);
	}
	if (check.id === 'bytesPerEntry') {
		return `**Bytes per entry (${check.margin}).**`;
	}
	if (check.id === 'batchCalls') {
		return `**Batch HubSpot calls (${check.margin}).** Items of one visitor in one execution should share one call.`;
	}
	return undefined;
}

function methodSection(results: BenchResults): string {
	const plan = results.plan;
	const lines = [
		`- **In-process** (items 1–3) runs the node's real \`execute()\` against a plain-object \`IExecuteFunctions\` (parameters, credential, ` +
			`static data, HTTP helper) in the benchmark's own Node.js, HubSpot replaced by a function. Timings use \`process.hrtime.bigint()\`; ` +
			`each case is warmed up (${plan.cacheCost.warmup} calls), then ${plan.cacheCost.samples} samples of at least ${plan.cacheCost.minSampleMs} ms ` +
			'each are taken in rounds, one sample of every case per round, so other load on the machine falls on all cases alike; the heap is ' +
			'collected off the clock before every sample, so each case pays for its own garbage only. Medians are reported.',
		'- **The floor** is the same work a hit cannot avoid, called directly: `deriveCacheSecrets(...).entryKey` (HMAC-SHA-256), ' +
			'`findServable` on the stored entries and `open` (AES-256-GCM). Key derivation is outside the loop, as the node caches it too. ' +
			'Before timing, every token the node served from the cache is checked against the floor\'s.',
		'- **Caches** are filled by running the node itself over new visitors (at most 100 per execution, so its burst limiter never waits), ' +
			`with ${results.inProcess.cacheSize.tokenLength}-character tokens like the HubSpot simulator's. Item 2 uses real time: HubSpot answers after a real 150 ms timer.`,
	];
	if (results.realN8n) {
		const r = results.realN8n;
		lines.push(
			`- **Real n8n** (items 4–5): n8n ${r.n8nVersion} from the end-to-end harness (test/support/n8n), the package packed and installed ` +
				'as a community package, SQLite, default execution settings (every execution is saved). HubSpot is the simulator ' +
				`(test/support/hubspot-simulator) answering after ${r.hubspotLatencyMs} ms. n8n, the simulator and the load generator share the ` +
				'machine, all on 127.0.0.1; requests use keep-alive connections.',
			'- **Reference workflows** separate n8n\'s costs from the node\'s: the bare webhook (Webhook → Respond to Webhook, answering ' +
				'with an expression like the example\'s); the same with a built-in Edit Fields node evaluating the three field expressions ' +
				'the example maps; the same with a built-in TOTP node, which loads and decrypts a credential and computes locally; and the ' +
				`bare webhook carrying the ${num(r.fullCacheEntries)}-entry cache in its static data without reading it.`,
			`- **Latency**: ${num(r.latency.requestsPerScenario)} requests per workflow after ${num(plan.realN8n?.latency.warmup ?? 0)} warm-up rounds, ` +
				'one at a time, workflows taking turns in rotating order, with a ' +
				`${plan.realN8n?.latency.gapMs ?? 0} ms pause after each so n8n's work after answering (saving the execution) does not land on the next request. ` +
				'Each miss uses a new email. The hit pool is requested until a whole pass is served from the cache before measuring. ' +
				`The ${num(r.fullCacheEntries)}-entry cache is written by the node's own code with the credential's access token and imported with its workflow.`,
			`- **Throughput**: closed loop, each client sending its next request when the last is answered, ${plan.realN8n?.throughput.seconds ?? 0} s ` +
				`per bar after ${plan.realN8n?.throughput.warmupSeconds ?? 0} s of warm-up.`,
			'- **First visits**: an empty-cache workflow receives every visitor\'s requests shuffled together; HubSpot calls are counted by the ' +
				'simulator, cache entries read from the `workflow_entity.staticData` column in n8n\'s SQLite database once two reads a second apart agree.',
		);
	}
	lines.push('- Timings on a shared 2-core machine move from run to run; ratios within one run are what these figures are for.');
	return lines.join('\n');
}

/** `source` is the results file, relative to the repository, named in the generated-file notice. */
export function renderMarkdown(results: BenchResults, charts: ChartLinks, source: string, scale?: ScaleResults): string {
	const checks = checkTargets(results);
	const misses = checks.filter((check) => check.met === false);
	const parts = [
		'# Benchmarks',
		'',
		`<!-- Generated by \`npm run bench\` (bench/run.ts) from ${source}. Do not edit by hand: \`npm run bench -- --render-only\` rewrites it from bench/results/latest.json. -->`,
		'',
		'What the cache buys and what it costs: this node against n8n\'s bare webhook and against calling HubSpot on every request, in one run.',
		'',
		headline(results),
		'',
		'## Targets',
		'',
		targetsSection(checks),
		'',
	];
	if (misses.length > 0) {
		parts.push('### Where a target is missed, and why', '');
		for (const check of misses) {
			const text = explainMiss(check, results);
			if (text) parts.push(text, '');
		}
	}
	const found = findings(results);
	if (found.length > 0) parts.push('## Findings', '', ...found.flatMap((text) => [text, '']));
	if (results.realN8n) {
		parts.push(
			'## Real n8n',
			'',
			`### 4. Webhook latency (HubSpot at ${results.realN8n.hubspotLatencyMs} ms)`,
			'',
			latencySection(results, charts),
			'',
			'### 5. Throughput on cache hits',
			'',
			throughputSection(results, charts),
			'',
			'### 5. Concurrent first visits and last-writer-wins static data',
			'',
			firstVisitsSection(results, charts),
			'',
		);
	} else {
		parts.push('## Real n8n', '', 'Not measured in this run (quick mode, or `--skip-n8n`).', '');
	}
	if (results.executionSaving) {
		parts.push("### Saving executions on vs off (what n8n keeps in its execution history)", '', executionSavingSection(results.executionSaving), '');
	}
	const scaleText = scaleSection(scale);
	if (scaleText !== '') parts.push(scaleText);
	parts.push(
		'## In-process (the node\'s execute(), no n8n server)',
		'',
		inProcessSections(results),
		'',
		'## Machine and command',
		'',
		machineSection(results),
		'',
		'## How it is measured',
		'',
		methodSection(results),
		'',
		'## Reproduce',
		'',
		'```sh',
		'npm ci',
		`npm run bench                  # full run (this one took ${num(results.durationSeconds / 60, 0)} min); installs n8n 2.41.1 the first time`,
		'npm run bench -- --quick       # smoke run, in-process only, under a minute; writes reports/bench/',
		'npm run bench -- --quick --with-n8n  # smoke run with a short real-n8n part (minutes, mostly n8n start-up)',
		'npm run bench -- --render-only # rewrite this file and the charts from bench/results/latest.json',
		'npm run bench -- --only executionSaving  # re-measure saving executions on vs off alone (a few minutes)',
		'```',
		'',
	);
	return parts.join('\n');
}
