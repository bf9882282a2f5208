import { ExecutionLifecycleHooks, ExternalSecretsProxy } from 'n8n-core';
import type { ICredentialsHelper, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

/** Nobody listens here: n8n only builds URLs from it (e.g. $execution.resumeUrl). */
const INSTANCE_URL = 'http://127.0.0.1:9';

function unavailable(what: string): never {
	throw new Error(`${what} is not available in the in-process engine harness`);
}

/**
 * What n8n's CLI hands every execution besides the workflow (its WorkflowExecuteAdditionalData.getBase):
 * the credentials helper, the lifecycle hooks and the instance's URLs. Sub-workflows, task runners and
 * other CLI services are out of scope and fail loudly if a node reaches for them.
 */
export function additionalDataFor(options: {
	executionId: string;
	workflowId: string;
	credentialsHelper: ICredentialsHelper;
	hooks: ExecutionLifecycleHooks;
}): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: options.credentialsHelper,
		hooks: options.hooks,
		executionId: options.executionId,
		workflowId: options.workflowId,
		externalSecretsProxy: new ExternalSecretsProxy(),
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: `${INSTANCE_URL}/rest`,
		instanceBaseUrl: INSTANCE_URL,
		formBaseUrl: `${INSTANCE_URL}/form`,
		formWaitingBaseUrl: `${INSTANCE_URL}/form-waiting`,
		formTestBaseUrl: `${INSTANCE_URL}/form-test`,
		webhookBaseUrl: `${INSTANCE_URL}/webhook`,
		webhookWaitingBaseUrl: `${INSTANCE_URL}/webhook-waiting`,
		webhookTestBaseUrl: `${INSTANCE_URL}/webhook-test`,
		mcpBaseUrl: `${INSTANCE_URL}/mcp`,
		mcpTestBaseUrl: `${INSTANCE_URL}/mcp-test`,
		logAiEvent: () => undefined,
		executeWorkflow: async () => unavailable('Executing a sub-workflow'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: async () => unavailable('The task runner'),
	};
}
