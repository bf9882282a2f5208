// The node must lose no static data it does not own: on an n8n 2.40+ queue-mode worker its copy starts
// empty and any write replaces the workflow's whole static data. The queue level proves it in real n8n
// (test/queue/queue-mode.test.ts, "another node's static data"); these pin the rule itself.
import type { IDataObject, IExecuteFunctions, WorkflowExecuteMode } from 'n8n-workflow';

import { isWorkersEmptyCopy, startedEmptyOnWorker, WORKERS_RELOAD_STATIC_DATA } from '../../nodes/HubspotVisitorIdentification/shared/workerCopy';

const onN8n2 = { workersReloadStaticData: false };

function context(mode: WorkflowExecuteMode | undefined, active: boolean | undefined): Pick<IExecuteFunctions, 'getMode' | 'getWorkflow'> {
	return {
		getMode: () => mode as WorkflowExecuteMode,
		getWorkflow: () => ({ id: 'wf', name: 'Visitor tokens', active: active as boolean }),
	};
}

describe('which n8n line the node runs on', () => {
	it('is told by n8n-workflow: the one this project builds against (2.x) no longer exports the Start node type', () => {
		expect(WORKERS_RELOAD_STATIC_DATA).toBe(false);
	});

	it('on n8n 1.x (workers reload static data for every job) a live execution in a workflow that says it is inactive still writes', () => {
		expect(startedEmptyOnWorker({ mode: 'webhook', workflowActive: false, holdsOwnData: false, workersReloadStaticData: true })).toBe(false);
	});
});

describe("a worker's empty snapshot copy (n8n 2.40+: live execution, workflow says inactive, nothing of the node's own)", () => {
	it.each<WorkflowExecuteMode>(['webhook', 'trigger'])('is recognised in a %s execution', (mode) => {
		expect(startedEmptyOnWorker({ mode, workflowActive: false, holdsOwnData: false, ...onN8n2 })).toBe(true);
		expect(isWorkersEmptyCopy(context(mode, false), {})).toBe(true);
	});

	it('is not assumed for a live execution of a workflow that says it is active (main process; n8n 1.x and 2.x up to 2.39 workers)', () => {
		expect(isWorkersEmptyCopy(context('webhook', true), {})).toBe(false);
		expect(isWorkersEmptyCopy(context('trigger', true), {})).toBe(false);
	});

	it('is not assumed once the copy holds the node’s own data: it was read from the database (e.g. a resumed waiting execution)', () => {
		const ownData: IDataObject = { tokenCache: 'v2|key|gen|' };
		expect(isWorkersEmptyCopy(context('webhook', false), ownData)).toBe(false);
		expect(startedEmptyOnWorker({ mode: 'webhook', workflowActive: false, holdsOwnData: true, ...onN8n2 })).toBe(false);
	});

	it.each<WorkflowExecuteMode>(['manual', 'cli', 'integrated', 'retry', 'error', 'internal', 'evaluation', 'chat'])(
		'is not assumed in a %s execution, which an inactive workflow may legitimately run',
		(mode) => {
			expect(isWorkersEmptyCopy(context(mode, false), {})).toBe(false);
		},
	);

	it('is not assumed when the context does not say the mode or the active state (when in doubt, the node writes as before)', () => {
		expect(isWorkersEmptyCopy(context(undefined, false), {})).toBe(false);
		expect(isWorkersEmptyCopy(context('webhook', undefined), {})).toBe(false);
	});
});
