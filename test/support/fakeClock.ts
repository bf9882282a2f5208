import { clock } from '../../nodes/HubspotVisitorIdentification/shared/clock';

/**
 * Takes over the node's clock: time moves only when a test says so, and a sleep moves it by the time slept
 * (recording each wait) instead of waiting. Restore with `release()`.
 */
export function takeOverClock(startAt = Date.parse('2026-11-23T08:00:00Z')) {
	const original = { ...clock };
	const state = { now: startAt, sleeps: [] as number[] };
	clock.now = () => state.now;
	clock.sleep = async (ms: number) => {
		state.sleeps.push(ms);
		state.now += ms;
	};
	return {
		get now() {
			return state.now;
		},
		sleeps: state.sleeps,
		advance(ms: number) {
			state.now += ms;
		},
		release() {
			Object.assign(clock, original);
		},
	};
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
