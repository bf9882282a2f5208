import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
	/** What is being waited for, for the timeout message. */
	what: string;
	timeoutMs: number;
	intervalMs?: number;
	/** Stops waiting early, e.g. when the process being waited on has exited. */
	abortIf?: () => string | undefined;
}

/** Polls `probe` until it returns true; throws with `what` when time runs out. */
export async function waitUntil(probe: () => Promise<boolean>, options: WaitOptions): Promise<void> {
	const deadline = Date.now() + options.timeoutMs;
	let lastError: unknown;
	while (Date.now() < deadline) {
		const abortReason = options.abortIf?.();
		if (abortReason !== undefined) throw new Error(`gave up waiting for ${options.what}: ${abortReason}`);
		try {
			if (await probe()) return;
		} catch (error) {
			lastError = error;
		}
		await sleep(options.intervalMs ?? 250);
	}
	const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
	throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what}${detail}`);
}
