import { ExecutionLifecycleHooks, TriggerContext, TriggersAndPollers, WorkflowExecute } from 'n8n-core';
import {
	Workflow,
	createRunExecutionData,
	type ICredentialType,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type IRun,
	type IWorkflowBase,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { additionalDataFor } from './additionalData';
import { CredentialsHelper, type StoredCredential } from './credentialsHelper';
import { packageNodeTypes } from './nodeTypes';
import { visitorArrivals } from './visitorArrivals';

export type WorkflowDefinition = Pick<IWorkflowBase, 'id' | 'name' | 'nodes' | 'connections' | 'settings'>;

/** One finished execution, as n8n's engine reported it. */
export interface Execution {
	run: IRun;
	/**
	 * Whether the engine handed static data to the workflowExecuteAfter hook: n8n's signal that the
	 * workflow's static data changed and has to be written back to the database.
	 */
	staticDataChanged: boolean;
}

/** The output branches a node produced in an execution: index 0 is the main output, 1 the error output. */
export function outputsOf(execution: Execution, nodeName: string): INodeExecutionData[][] {
	const runs = execution.run.data.resultData.runData[nodeName];
	if (!runs || runs.length === 0) throw new Error(`${nodeName} did not run (execution status: ${execution.run.status})`);
	return runs[0].data?.main.map((items) => items ?? []) ?? [];
}

/** The items a node received, or [] when the execution never reached it. */
export function itemsReaching(execution: Execution, nodeName: string): INodeExecutionData[] {
	const runs = execution.run.data.resultData.runData[nodeName];
	return runs?.[0]?.data?.main[0] ?? [];
}

/**
 * A small n8n in this process, built from n8n-core's engine: workflows saved as n8n stores them (with a
 * static-data column), triggers activated as n8n activates them, and every emitted batch executed by
 * n8n-core's WorkflowExecute in production ('trigger') mode. What n8n's CLI would add (database, queue,
 * UI) is replaced by the few lines below; the node, its parameters, expressions, credentials, HTTP client,
 * static data and error routing are n8n's own code.
 */
export class InProcessN8n {
	private readonly workflows = new Map<string, WorkflowDefinition>();
	/** Like n8n's workflow_entity.staticData column: JSON text, rewritten whole after a run that changed it. */
	private readonly staticDataColumn = new Map<string, string>();
	private readonly nodeTypes = packageNodeTypes();
	private readonly credentialsHelper: CredentialsHelper;
	private readonly triggers = new TriggersAndPollers();
	private readonly running: Array<Promise<Execution>> = [];
	private executionCount = 0;

	constructor(options: { credentialTypes: ICredentialType[]; credentials: StoredCredential[] }) {
		this.credentialsHelper = new CredentialsHelper(options.credentialTypes, options.credentials);
	}

	saveWorkflow(definition: WorkflowDefinition): void {
		this.workflows.set(definition.id, structuredClone(definition));
	}

	/** What n8n would have in its database for the workflow's static data. */
	storedStaticData(workflowId: string): IDataObject | undefined {
		const json = this.staticDataColumn.get(workflowId);
		return json === undefined ? undefined : (JSON.parse(json) as IDataObject);
	}

	/** Publishes the workflow: its trigger starts listening, and every batch it emits becomes an execution. */
	async activate(workflowId: string): Promise<{ deactivate: () => Promise<void> }> {
		const workflow = this.loadWorkflow(workflowId);
		const trigger = Object.values(workflow.nodes).find((node) => this.nodeTypes.getByNameAndVersion(node.type, node.typeVersion).trigger);
		if (!trigger) throw new Error(`Workflow ${workflowId} has no trigger`);
		const additionalData = additionalDataFor({
			executionId: 'activation',
			workflowId,
			credentialsHelper: this.credentialsHelper,
			hooks: new ExecutionLifecycleHooks('trigger', 'activation', this.workflowBase(workflowId)),
		});
		const response = await this.triggers.runTriggerFunction(
			workflow,
			trigger,
			(activeWorkflow, node, data, mode, activation) =>
				new TriggerContext(activeWorkflow, node, data, mode, activation, (emitted) => {
					this.running.push(this.execute(workflowId, trigger.name, emitted, 'trigger'));
				}),
			additionalData,
			'trigger',
			'activate',
		);
		return { deactivate: async () => await response?.closeFunction?.() };
	}

	/** Announces visitors to the workflow's trigger and waits for the execution it starts. */
	async visitorsArrive(workflowId: string, visitors: IDataObject[]): Promise<Execution> {
		const before = this.running.length;
		visitorArrivals.announce(workflowId, visitors);
		const started = this.running.slice(before);
		if (started.length !== 1) throw new Error(`Expected the trigger to start one execution, it started ${started.length}`);
		return await started[0];
	}

	/** As n8n runs what a trigger emitted: a fresh workflow with the stored static data, the trigger's items first on the stack. */
	private async execute(workflowId: string, triggerName: string, emitted: INodeExecutionData[][], mode: WorkflowExecuteMode): Promise<Execution> {
		const workflow = this.loadWorkflow(workflowId);
		const executionId = String(++this.executionCount);
		const hooks = new ExecutionLifecycleHooks(mode, executionId, this.workflowBase(workflowId));
		let staticDataChanged = false;
		hooks.addHandler('workflowExecuteAfter', (_run, newStaticData) => {
			staticDataChanged = newStaticData !== undefined;
			// n8n saves static data after production runs (successful or not) and never after manual ones.
			if (newStaticData !== undefined && mode !== 'manual') this.staticDataColumn.set(workflowId, JSON.stringify(newStaticData));
		});
		const additionalData = additionalDataFor({ executionId, workflowId, credentialsHelper: this.credentialsHelper, hooks });
		const runExecutionData = createRunExecutionData({
			executionData: { nodeExecutionStack: [{ node: workflow.getNode(triggerName) as INode, data: { main: emitted }, source: null }] },
		});
		const run = await new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(workflow);
		return { run, staticDataChanged };
	}

	private loadWorkflow(workflowId: string): Workflow {
		const definition = this.workflows.get(workflowId);
		if (!definition) throw new Error(`No workflow ${workflowId}`);
		const { id, name, nodes, connections, settings } = structuredClone(definition);
		return new Workflow({ id, name, nodes, connections, settings, active: true, nodeTypes: this.nodeTypes, staticData: this.storedStaticData(workflowId) });
	}

	private workflowBase(workflowId: string): IWorkflowBase {
		const definition = this.workflows.get(workflowId) as WorkflowDefinition;
		const now = new Date();
		return { ...definition, active: true, isArchived: false, createdAt: now, updatedAt: now, activeVersionId: null };
	}
}
