import type { CacheTaxResult } from '../scale/cacheTax';
import type { ScaleResults, ScaleRun } from '../scale/scaleResults';
import type { VisitWaveResult } from '../../test/queue/support/visit-waves';
import { bytes, ms, num, ratio, table } from './format';

const LABELS = ['before', 'after'] as const;
const TITLES = { before: 'Before (0.1.x stored form)', after: 'After (one string per cache)' };

function runNote<T>(run: ScaleRun<T> | undefined): string {
	return run ? `commit ${run.commit ?? '?'}, ${run.startedAt.slice(0, 16).replace('T', ' ')} UTC, load ${num(run.loadAverage[0], 1)} → ${num(run.loadAverage[1], 1)}` : 'not measured';
}

function queueSection(runs: ScaleResults['queue']): string {
	const present = LABELS.filter((label) => runs[label] !== undefined);
	if (present.length === 0) return 'Not measured yet: `npm run bench:scale -- queue --label before|after`.';
	const cell = (pick: (r: VisitWaveResult) => string) => present.map((label) => pick((runs[label] as ScaleRun<VisitWaveResult>).result));
	const plan = (runs[present[0]] as ScaleRun<VisitWaveResult>).result.plan;
	const rows: string[][] = [
		['Failed requests (both passes)', ...cell((r) => num(r.concurrent.failed.length + r.oneByOne.failed.length))],
		['Tokens given to the wrong visitor', ...cell((r) => num(r.concurrent.wrongVisitor.length + r.oneByOne.wrongVisitor.length))],
		['HubSpot calls, concurrent pass', ...cell((r) => num(r.concurrent.hubspotCalls))],
		['HubSpot calls, one-by-one pass', ...cell((r) => `${num(r.oneByOne.hubspotCalls)} (${num(r.oneByOne.fromCache)} of ${num(r.oneByOne.requests)} from the cache)`)],
		['**HubSpot calls per visitor, both passes**', ...cell((r) => `**${num(r.hubspotCallsPerVisitor, 2)}**`)],
		['Cache entries in Postgres after the concurrent pass / after both', ...cell((r) => `${num(r.entriesAfterConcurrent)} / ${num(r.entriesAfterOneByOne)}`)],
		['Executions per worker', ...cell((r) => Object.values(r.executionsPerWorker).map((count) => num(count)).join(' / '))],
		['Concurrent pass duration', ...cell((r) => `${num(r.concurrent.seconds, 1)} s`)],
		['Run', ...present.map((label) => runNote(runs[label]))],
	];
	return [
		`${num(plan.visitors)} new visitors × ${plan.requestsPerVisitor} requests shuffled together, ${plan.concurrency} in flight, to the webhook processor; then every visitor once more, one at a time. HubSpot (the simulator) answers after 150 ms.`,
		'',
		table(['', ...present.map((label) => TITLES[label])], rows),
	].join('\n');
}

/** A difference of medians with its sign: on a shared machine a small cache can come out faster than none. */
function signed(difference: number): string {
	return `${difference < 0 ? '−' : '+'}${ms(Math.abs(difference))}`;
}

function taxTable(result: CacheTaxResult): string {
	const smallest = result.points[0];
	const rows = result.points.map((point) => [
		num(point.entries),
		bytes(point.staticDataBytes),
		`${ms(point.bareWebhook.median)} (${signed(point.bareWebhook.median - result.bareWebhookEmpty.median)})`,
		`${ms(point.hit.median)} (${ratio(point.hit.median / smallest.hit.median)})`,
		ms(point.pieces.read, 2),
		ms(point.pieces.parse, 2),
		ms(point.pieces.observe + point.pieces.observeProxy, 2),
		ms(point.pieces.perRequest, 2),
	]);
	return [
		`Bare webhook without static data: ${ms(result.bareWebhookEmpty.median)} (median of ${num(result.bareWebhookEmpty.samples)}); unexpected answers: ${num(result.unexpectedAnswers)}.`,
		'',
		table(
			['Entries', 'Static data', 'Bare webhook (+ vs none)', 'Cache hit (× vs smallest)', 'Read column', 'JSON.parse', 'Change-tracking proxies', "n8n's load per request"],
			rows,
			['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
		),
	].join('\n');
}

function taxSection(runs: ScaleResults['tax']): string {
	const present = LABELS.filter((label) => runs[label] !== undefined);
	if (present.length === 0) return 'Not measured yet: `npm run bench:scale -- tax --label before|after`.';
	return present
		.map((label) => {
			const run = runs[label] as ScaleRun<CacheTaxResult>;
			return [`**${TITLES[label]}** (${runNote(run)}): hit with ${num(run.result.points.at(-1)?.entries ?? 0)} entries / hit with ${num(run.result.points[0].entries)}: **${ratio(run.result.hitLargestToSmallest)}**; the bare webhook pays **+${ms(run.result.bareWebhookLargestMinusEmptyMs)}** for ${num(run.result.points.at(-1)?.entries ?? 0)} entries.`, '', taxTable(run.result)].join('\n');
		})
		.join('\n\n');
}

function profileSection(runs: ScaleResults['profile']): string {
	const run = runs?.after ?? runs?.before;
	if (run === undefined) return '';
	const p = run.result;
	const rows = p.top.map((d) => [`\`${d.name.replace(/\|/g, '\\|')}\``, ms(d.msPerRequestPair, 2)]);
	return [
		'',
		`**Where the rest goes** (${run.label === 'after' ? TITLES.after : TITLES.before}; ${runNote(run)}): n8n under V8's sampling profiler, twice, the same ${num(p.requests)} pairs ` +
			`of requests (a bare webhook, a hit) with ${num(p.baselineEntries)} and with ${num(p.entries)} entries; extra self time per pair with the large cache, ` +
			`by function (all functions together: ${ms(p.totalMsPerRequestPair, 1)}). Functions that only run while n8n starts (module compilation, the ` +
			'frontend service) show how much two runs differ by chance; garbage collection, TypeORM parsing the `staticData` column (`stringToSimpleJson`) ' +
			'and reading it from SQLite are what the size costs.',
		'',
		table(['Function', 'Extra per request pair'], rows, ['l', 'r']),
	].join('\n');
}

/** The scale figures (bench/results/scale.json), before and after the stored form changed. */
export function scaleSection(scale: ScaleResults | undefined): string {
	if (scale === undefined) return '';
	return [
		'## Scale: queue mode and the cache\'s size',
		'',
		'Measured by `npm run bench:scale -- queue|tax --label before|after` (one run each, figures in `bench/results/scale.json`).',
		'',
		'### Queue mode: n8n 2.41.1 with a main process, a webhook processor, two workers, Postgres and Redis',
		'',
		queueSection(scale.queue),
		'',
		'### What the cache\'s size costs every request (n8n 2.41.1, SQLite, one process)',
		'',
		'Medians of sequential requests, every workflow taking turns. "n8n\'s load per request" is what n8n does with the static-data column before any node runs, timed piece by piece in its own runtime: it reads and parses the column twice and wraps the result in its change-tracking proxy three times (2 × read + 2 × parse + proxies).',
		'',
		taxSection(scale.tax),
		profileSection(scale.profile),
		'',
	].join('\n');
}
