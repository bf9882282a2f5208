import type { IDataObject } from 'n8n-workflow';

type Listener = (visitors: IDataObject[]) => void;

/**
 * Stands in for the outside world a trigger listens to (for the product, the website calling the Webhook):
 * the harness announces visitors for a workflow, and that workflow's active trigger emits them.
 */
export class VisitorArrivals {
	private readonly listeners = new Map<string, Listener>();

	listen(workflowId: string, listener: Listener): () => void {
		this.listeners.set(workflowId, listener);
		return () => {
			if (this.listeners.get(workflowId) === listener) this.listeners.delete(workflowId);
		};
	}

	announce(workflowId: string, visitors: IDataObject[]): void {
		const listener = this.listeners.get(workflowId);
		if (!listener) throw new Error(`No active trigger listens for visitors of workflow ${workflowId}`);
		listener(visitors);
	}
}

/** One per test file (jest gives every file its own module registry). */
export const visitorArrivals = new VisitorArrivals();
