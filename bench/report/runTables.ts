import { currentCommit, runtimeCommitsSince } from '../machine';
import type { BenchResults } from '../results';
import { ms, num, table, utc } from './format';

/** The header: which code the main figures are of, when and how they were measured. */
export function runTable(results: BenchResults): string {
	const m = results.machine;
	const since = m.commit === undefined ? undefined : runtimeCommitsSince(m.commit);
	const runtime =
		since === undefined
			? 'not known (commit not in this repository)'
			: `${since === 0 ? 'unchanged' : `changed by ${num(since)} commit${since === 1 ? '' : 's'}`} between ${m.commit ?? '?'} and ${currentCommit() ?? '?'} (HEAD when these tables were filled)`;
	return table(
		['', ''],
		[
			['Commit measured', `${m.commit ?? '(not recorded)'}${m.uncommittedRuntimeChanges ? ', with uncommitted changes in nodes/ or credentials/' : ''}`],
			['Runtime code since (nodes/, credentials/)', runtime],
			['Started', `${utc(results.startedAt)}, ${num(results.durationSeconds / 60, 1)} min, mode \`${results.mode}\``],
			['Load average (1 min) at start / end', `${num(m.loadAverageAtStart, 2)} / ${m.loadAverageAtEnd === undefined ? '?' : num(m.loadAverageAtEnd, 2)} on ${num(m.logicalCores)} cores`],
			['Command', `\`${results.command}\``],
		],
	);
}

export function machineTable(results: BenchResults): string {
	const m = results.machine;
	const rows = [
		['CPU', `${m.cpuModel}, ${num(m.logicalCores)} logical cores`],
		['Memory', `${num(m.memoryGiB, 1)} GiB`],
		['OS', m.os],
		['Node.js (benchmark, in-process part)', m.node],
	];
	if (m.n8nVersion) rows.push(['n8n', `${m.n8nVersion} on Node.js ${m.n8nNode ?? '?'} (SQLite, regular mode, default settings)`]);
	return table(['', ''], rows);
}

/** How much was sampled: the method described by hand in BENCHMARKS.md, in this run's numbers. */
export function planTable(results: BenchResults): string {
	const p = results.plan;
	const rows = [
		['In-process cost per item: warm-up calls, samples, shortest sample', `${num(p.cacheCost.warmup)}, ${num(p.cacheCost.samples)}, ${ms(p.cacheCost.minSampleMs, 0)}`],
		['In-process cost per item: cache entries, items per miss execution', `${num(p.cacheCost.cacheEntries)}, ${num(p.cacheCost.missBatchItems)}`],
		['Batch: items, distinct visitors, HubSpot latency, runs', `${num(p.batch.items)}, ${num(p.batch.distinctVisitors)}, ${ms(p.batch.hubspotLatencyMs, 0)}, ${num(p.batch.runs)}`],
		['Cache size: entries; warm-up, samples, shortest sample', `${p.cacheSize.entries.map((entries) => num(entries)).join(', ')}; ${num(p.cacheSize.sampling.warmup)}, ${num(p.cacheSize.sampling.samples)}, ${ms(p.cacheSize.sampling.minSampleMs, 0)}`],
	];
	const r = p.realN8n;
	if (r) {
		rows.push(
			['Real n8n: HubSpot latency, entries in the full cache', `${ms(r.hubspotLatencyMs, 0)}, ${num(r.fullCacheEntries)}`],
			['Latency: requests per workflow, warm-up rounds, pause after each answer, hit visitors', `${num(r.latency.requests)}, ${num(r.latency.warmup)}, ${ms(r.latency.gapMs, 0)}, ${num(r.latency.hitVisitors)}`],
			['Throughput: concurrencies, seconds per bar, warm-up seconds, hit visitors', `${r.throughput.concurrencies.join(', ')}; ${num(r.throughput.seconds)} s, ${num(r.throughput.warmupSeconds, 1)} s, ${num(r.throughput.hitVisitors)}`],
			['First visits: visitors, requests each, concurrency', `${num(r.firstVisits.visitors)}, ${num(r.firstVisits.requestsPerVisitor)}, ${num(r.firstVisits.concurrency)}`],
		);
	}
	const s = p.executionSaving;
	if (s) rows.push(['Saving executions: requests per case, warm-up rounds, pause after each answer, hit visitors', `${num(s.requests)}, ${num(s.warmup)}, ${ms(s.gapMs, 0)}, ${num(s.hitVisitors)}`]);
	return table(['', ''], rows);
}
