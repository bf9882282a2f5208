import { credentialsFor, loadExample, variantOf, webhookOf, webhookPathOf, type ExampleWorkflow } from '../../support/example-workflows';
import { fakeAccessToken, startHubspotSimulator, type HubspotSimulator } from '../../support/hubspot-simulator';
import { N8nInstance, type N8nVersion } from '../../support/n8n';

/** An origin no test page is served from: the basic example with CORS limited to it must refuse the page. */
export const FOREIGN_ORIGIN = 'https://www.example.com';

/**
 * The basic example as a site owner would configure it after reading its CORS note: allowed origins set
 * to their own site. Here that site is not the test page's, which is how the suite proves the browser
 * really enforces CORS against n8n's answer.
 */
function basicExampleForAnotherSite(basic: ExampleWorkflow): ExampleWorkflow {
	return variantOf(basic, {
		id: 'hsVisitorIdOtherSite',
		name: `${basic.name} (CORS: ${FOREIGN_ORIGIN})`,
		path: `${webhookPathOf(basic)}-other-site`,
		webhookOptions: { ...(webhookOf(basic).parameters.options as object), allowedOrigins: FOREIGN_ORIGIN },
	});
}

/**
 * A real n8n with examples/basic.json published, its credential pointing at a fresh HubSpot simulator:
 * what a site owner has after importing the example and clicking Publish. `stop` is safe whatever
 * state `start` reached.
 */
export class BasicExampleOnN8n {
	private simulator: HubspotSimulator | undefined;
	private instance: N8nInstance | undefined;
	private readonly basic = loadExample('basic');
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
		return this.n8n.webhookUrl(webhookPathOf(this.basic));
	}

	/** The same workflow with CORS allowing only FOREIGN_ORIGIN. */
	get otherSiteWebhookUrl(): string {
		return this.n8n.webhookUrl(webhookPathOf(this.otherSite));
	}

	async start(): Promise<void> {
		const accessToken = fakeAccessToken();
		this.simulator = await startHubspotSimulator({ accounts: [{ accessToken }] });
		this.instance = await N8nInstance.create({ version: this.version, tarball: this.tarball });
		await this.n8n.importCredentials(credentialsFor([this.basic], { hubspotVisitorIdentificationApi: { accessToken, baseUrl: this.sim.url } }));
		await this.n8n.importWorkflows([this.basic, this.otherSite]);
		await this.n8n.activateWorkflow(this.basic.id);
		await this.n8n.activateWorkflow(this.otherSite.id);
		try {
			await this.n8n.start();
			await this.n8n.waitForWebhook(webhookPathOf(this.basic));
			await this.n8n.waitForWebhook(webhookPathOf(this.otherSite));
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
