/** Summary statistics over timing samples. Medians, not means: a shared machine adds rare long pauses. */

export function quantile(values: readonly number[], q: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	// Nearest rank: p99 of 100 samples is the 99th value, never an interpolation between two real ones.
	const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
	return sorted[rank - 1];
}

export function median(values: readonly number[]): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = sorted.length >> 1;
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export interface Distribution {
	samples: number;
	median: number;
	p99: number;
	min: number;
	max: number;
}

export function distribution(values: readonly number[]): Distribution {
	return {
		samples: values.length,
		median: median(values),
		p99: quantile(values, 0.99),
		min: values.length ? Math.min(...values) : Number.NaN,
		max: values.length ? Math.max(...values) : Number.NaN,
	};
}

/** Rounds for the results file: enough digits to compare runs, not the noise below them. */
export function round(value: number, digits = 3): number {
	if (!Number.isFinite(value)) return value;
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}
