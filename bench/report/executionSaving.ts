import type { ExecutionSavingResult } from '../n8n/executionSaving';
import { bytes, ms, num, table } from './format';

function signed(value: number): string {
	return `${value >= 0 ? '+' : '−'}${ms(Math.abs(value))}`;
}

/** One line for the headline: what not saving executions changes in the website's wait. */
export function executionSavingHeadline(s: ExecutionSavingResult): string {
	return (
		`- **Not saving executions** (the examples' setting) against n8n's default (save every successful execution): a cache hit answers in ` +
		`${ms(s.ms.off.hit.median)} against ${ms(s.ms.on.hit.median)} (${signed(s.offMinusOnMs.hit)}), a miss in ${ms(s.ms.off.miss.median)} ` +
		`against ${ms(s.ms.on.miss.median)} (${signed(s.offMinusOnMs.miss)}), a hit sent right after the previous answer in ` +
		`${ms(s.ms.off.hitBackToBack.median)} against ${ms(s.ms.on.hitBackToBack.median)} (${signed(s.offMinusOnMs.hitBackToBack)}).`
	);
}

/** The section of BENCHMARKS.md: saving executions on vs off, same workflow, one run. */
export function executionSavingSection(s: ExecutionSavingResult): string {
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
	return [
		table(
			['Basic example', 'Hit median', 'Hit p99', 'Miss median', 'Hit, back to back: median', 'Unexpected answers', 'Executions kept', 'Marked deleted, not yet removed', 'Stored per execution'],
			rows,
			['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
		),
		'',
		`Off minus on (medians): hit ${signed(s.offMinusOnMs.hit)}, miss ${signed(s.offMinusOnMs.miss)}, back-to-back hit ` +
			`${signed(s.offMinusOnMs.hitBackToBack)}. ${num(s.requestsPerCase)} requests per case, the two copies of the basic example ` +
			`taking turns in rotating order in one n8n ${s.n8nVersion} (HubSpot at ${s.hubspotLatencyMs} ms); spaced-out requests pause ` +
			`${s.gapMs} ms after each answer, a back-to-back hit is sent the moment the previous request to the same workflow was answered, ` +
			"so n8n's work after answering (finishing, and saving or deleting the execution) overlaps it. " +
			"Counted in n8n's database right after the requests: n8n 2.x marks an execution it must not save as deleted and removes it " +
			'at its next hard-delete pass (every 15 minutes by default); until then it holds the request (email, headers), not the token. ' +
			`Measured ${s.measuredAt.slice(0, 16).replace('T', ' ')} UTC with \`${s.command}\`, load average ${num(s.loadAverage, 2)} at the start.`,
	].join('\n');
}
