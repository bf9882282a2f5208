import { clock } from '../../nodes/HubspotVisitorIdentification/shared/clock';

/**
 * Takes over the node's clock with virtual time: time moves only when a test advances it or when a sleep
 * is due. Sleeps do not wait: once everything else has settled (a macrotask later), the earliest pending
 * sleep fires and time jumps to its end, so concurrent sleepers wake in the order real time would wake them.
 * Every sleep's length is recorded. Restore with `release()`.
 */
export function takeOverClock(startAt = Date.parse('2026-11-23T08:00:00Z')) {
	const original = { ...clock };
	const state = { now: startAt, sleeps: [] as number[], pumping: false };
	const timers: Array<{ at: number; order: number; wake: () => void }> = [];
	let order = 0;

	const pump = () => {
		state.pumping = false;
		if (timers.length === 0) return;
		timers.sort((a, b) => a.at - b.at || a.order - b.order);
		const next = timers.shift()!;
		state.now = Math.max(state.now, next.at);
		next.wake();
		schedulePump();
	};
	const schedulePump = () => {
		if (state.pumping || timers.length === 0) return;
		state.pumping = true;
		setImmediate(pump);
	};

	clock.now = () => state.now;
	clock.sleep = (ms: number) =>
		new Promise<void>((wake) => {
			state.sleeps.push(ms);
			timers.push({ at: state.now + ms, order: order++, wake });
			schedulePump();
		});

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
