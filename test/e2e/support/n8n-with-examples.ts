import { randomBytes } from 'node:crypto';

import { fakeAccessToken, startHubspotSimulator, type HubspotSimulator } from '../../support/hubspot-simulator';
import { N8nInstance, type N8nVersion } from '../../support/n8n';
import { credentialsFor, loadExample, webhookPathOf, withSettings, type ExampleName, type ExampleWorkflow } from '../../support/example-workflows';
import { packedTarball } from './suite-settings';

function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)} s`;
}

/** Durations go to stderr so a run's log shows where the time goes (cold vs warm, start vs tests). */
function logTiming(message: string): void {
	process.stderr.write(`[e2e] ${message}\n`);
}

/** Header the protected example's webhook credential expects in the tests. */
export const WEBHOOK_KEY_HEADER = 'X-Webhook-Key';

/** Where the chained example's Discord step posts during tests: the simulator's third-party stand-in. */
export const DISCORD_STAND_IN = 'discord';

/**
 * A real n8n with some of the example workflows imported, credentials pointing at a fresh HubSpot
 * simulator, and the workflows published — what a user has after importing the examples and
 * clicking Publish/Activate. `stop` is safe to call whatever state `start` reached.
 */
export class RunningExamples {
	readonly accessToken = fakeAccessToken();
	/** The contact step's own credential (n8n's HubSpot App Token), so a test can revoke it alone. */
	readonly contactsAccessToken = fakeAccessToken();
	/** Secret of the protected example's Header Auth credential. */
	readonly webhookKey = randomBytes(16).toString('hex');
	private simulator: HubspotSimulator | undefined;
	private instance: N8nInstance | undefined;
	readonly workflows = new Map<ExampleName, ExampleWorkflow>();

	/**
	 * `variants` are copies of the examples with changes of their own (see variantOf), imported and
	 * published next to them; their credentials must be ones the examples use too.
	 */
	constructor(
		readonly version: N8nVersion,
		private readonly examples: ExampleName[],
		private readonly variants: ExampleWorkflow[] = [],
	) {}

	get sim(): HubspotSimulator {
		if (!this.simulator) throw new Error('the simulator is not running');
		return this.simulator;
	}

	get n8n(): N8nInstance {
		if (!this.instance) throw new Error('n8n is not set up');
		return this.instance;
	}

	workflow(example: ExampleName): ExampleWorkflow {
		const workflow = this.workflows.get(example);
		if (!workflow) throw new Error(`example ${example} was not imported`);
		return workflow;
	}

	url(example: ExampleName): string {
		return this.n8n.webhookUrl(webhookPathOf(this.workflow(example)));
	}

	async start(): Promise<void> {
		const startedAt = Date.now();
		this.simulator = await startHubspotSimulator({
			accounts: [{ accessToken: this.accessToken }, { accessToken: this.contactsAccessToken }],
		});
		this.instance = await N8nInstance.create({ version: this.version, tarball: packedTarball() });
		for (const example of this.examples) this.workflows.set(example, this.prepare(loadExample(example)));
		const workflows = [...this.workflows.values(), ...this.variants];
		await this.n8n.importCredentials(
			credentialsFor(workflows, {
				hubspotVisitorIdentificationApi: { accessToken: this.accessToken, baseUrl: this.sim.url },
				hubspotAppToken: { appToken: this.contactsAccessToken },
				httpHeaderAuth: { name: WEBHOOK_KEY_HEADER, value: this.webhookKey },
			}),
		);
		await this.n8n.importWorkflows(workflows);
		for (const workflow of workflows) await this.n8n.activateWorkflow(workflow.id);
		const preparedAt = Date.now();
		await this.n8n.start();
		await this.waitForWebhooks();
		logTiming(`n8n ${this.version}: prepared (install, import, publish) in ${seconds(preparedAt - startedAt)}, started in ${seconds(Date.now() - preparedAt)}`);
	}

	async waitForWebhooks(): Promise<void> {
		for (const workflow of [...this.workflows.values(), ...this.variants]) await this.n8n.waitForWebhook(webhookPathOf(workflow));
	}

	async restart(): Promise<void> {
		const startedAt = Date.now();
		await this.n8n.stop();
		const stoppedAt = Date.now();
		await this.n8n.start();
		await this.waitForWebhooks();
		logTiming(`n8n ${this.version}: stopped in ${seconds(stoppedAt - startedAt)}, started again in ${seconds(Date.now() - stoppedAt)}`);
	}

	async stop(): Promise<void> {
		try {
			await this.instance?.dispose();
		} finally {
			await this.simulator?.stop();
		}
	}

	/** Points the chained example's extra steps at the simulator, as a user would edit its Settings node. */
	private prepare(workflow: ExampleWorkflow): ExampleWorkflow {
		if (workflow.nodes.every((node) => node.name !== 'Settings')) return workflow;
		return withSettings(workflow, {
			hubspotApiBaseUrl: this.sim.url,
			discordWebhookUrl: `${this.sim.url}/third-party/${DISCORD_STAND_IN}/api/webhooks/1234567890/fake-webhook-token`,
		});
	}
}

/** Starts the stack before the calling file's (or describe block's) tests and stops it after them. */
export function runForTheseTests(stack: RunningExamples): void {
	beforeAll(async () => await stack.start(), 300_000);
	afterAll(async () => await stack.stop(), 60_000);
}
