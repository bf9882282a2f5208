/**
 * Runs `total` tasks with at most `inFlight` at a time, keeping every result in task order.
 * Bounded on purpose: the suite shares two cores with n8n and the simulator.
 */
export async function runConcurrently<T>(total: number, inFlight: number, task: (index: number) => Promise<T>): Promise<T[]> {
	const results = new Array<T>(total);
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < total) {
			const index = next++;
			results[index] = await task(index);
		}
	};
	await Promise.all(Array.from({ length: Math.min(inFlight, total) }, worker));
	return results;
}
