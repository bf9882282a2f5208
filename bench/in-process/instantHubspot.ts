import type { HubSpotStandIn } from './nodeRunner';
import { visitorToken } from './fixtures';

/**
 * A HubSpot that answers at once, from tokens minted up front, so that a timed miss pays for the node's
 * work and not for generating random tokens. Counts its calls.
 */
export function instantHubspot(poolSize = 256): HubSpotStandIn & { calls: () => number } {
	const pool = Array.from({ length: poolSize }, visitorToken);
	let calls = 0;
	const answer = async () => pool[calls++ % pool.length];
	return Object.assign(answer, { calls: () => calls });
}

/** A HubSpot that answers after `latencyMs` of real time; records how many requests were in flight at most. */
export function slowHubspot(latencyMs: number): HubSpotStandIn & { calls: () => number; maxInFlight: () => number } {
	let calls = 0;
	let inFlight = 0;
	let maxInFlight = 0;
	const answer = async () => {
		calls++;
		inFlight++;
		maxInFlight = Math.max(maxInFlight, inFlight);
		await new Promise((resolve) => setTimeout(resolve, latencyMs));
		inFlight--;
		return visitorToken();
	};
	return Object.assign(answer, { calls: () => calls, maxInFlight: () => maxInFlight });
}
