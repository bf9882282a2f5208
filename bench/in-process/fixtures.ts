import { randomBytes } from 'node:crypto';

import type { Visitor } from './nodeRunner';

/**
 * HubSpot documents the visitor token as an opaque string of a few hundred characters; the simulator
 * issues 256 base64url characters, and so does this: the cache's size per entry depends on it.
 */
export const VISITOR_TOKEN_BYTES = 192;

export function visitorToken(): string {
	return randomBytes(VISITOR_TOKEN_BYTES).toString('base64url');
}

/** An access token that is obviously a fixture, fresh per run. */
export function fixtureAccessToken(): string {
	return `pat-na1-${randomBytes(16).toString('hex')}`;
}

/** `count` distinct visitors, named by `label` so that different sets never share a cache entry. */
export function visitors(label: string, count: number): Visitor[] {
	return Array.from({ length: count }, (_, index) => ({
		email: `${label}-${index}@bench.example.com`,
		firstName: 'Bench',
		lastName: `Visitor ${index}`,
	}));
}

/** Fisher–Yates with a fixed seed: the same interleaving on every run. */
export function shuffled<T>(values: readonly T[], seed = 42): T[] {
	const copy = [...values];
	let state = seed >>> 0;
	const random = () => {
		state = (state * 1664525 + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
	for (let i = copy.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[copy[i], copy[j]] = [copy[j], copy[i]];
	}
	return copy;
}
