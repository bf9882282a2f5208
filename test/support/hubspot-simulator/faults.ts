// Queued fault injection. Faults are taken in the order they were injected: the first one that matches
// a call answers it and loses one of its `times`, so a test can script "429, 429, then success" or
// "fail only for this visitor" without timing tricks.

import type { SimulatorFault } from './types';

interface QueuedFault {
	fault: SimulatorFault;
	remaining: number;
}

export class FaultQueue {
	private queue: QueuedFault[] = [];

	inject(fault: SimulatorFault): void {
		const times = fault.times ?? 1;
		if (!(times >= 1)) throw new Error(`A fault must apply at least once (times: ${times}).`);
		if (fault.status !== undefined && !(Number.isInteger(fault.status) && fault.status >= 100 && fault.status <= 599)) {
			throw new Error(`Not an HTTP status: ${fault.status}.`);
		}
		this.queue.push({ fault: { ...fault }, remaining: times });
	}

	/** The fault that answers a call for this email, if any; consumes one use of it. */
	take(email: string | undefined): SimulatorFault | undefined {
		const index = this.queue.findIndex((queued) => matches(queued.fault, email));
		if (index < 0) return undefined;
		const queued = this.queue[index];
		queued.remaining -= 1;
		if (queued.remaining <= 0) this.queue.splice(index, 1);
		return queued.fault;
	}

	pending(): number {
		return this.queue.length;
	}

	clear(): void {
		this.queue = [];
	}
}

function matches(fault: SimulatorFault, email: string | undefined): boolean {
	if (fault.forEmail === undefined) return true;
	return email !== undefined && normaliseEmail(email) === normaliseEmail(fault.forEmail);
}

function normaliseEmail(email: string): string {
	return email.trim().toLowerCase();
}

/** Third-party stand-ins fail with a bare status per name, for as many calls as asked. */
export class ThirdPartyFaults {
	private readonly byName = new Map<string, { status: number; remaining: number }[]>();

	inject(name: string, status: number, times = 1): void {
		const list = this.byName.get(name) ?? [];
		list.push({ status, remaining: times });
		this.byName.set(name, list);
	}

	take(name: string): number | undefined {
		const list = this.byName.get(name);
		const next = list?.[0];
		if (!list || !next) return undefined;
		next.remaining -= 1;
		if (next.remaining <= 0) list.shift();
		return next.status;
	}

	pending(): number {
		let count = 0;
		for (const list of this.byName.values()) count += list.length;
		return count;
	}

	clear(): void {
		this.byName.clear();
	}
}
