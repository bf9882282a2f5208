import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';

import { fakeAccessToken, startHubspotSimulator, type HubspotSimulator } from '../../support/hubspot-simulator';
import { credentialsFor, loadExample, webhookPathOf, type ExampleWorkflow } from '../../support/example-workflows';
import { freePort, N8nInstance, type N8nVersion } from '../../support/n8n';
import { withVisitCounter, VISIT_COUNTER_PATH } from './visit-counter';
import { LocalPostgres } from './postgres';
import { LocalRedis } from './redis';

/** The n8n release the queue-mode benchmark runs by default: the pinned 2.x (n8n does not support queue mode on SQLite). */
export const QUEUE_N8N_VERSION: N8nVersion = '2.41.1';

export interface QueueN8nOptions {
	/** Which n8n runs every process; default QUEUE_N8N_VERSION. */
	version?: N8nVersion;
	/**
	 * Adds another node with static data of its own to the workflow (see visit-counter.ts), reachable on
	 * its own webhook path, to show that the node leaves other nodes' static data alone.
	 */
	visitCounter?: boolean;
}

export type ProcessRole = 'main' | 'webhook' | 'worker1' | 'worker2';
export const ROLES: readonly ProcessRole[] = ['main', 'webhook', 'worker1', 'worker2'];
export const WORKERS: readonly ProcessRole[] = ['worker1', 'worker2'];

function seconds(since: number): string {
	return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

function log(message: string): void {
	process.stderr.write(`[queue] ${message}\n`);
}

/**
 * n8n in queue mode as users scale it: one main process (editor, API, scheduling), one webhook processor
 * (`n8n webhook`) receiving the production webhooks, and two workers (`n8n worker`) running the
 * executions, sharing one Postgres, one Redis and one encryption key. Each process has its own user
 * folder with the packed package installed as a community package, as each machine of a real set-up
 * would. The basic example is imported and published, its credential pointing at the HubSpot simulator.
 * `stop` is safe whatever state `start` reached, and kills every process it started.
 */
export class QueueN8n {
	readonly accessToken = fakeAccessToken();
	readonly version: N8nVersion;
	readonly workflow: ExampleWorkflow;
	/** The basic example's own webhook path (the workflow may have a second one, the visit counter's). */
	private readonly tokenPath: string;
	private readonly encryptionKey = randomBytes(24).toString('hex');
	private simulator: HubspotSimulator | undefined;
	private database: LocalPostgres | undefined;
	private queue: LocalRedis | undefined;
	private readonly processes = new Map<ProcessRole, N8nInstance>();

	constructor(
		private readonly tarball: string,
		private readonly hubspotLatencyMs = 0,
		options: QueueN8nOptions = {},
	) {
		const basic = loadExample('basic');
		this.version = options.version ?? QUEUE_N8N_VERSION;
		this.tokenPath = webhookPathOf(basic);
		this.workflow = options.visitCounter ? withVisitCounter(basic) : basic;
	}

	get sim(): HubspotSimulator {
		if (!this.simulator) throw new Error('the simulator is not running');
		return this.simulator;
	}

	get postgres(): LocalPostgres {
		if (!this.database) throw new Error('postgres is not running');
		return this.database;
	}

	get redis(): LocalRedis {
		if (!this.queue) throw new Error('redis is not running');
		return this.queue;
	}

	process(role: ProcessRole): N8nInstance {
		const instance = this.processes.get(role);
		if (!instance) throw new Error(`the ${role} process is not set up`);
		return instance;
	}

	/** The production webhook of the basic example, on the webhook processor. */
	get url(): string {
		return this.process('webhook').webhookUrl(this.tokenPath);
	}

	/** The visit counter's production webhook (with `visitCounter` only). */
	get counterUrl(): string {
		return this.process('webhook').webhookUrl(VISIT_COUNTER_PATH);
	}

	async start(): Promise<void> {
		const startedAt = Date.now();
		try {
			this.simulator = await startHubspotSimulator({ accounts: [{ accessToken: this.accessToken }], latencyMs: this.hubspotLatencyMs });
			[this.database, this.queue] = await Promise.all([LocalPostgres.start(), LocalRedis.start()]);
			log(`postgres on port ${this.postgres.connection.port}, redis on ${this.redis.port}, ready in ${seconds(startedAt)}`);
			for (const role of ROLES) this.processes.set(role, await this.createProcess(role));

			const main = this.process('main');
			const preparedAt = Date.now();
			await main.importCredentials(credentialsFor([this.workflow], { hubspotVisitorIdentificationApi: { accessToken: this.accessToken, baseUrl: this.sim.url } }));
			await main.importWorkflows([this.workflow]);
			await main.activateWorkflow(this.workflow.id);
			log(`imported and published in ${seconds(preparedAt)}`);
			await this.startAll();
			log(`queue-mode n8n ${this.version} (main, webhook, 2 workers) up in ${seconds(startedAt)} in all`);
		} catch (error) {
			await this.stop();
			throw error;
		}
	}

	private async createProcess(role: ProcessRole): Promise<N8nInstance> {
		const port = await freePort();
		const environment: Record<string, string> = {
			...this.postgres.n8nEnvironment(),
			...this.redis.n8nEnvironment(),
			EXECUTIONS_MODE: 'queue',
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			// Production webhooks go to the webhook processor only, as in a scaled set-up behind a load balancer.
			N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
			// Workers answer /healthz/readiness once connected to Postgres and Redis.
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(port),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			// A killed worker's job is given up after seconds rather than a minute.
			QUEUE_WORKER_LOCK_DURATION: '10000',
			QUEUE_WORKER_LOCK_RENEW_TIME: '3000',
			QUEUE_WORKER_STALLED_INTERVAL: '5000',
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		};
		const command = role === 'main' ? 'start' : role === 'webhook' ? 'webhook' : 'worker';
		return await N8nInstance.create({
			version: this.version,
			tarball: this.tarball,
			port,
			folderPrefix: `n8n-queue-${role}`,
			command,
			environment,
			// Workers log each execution they take ("Worker started execution …"): which worker ran what.
			logLevel: command === 'worker' ? 'info' : 'warn',
		});
	}

	/** Main first (it migrates the database and owns the leader's jobs), then the others together. */
	async startAll(): Promise<void> {
		const startedAt = Date.now();
		await this.process('main').start(180_000);
		await Promise.all(ROLES.filter((role) => role !== 'main').map(async (role) => await this.process(role).start(180_000)));
		await this.process('webhook').waitForWebhook(this.tokenPath);
		log(`all processes ready in ${seconds(startedAt)}`);
	}

	/** SIGTERM to every n8n process (workers finish their jobs), waiting for each to exit. */
	async stopAll(): Promise<void> {
		await Promise.all([...this.processes.values()].map(async (instance) => await instance.stop()));
	}

	/** Executions each worker has started so far, read from its log. */
	async executionsStartedBy(role: ProcessRole): Promise<string[]> {
		const text = await readFile(this.process(role).logFile, 'utf8').catch(() => '');
		return [...text.matchAll(/Worker started execution (\d+)/g)].map((match) => match[1]);
	}

	async stop(): Promise<void> {
		const failures: unknown[] = [];
		const attempt = async (what: () => Promise<void> | undefined) => {
			try {
				await what();
			} catch (error) {
				failures.push(error);
			}
		};
		await Promise.all([...this.processes.values()].map(async (instance) => await attempt(() => instance.dispose())));
		await attempt(() => this.queue?.stop());
		await attempt(() => this.database?.stop());
		await attempt(() => this.simulator?.stop());
		if (failures.length > 0) throw failures[0];
	}
}
