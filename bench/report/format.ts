/** Number formatting for the report: fixed digits, thousands separators, units said once. */

export function num(value: number, digits = 0): string {
	if (!Number.isFinite(value)) return 'n/a';
	return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function ms(value: number, digits = 1): string {
	return `${num(value, digits)} ms`;
}

/** Nanoseconds shown as microseconds, the natural unit of one cache lookup. */
export function us(nanoseconds: number, digits = 1): string {
	return `${num(nanoseconds / 1000, digits)} µs`;
}

export function ratio(value: number, digits = 2): string {
	return `${num(value, digits)}×`;
}

export function percent(value: number, digits = 0): string {
	return `${num(value * 100, digits)} %`;
}

export function bytes(value: number): string {
	if (value >= 1024 * 1024) return `${num(value / (1024 * 1024), 2)} MiB`;
	if (value >= 1024) return `${num(value / 1024, 1)} KiB`;
	return `${num(value)} B`;
}

/** A Markdown table from a header row and body rows. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>, align?: readonly ('l' | 'r')[]): string {
	const rule = header.map((_, index) => ((align?.[index] ?? 'l') === 'r' ? '---:' : '---'));
	return [header, rule, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** A difference with its sign: on a shared machine either side can come out faster. */
export function signed(difference: number, unit: (value: number) => string = (value) => ms(value)): string {
	return `${difference < 0 ? '−' : '+'}${unit(Math.abs(difference))}`;
}

/** An ISO time as "2026-11-24 04:56 UTC". */
export function utc(iso: string): string {
	return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** Which run a table's figures come from: every table says so, as parts are measured by different commands. */
export interface Provenance {
	file: string;
	commit?: string;
	startedAt: string;
	/** 1-minute load average at the start, and at the end where recorded. */
	load: readonly [number, number?];
	command: string;
	/** The machine, where the table is measured apart from the main run's machine table. */
	machine?: string;
}

export function measuredBy(p: Provenance): string {
	const load = p.load[1] === undefined ? `${num(p.load[0], 2)} at the start` : `${num(p.load[0], 2)} → ${num(p.load[1], 2)}`;
	return `_Measured on commit ${p.commit ?? '(not recorded)'}, ${utc(p.startedAt)}, load average ${load}${p.machine ? ` on ${p.machine}` : ''}, by \`${p.command}\`; figures in \`${p.file}\`._`;
}

/** What a region shows when its figures are missing from the results it is rendered from. */
export function notMeasured(how: string): string {
	return `_Not measured in these results: ${how}._`;
}
