// Latency is simulated with timers; stop() must not wait for them, nor leave them keeping Node alive
// (jest --detectOpenHandles would flag it), so every pending delay can be cut short at once.

interface PendingDelay {
	timer: NodeJS.Timeout;
	resolve: () => void;
}

export class Sleeper {
	private readonly pending = new Set<PendingDelay>();

	sleep(ms: number): Promise<void> {
		if (!(ms > 0)) return Promise.resolve();
		return new Promise((resolve) => {
			const delay: PendingDelay = {
				timer: setTimeout(() => {
					this.pending.delete(delay);
					resolve();
				}, ms),
				resolve,
			};
			this.pending.add(delay);
		});
	}

	/** Ends every pending delay now; callers check whether the simulator stopped before answering. */
	cancelAll(): void {
		for (const delay of this.pending) {
			clearTimeout(delay.timer);
			delay.resolve();
		}
		this.pending.clear();
	}
}
