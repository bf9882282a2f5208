import type { ExampleWorkflow, WorkflowNode } from '../../support/example-workflows';

/** The counter's own production webhook path, beside the basic example's. */
export const VISIT_COUNTER_PATH = 'queue-visit-counter';
/** Where the counter keeps its count: the workflow's global static data, which every node of it shares. */
export const COUNTER_KEY = 'visits';

/**
 * Another node with static data in the same workflow, as users write one: a Code node that counts its
 * runs in `$getWorkflowStaticData('global')`, behind its own Webhook (answering with the count). The
 * HubSpot node never reads or writes that key: after requests through the workers it must be intact.
 */
export function withVisitCounter(workflow: ExampleWorkflow): ExampleWorkflow {
	const copy = JSON.parse(JSON.stringify(workflow)) as ExampleWorkflow;
	const trigger: WorkflowNode & Record<string, unknown> = {
		id: '5f0c6a2e-3f5d-4d55-9a55-0c5b3f3e7a01',
		name: 'Count webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		position: [0, 400],
		webhookId: '0b6f0f5e-9c1c-4c57-8f0a-3a7e2d6c1b02',
		parameters: { httpMethod: 'POST', path: VISIT_COUNTER_PATH, responseMode: 'lastNode', options: {} },
	};
	const counter: WorkflowNode & Record<string, unknown> = {
		id: '9a3e1c4b-7d2f-4e8a-b6c5-1d0f2e3a4b03',
		name: 'Count visits',
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [240, 400],
		parameters: {
			jsCode: [
				"const data = $getWorkflowStaticData('global');",
				`data.${COUNTER_KEY} = (data.${COUNTER_KEY} ?? 0) + 1;`,
				`return [{ json: { ${COUNTER_KEY}: data.${COUNTER_KEY} } }];`,
			].join('\n'),
		},
	};
	copy.nodes.push(trigger, counter);
	(copy.connections as Record<string, unknown>)[trigger.name] = { main: [[{ node: counter.name, type: 'main', index: 0 }]] };
	return copy;
}

/** The counter's value in a static-data column as n8n stored it (undefined when it has none). */
export function counterIn(column: string | null): number | undefined {
	if (column === null) return undefined;
	const global = (JSON.parse(column) as { global?: Record<string, unknown> }).global;
	const value = global?.[COUNTER_KEY];
	return typeof value === 'number' ? value : undefined;
}
