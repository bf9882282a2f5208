import type { BenchResults } from '../results';
import { vegaLiteToSvg } from './svg';

/** Charts for the README and BENCHMARKS.md, generated from a results file; never edited by hand. */
export interface Charts {
	latency: string;
	throughput: string;
	firstVisits: string;
}

export const SCENARIO_LABELS = {
	floor: 'Bare webhook (floor)',
	floorFields: 'Bare webhook + Edit Fields (3 expressions)',
	floorCredential: 'Bare webhook + TOTP (a credential)',
	floorFullStatic: 'Bare webhook, 1,000-entry cache in static data',
	uncached: 'HTTP Request to HubSpot, no cache',
	hit: 'This node, cache hit',
	hitFullCache: 'This node, cache hit (1,000 entries)',
	miss: 'This node, cache miss',
} as const;

const COLOURS = { floor: '#9aa0a6', noOp: '#c4c7cb', uncached: '#e8710a', hit: '#1e8e3e', hitFull: '#57bb8a', miss: '#1a73e8' };

const BASE_CONFIG = {
	font: 'Helvetica, Arial, sans-serif',
	view: { stroke: null },
	axis: { labelFontSize: 12, titleFontSize: 12, gridColor: '#e8eaed', labelLimit: 0 },
	legend: { labelFontSize: 12, labelLimit: 0 },
	title: { fontSize: 14, anchor: 'start', subtitleFontSize: 12, subtitleColor: '#5f6368' },
};

function fixed(value: number, digits = 1): string {
	return value.toFixed(digits);
}

function latencySpec(results: BenchResults): object {
	const real = results.realN8n!;
	const { ms } = real.latency;
	const rows = [
		{ key: 'floor', colour: COLOURS.floor },
		{ key: 'floorFields', colour: COLOURS.noOp },
		{ key: 'floorCredential', colour: COLOURS.noOp },
		{ key: 'floorFullStatic', colour: COLOURS.noOp },
		{ key: 'hit', colour: COLOURS.hit },
		{ key: 'hitFullCache', colour: COLOURS.hitFull },
		{ key: 'uncached', colour: COLOURS.uncached },
		{ key: 'miss', colour: COLOURS.miss },
	] as const;
	const values = rows.map(({ key, colour }) => ({
		scenario: SCENARIO_LABELS[key],
		median: ms[key].median,
		p99: ms[key].p99,
		colour,
		label: `${fixed(ms[key].median)} ms (p99 ${fixed(ms[key].p99)})`,
	}));
	return {
		$schema: 'https://vega.github.io/schema/vega-lite/v6.json',
		title: {
			text: 'Webhook latency: median bar, p99 tick',
			subtitle: `n8n ${real.n8nVersion}, HubSpot simulator at ${real.hubspotLatencyMs} ms, ${real.latency.requestsPerScenario} sequential requests each`,
		},
		width: 460,
		height: { step: 30 },
		data: { values },
		encoding: { y: { field: 'scenario', type: 'nominal', sort: null, title: null, axis: { labelLimit: 0 } } },
		layer: [
			{ mark: { type: 'bar', height: 18 }, encoding: { x: { field: 'median', type: 'quantitative', title: 'milliseconds' }, color: { field: 'colour', type: 'nominal', scale: null } } },
			{ mark: { type: 'tick', thickness: 2, size: 22, color: '#202124' }, encoding: { x: { field: 'p99', type: 'quantitative' } } },
			{ mark: { type: 'text', align: 'left', dx: 6, fontSize: 11, color: '#3c4043' }, encoding: { x: { field: 'p99', type: 'quantitative' }, text: { field: 'label' } } },
		],
		config: BASE_CONFIG,
	};
}

function throughputSpec(results: BenchResults): object {
	const real = results.realN8n!;
	const values = real.throughput.points.map((point) => ({
		concurrency: String(point.concurrency),
		workflow: point.workflow === 'hit' ? SCENARIO_LABELS.hit : SCENARIO_LABELS.floor,
		requestsPerSecond: point.requestsPerSecond,
		label: fixed(point.requestsPerSecond, 0),
	}));
	const colour = {
		field: 'workflow',
		type: 'nominal',
		title: null,
		scale: { domain: [SCENARIO_LABELS.floor, SCENARIO_LABELS.hit], range: [COLOURS.floor, COLOURS.hit] },
		legend: { orient: 'top' },
	};
	return {
		$schema: 'https://vega.github.io/schema/vega-lite/v6.json',
		title: { text: 'Throughput on cache hits', subtitle: `n8n ${real.n8nVersion}, ${real.throughput.points[0]?.seconds.toFixed(0) ?? '?'} s closed loop per bar` },
		width: 460,
		height: 240,
		data: { values },
		encoding: {
			x: { field: 'concurrency', type: 'ordinal', sort: null, title: 'concurrent clients', axis: { labelAngle: 0 } },
			xOffset: { field: 'workflow', sort: [SCENARIO_LABELS.floor, SCENARIO_LABELS.hit] },
			y: { field: 'requestsPerSecond', type: 'quantitative', title: 'requests per second' },
		},
		layer: [
			{ mark: 'bar', encoding: { color: colour } },
			{ mark: { type: 'text', dy: -6, fontSize: 11, color: '#3c4043' }, encoding: { text: { field: 'label' } } },
		],
		config: BASE_CONFIG,
	};
}

function firstVisitsSpec(results: BenchResults): object {
	const visits = results.realN8n!.firstVisits;
	const values = [
		{ measure: 'Distinct visitors', count: visits.visitors, colour: COLOURS.floor },
		{ measure: 'HubSpot calls, concurrent first visits', count: visits.hubspotCalls, colour: COLOURS.uncached },
		{ measure: 'Cache entries kept by n8n', count: visits.cacheEntriesAfterWave, colour: COLOURS.hit },
		{ measure: 'HubSpot calls, each visitor once more', count: visits.secondVisit.hubspotCalls, colour: COLOURS.miss },
	];
	return {
		$schema: 'https://vega.github.io/schema/vega-lite/v6.json',
		title: {
			text: 'Concurrent first visits and last-writer-wins static data',
			subtitle: `${visits.visitors} visitors × ${visits.requestsPerVisitor} requests, ${visits.concurrency} at a time, empty cache`,
		},
		width: 420,
		height: { step: 30 },
		data: { values },
		encoding: { y: { field: 'measure', type: 'nominal', sort: null, title: null, axis: { labelLimit: 0 } } },
		layer: [
			{ mark: { type: 'bar', height: 18 }, encoding: { x: { field: 'count', type: 'quantitative', title: 'count' }, color: { field: 'colour', type: 'nominal', scale: null } } },
			{ mark: { type: 'text', align: 'left', dx: 6, fontSize: 11, color: '#3c4043' }, encoding: { x: { field: 'count', type: 'quantitative' }, text: { field: 'count' } } },
		],
		config: BASE_CONFIG,
	};
}

/** Undefined when the run has no real-n8n part: the charts are only about items 4 and 5. */
export async function renderCharts(results: BenchResults): Promise<Charts | undefined> {
	if (!results.realN8n) return undefined;
	return {
		latency: await vegaLiteToSvg(latencySpec(results)),
		throughput: await vegaLiteToSvg(throughputSpec(results)),
		firstVisits: await vegaLiteToSvg(firstVisitsSpec(results)),
	};
}
