import { sleep } from 'n8n-workflow';

/**
 * The node's only sources of time. Tests replace these two functions to move time by hand,
 * which keeps the 12-hour expiry and the retry backoff exactly testable without real waiting.
 */
export const clock = {
	now: (): number => Date.now(),
	sleep: async (milliseconds: number): Promise<void> => await sleep(milliseconds),
};
