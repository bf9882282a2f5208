import type { VisitWaveResult } from '../../test/queue/support/visit-waves';
import type { CacheTaxResult } from '../scale/cacheTax';
import type { ScaleResults, ScaleRun } from '../scale/scaleResults';
import { bytes, measuredBy, ms, notMeasured, num, ratio, signed, table } from './format';

const FILE = 'bench/results/scale.json';
const LABELS = ['before', 'after'] as const;
const TITLES = { before: 'Before (0.1.x stored form)', after: 'After (one string per cache)' };

function runOf<T>(run: ScaleRun<T>, command: string): string {
	return measuredBy({ file: FILE, commit: run.commit, startedAt: run.startedAt, load: run.loadAverage, command: `${command} --label ${run.label}` });
}

export function queueTable(runs: ScaleResults['queue']): string {
	const present = LABELS.flatMap((label) => (runs[label] ? [runs[label]] : []));
	if (present.length === 0) return notMeasured('`npm run bench:scale -- queue --label before|after`');
	const cell = (pick: (r: VisitWaveResult) => string) => present.map((run) => pick(run.result));
	const rows: string[][] = [
		['Visitors × requests each, in flight', ...cell((r) => `${num(r.plan.visitors)} × ${num(r.plan.requestsPerVisitor)}, ${num(r.plan.concurrency)}`)],
		['Failed requests (both passes)', ...cell((r) => num(r.concurrent.failed.length + r.oneByOne.failed.length))],
		['Tokens given to the wrong visitor', ...cell((r) => num(r.concurrent.wrongVisitor.length + r.oneByOne.wrongVisitor.length))],
		['HubSpot calls, concurrent pass', ...cell((r) => num(r.concurrent.hubspotCalls))],
		['HubSpot calls, one-by-one pass', ...cell((r) => `${num(r.oneByOne.hubspotCalls)} (${num(r.oneByOne.fromCache)} of ${num(r.oneByOne.requests)} from the cache)`)],
		['HubSpot calls per visitor, both passes', ...cell((r) => num(r.hubspotCallsPerVisitor, 2))],
		['Cache entries in Postgres after the concurrent pass / after both', ...cell((r) => `${num(r.entriesAfterConcurrent)} / ${num(r.entriesAfterOneByOne)}`)],
		['Executions per worker', ...cell((r) => Object.values(r.executionsPerWorker).map((count) => num(count)).join(' / '))],
		['Concurrent pass duration', ...cell((r) => `${num(r.concurrent.seconds, 1)} s`)],
	];
	const runsMeasured = present.map((run) => `${TITLES[run.label]}: ${runOf(run, 'npm run bench:scale -- queue')}`);
	return [table(['', ...present.map((run) => TITLES[run.label])], rows), ...runsMeasured].join('\n\n');
}

function taxTable(result: CacheTaxResult): string {
	const smallest = result.points[0];
	const header = ['Entries', 'Static data', 'Bare webhook (vs none)', 'Cache hit (× vs smallest)', 'Read column', 'JSON.parse', 'Change-tracking proxies', "n8n's load per request"];
	const rows = [
		['none', '–', ms(result.bareWebhookEmpty.median), '–', '–', '–', '–', '–'],
		...result.points.map((point) => [
			num(point.entries),
			bytes(point.staticDataBytes),
			`${ms(point.bareWebhook.median)} (${signed(point.bareWebhook.median - result.bareWebhookEmpty.median)})`,
			`${ms(point.hit.median)} (${ratio(point.hit.median / smallest.hit.median)})`,
			ms(point.pieces.read, 2),
			ms(point.pieces.parse, 2),
			ms(point.pieces.observe + point.pieces.observeProxy, 2),
			ms(point.pieces.perRequest, 2),
		]),
	];
	return [
		table(header, rows, header.map(() => 'r')),
		'',
		`n8n ${result.n8nVersion}; medians of ${num(result.plan.requests)} requests per workflow after ${num(result.plan.warmup)} warm-up rounds, ${ms(result.plan.gapMs, 0)} apart; unexpected answers: ${num(result.unexpectedAnswers)}.`,
	].join('\n');
}

export function cacheTaxTables(runs: ScaleResults['tax']): string {
	const present = LABELS.flatMap((label) => (runs[label] ? [runs[label]] : []));
	if (present.length === 0) return notMeasured('`npm run bench:scale -- tax --label before|after`');
	return present.map((run) => [`**${TITLES[run.label]}**`, '', taxTable(run.result), '', runOf(run, 'npm run bench:scale -- tax')].join('\n')).join('\n\n');
}

export function profileTable(runs: ScaleResults['profile']): string {
	const run = runs?.after ?? runs?.before;
	if (run === undefined) return notMeasured('`npm run bench:scale -- profile --label after`');
	const p = run.result;
	const rows = p.top.map((d) => [`\`${d.name.replace(/\|/g, '\\|')}\``, ms(d.msPerRequestPair, 2)]);
	rows.push(['All functions together', ms(p.totalMsPerRequestPair, 1)]);
	return [
		`${TITLES[run.label]}; ${num(p.requests)} request pairs (a bare webhook, a hit), ${num(p.baselineEntries)} against ${num(p.entries)} entries.`,
		'',
		table(['Function', `Extra self time per request pair with ${num(p.entries)} entries`], rows, ['l', 'r']),
		'',
		runOf(run, 'npm run bench:scale -- profile'),
	].join('\n');
}
