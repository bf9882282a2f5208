import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fakeAccessToken, startHubspotSimulator, type HubspotSimulator } from '../../support/hubspot-simulator';
import { N8nInstance, REPO_ROOT, type N8nVersion, type WorkflowToImport } from '../../support/n8n';

interface WebhookNode {
	type: string;
	webhookId?: string;
	parameters: { path: string; options?: { allowedOrigins?: string } };
	credentials?: Record<string, { id: string; name: string }>;
}

interface Workflow extends WorkflowToImport {
	nodes: WebhookNode[];
}

/** An origin no test page is served from: the basic example with CORS limited to it must refuse the page. */
export const FOREIGN_ORIGIN = 'https://www.example.com';

function loadBasicExample(): Workflow {
	return JSON.parse(readFileSync(join(REPO_ROOT, 'examples', 'basic.json'), 'utf8')) as Workflow;
}

function webhookOf(workflow: Workflow): WebhookNode {
	const webhook = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.webhook');
	if (!webhook) throw new Error(`${workflow.id} has no Webhook node`);
	return webhook;
}

/**
 * The basic example as a site owner would configure it after reading its CORS note: allowed origins set
 * to their own site. Here that site is not the test page's, which is how the suite proves the browser
 * really enforces CORS against n8n's answer.
 */
function basicExampleForAnotherSite(basic: Workflow): Workflow {
	const copy = JSON.parse(JSON.stringify(basic)) as Workflow;
	copy.id = 'hsVisitorIdOtherSite';
	copy.name = `${basic.name} (CORS: ${FOREIGN_ORIGIN})`;
	const webhook = webhookOf(copy);
	webhook.webhookId = randomUUID();
	webhook.parameters.path = `${webhook.parameters.path}-other-site`;
	webhook.parameters.options = { ...webhook.parameters.options, allowedOrigins: FOREIGN_ORIGIN };
	return copy;
}

/**
 * A real n8n with examples/basic.json published, its credential pointing at a fresh HubSpot simulator:
 * what a site owner has after importing the example and clicking Publish. `stop` is safe whatever
 * state `start` reached.
 */
export class BasicExampleOnN8n {
	private simulator: HubspotSimulator | undefined;
	private instance: N8nInstance | undefined;
	private readonly basic = loadBasicExample();
	private readonly otherSite = basicExampleForAnotherSite(this.basic);

	constructor(
		private readonly version: N8nVersion,
		private readonly tarball: string,
	) {}

	get sim(): HubspotSimulator {
		if (!this.simulator) throw new Error('the simulator is not running');
		return this.simulator;
	}

	get n8n(): N8nInstance {
		if (!this.instance) throw new Error('n8n is not set up');
		return this.instance;
	}

	/** The basic example's production webhook, CORS open to any page. */
	get webhookUrl(): string {
		return this.n8n.webhookUrl(webhookOf(this.basic).parameters.path);
	}

	/** The same workflow with CORS allowing only FOREIGN_ORIGIN. */
	get otherSiteWebhookUrl(): string {
		return this.n8n.webhookUrl(webhookOf(this.otherSite).parameters.path);
	}

	async start(): Promise<void> {
		const accessToken = fakeAccessToken();
		this.simulator = await startHubspotSimulator({ accounts: [{ accessToken }] });
		this.instance = await N8nInstance.create({ version: this.version, tarball: this.tarball });
		const reference = credentialReference(this.basic);
		await this.n8n.importCredentials([
			{ ...reference, type: 'hubspotVisitorIdentificationApi', data: { accessToken, baseUrl: this.sim.url } },
		]);
		await this.n8n.importWorkflows([this.basic, this.otherSite]);
		await this.n8n.activateWorkflow(this.basic.id);
		await this.n8n.activateWorkflow(this.otherSite.id);
		try {
			await this.n8n.start();
			await this.n8n.waitForWebhook(webhookOf(this.basic).parameters.path);
			await this.n8n.waitForWebhook(webhookOf(this.otherSite).parameters.path);
		} catch (error) {
			throw new Error(`${(error as Error).message}\n--- end of n8n's log ---\n${await this.n8n.logTail()}`);
		}
	}

	async stop(): Promise<void> {
		try {
			await this.instance?.dispose();
		} finally {
			await this.simulator?.stop();
		}
	}
}

/** The credential id and name the example's HubSpot node refers to, so the import wires it up. */
function credentialReference(workflow: Workflow): { id: string; name: string } {
	for (const node of workflow.nodes) {
		const reference = node.credentials?.hubspotVisitorIdentificationApi;
		if (reference) return reference;
	}
	throw new Error(`${workflow.id} has no node using a hubspotVisitorIdentificationApi credential`);
}
