import * as n8nWorkflow from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, WorkflowExecuteMode } from 'n8n-workflow';

/**
 * Tells when this execution's copy of static data is the empty one an n8n 2.40+ queue-mode worker gets.
 *
 * Such a worker runs a webhook or trigger execution from the workflow snapshot saved with the execution,
 * and that snapshot keeps only the workflow's id, name, nodes, connections and settings (n8n's
 * `toWorkflowSnapshot`): no static data, and no `active`/`activeVersionId`. The copy starts empty, and if
 * anything is written to it, n8n replaces the workflow's whole static data with it, erasing every other
 * node's keys and the workflow's global ones. A node cannot read the database, but it can see the other
 * half of the same snapshot: an execution only a live workflow can have (a production webhook, a trigger)
 * in a workflow that says it is not active. A main process runs from the published workflow (active).
 *
 * n8n 1.x saves the same kind of snapshot (no `active`), but its workers reload static data from the
 * database for every job: there the copy is real and the node writes, so workers share the cache. The node
 * tells n8n 1.x by its n8n-workflow, which still exports the Start node's type (n8n 2.0 removed the node).
 * n8n 2.0 to 2.39 also reload static data but cannot be told from 2.40+: there the node does not write from
 * workers either (no data lost, no cache shared across workers).
 *
 * A copy that already holds the node's own data was read from the database (a waiting execution
 * resumed on a worker reloads static data): writing it back is safe, whatever the workflow says.
 */

/** n8n 1.x: its workers reload the workflow's static data from the database for every job. */
export const WORKERS_RELOAD_STATIC_DATA = 'START_NODE_TYPE' in n8nWorkflow;

/** Modes of executions that only a published (active) workflow starts. */
const LIVE_WORKFLOW_MODES: ReadonlySet<WorkflowExecuteMode> = new Set<WorkflowExecuteMode>(['webhook', 'trigger']);

/** What the node can see of where its copy of static data came from. */
export interface StaticDataCopy {
	/** The execution's mode; undefined where the context does not say. */
	mode: WorkflowExecuteMode | undefined;
	/** Whether the workflow says it is active; undefined where the context does not say. */
	workflowActive: boolean | undefined;
	/** The node's own static data holds anything at all. */
	holdsOwnData: boolean;
	/** This n8n's workers reload static data from the database for every job (n8n 1.x). */
	workersReloadStaticData: boolean;
}

/** True only when every sign says this is a worker's empty snapshot copy; when in doubt, false. */
export function startedEmptyOnWorker(copy: StaticDataCopy): boolean {
	if (copy.holdsOwnData || copy.workersReloadStaticData) return false;
	return copy.mode !== undefined && LIVE_WORKFLOW_MODES.has(copy.mode) && copy.workflowActive === false;
}

/**
 * True when writing the node's static data would replace the workflow's whole static data with a copy
 * that started empty: the node then leaves it alone (its tokens stay in this worker's memory).
 */
export function isWorkersEmptyCopy(context: Pick<IExecuteFunctions, 'getMode' | 'getWorkflow'>, nodeStaticData: IDataObject): boolean {
	return startedEmptyOnWorker({
		mode: context.getMode(),
		workflowActive: context.getWorkflow().active,
		holdsOwnData: Object.keys(nodeStaticData).length > 0,
		workersReloadStaticData: WORKERS_RELOAD_STATIC_DATA,
	});
}
