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
