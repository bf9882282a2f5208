import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { installCommunityPackage } from './community-package';
import { freePort } from './free-port';
import { describeInstall, type N8nInstall, type N8nVersion } from './installs';
import { runN8nCommand } from './n8n-cli';
import { n8nEnvironment, type N8nSettings } from './n8n-environment';
import { killN8nProcess, startN8nProcess, stopN8nProcess, type N8nCommand, type N8nProcess } from './n8n-process';
import { readStaticDataColumn } from './static-data';
import { waitUntil } from './wait-until';

/** A credential as `n8n import:credentials` takes it: `data` in plain text is encrypted on import. */
export interface CredentialToImport {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

/** The parts of an exported workflow the harness relies on. */
export interface WorkflowToImport {
	/** See N8nInstall.maxWorkflowIdLength: at most 16 characters works on every n8n version. */
	id: string;
	name: string;
	nodes: unknown[];
	connections: unknown;
	[key: string]: unknown;
}

export interface N8nInstanceOptions {
	version: N8nVersion;
	/** Tarball from `packPackage`, installed as a community package before the first start. */
	tarball?: string;
	logLevel?: N8nSettings['logLevel'];
	/** Fixed port (the demo's choice); a random free one otherwise. */
	port?: number;
	/** Start of the temporary user folder's name, to tell instances apart in /tmp. */
	folderPrefix?: string;
	/** What this process runs: `start` (default), or in queue mode `webhook` or `worker`. */
	command?: N8nCommand;
	/**
	 * More n8n settings (environment variables) for every command of this instance, on top of the harness's
	 * own: e.g. the database, queue and shared encryption key that make several processes one queue-mode n8n.
	 */
	environment?: Record<string, string>;
}

/**
 * One real n8n: its own temporary user folder (database, settings, community packages),
 * its own port and encryption key. Prepare it with the CLI (import, publish), then start it;
 * stop and restart keep the folder, `dispose` removes it.
 */
export class N8nInstance {
	private process: N8nProcess | undefined;

	private constructor(
		readonly install: N8nInstall,
		readonly userFolder: string,
		private readonly settings: N8nSettings,
		private readonly command: N8nCommand = 'start',
	) {}

	static async create(options: N8nInstanceOptions): Promise<N8nInstance> {
		const install = describeInstall(options.version);
		const userFolder = await mkdtemp(join(tmpdir(), `${options.folderPrefix ?? 'n8n-e2e'}-${options.version}-`));
		const settings: N8nSettings = {
			userFolder,
			port: options.port ?? (await freePort()),
			runnerBrokerPort: await freePort(),
			encryptionKey: randomBytes(24).toString('hex'),
			logLevel: options.logLevel,
			extra: options.environment,
		};
		const instance = new N8nInstance(install, userFolder, settings, options.command);
		if (options.tarball !== undefined) await installCommunityPackage(userFolder, options.tarball);
		return instance;
	}

	get version(): N8nVersion {
		return this.install.version;
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.settings.port}`;
	}

	/** Production webhook URL of a published workflow's Webhook node. */
	webhookUrl(path: string): string {
		return `${this.baseUrl}/webhook/${path}`;
	}

	get logFile(): string {
		return join(this.userFolder, 'n8n.log');
	}

	private get env(): NodeJS.ProcessEnv {
		return n8nEnvironment(this.install, this.settings);
	}

	private async cli(args: string[]): Promise<string> {
		return await runN8nCommand(this.install, this.env, args);
	}

	async importCredentials(credentials: CredentialToImport[]): Promise<void> {
		const file = join(this.userFolder, `credentials-${randomBytes(4).toString('hex')}.json`);
		await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
		try {
			await this.cli(['import:credentials', `--input=${file}`]);
		} finally {
			// The file holds the access token in clear text: do not leave it behind.
			await rm(file, { force: true });
		}
	}

	/** Imports workflows in one CLI run (each run boots n8n's database layer: seconds, not milliseconds). */
	async importWorkflows(workflows: WorkflowToImport[]): Promise<void> {
		const maxLength = this.install.maxWorkflowIdLength;
		const tooLong = workflows.find((workflow) => workflow.id.length > maxLength);
		if (tooLong) {
			throw new Error(`workflow id "${tooLong.id}" is longer than ${maxLength} characters: n8n ${this.version} would never save its static data`);
		}
		const dir = await mkdtemp(join(this.userFolder, 'workflows-'));
		try {
			for (const workflow of workflows) await writeFile(join(dir, `${workflow.id}.json`), JSON.stringify(workflow));
			await this.cli(['import:workflow', '--separate', `--input=${dir}`]);
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	}

	/** Makes a workflow's production webhooks live at the next start (2.x publishes, 1.x activates). */
	async activateWorkflow(id: string): Promise<void> {
		if (this.install.major >= 2) await this.cli(['publish:workflow', `--id=${id}`]);
		else await this.cli(['update:workflow', `--id=${id}`, '--active=true']);
	}

	/** Starts n8n and waits until it reports ready (database connected and migrated). */
	async start(timeoutMs = 120_000): Promise<void> {
		if (this.process !== undefined && this.process.exitReason() === undefined) return; // already running
		const started = startN8nProcess(this.install, this.env, this.logFile, this.command);
		this.process = started;
		await this.explainFailure(
			waitUntil(async () => (await fetch(`${this.baseUrl}/healthz/readiness`, { signal: AbortSignal.timeout(2_000) })).ok, {
				what: `n8n ${this.version} /healthz/readiness`,
				timeoutMs,
				abortIf: () => started.exitReason(),
			}),
		);
	}

	/** A start-up that fails says why: the end of n8n's log goes into the error. */
	private async explainFailure(waiting: Promise<void>): Promise<void> {
		try {
			await waiting;
		} catch (error) {
			throw new Error(`${(error as Error).message}\n--- end of n8n's log ---\n${await this.logTail(15)}`);
		}
	}

	/**
	 * Waits until a production webhook is registered (n8n registers them some seconds after
	 * readiness). Probes with a CORS preflight, which n8n answers for registered webhooks without
	 * running the workflow, so the probe costs no HubSpot call and leaves no execution behind.
	 */
	async waitForWebhook(path: string, timeoutMs = 120_000): Promise<void> {
		const running = this.process;
		const waiting = waitUntil(
			async () => {
				const response = await fetch(this.webhookUrl(path), {
					method: 'OPTIONS',
					headers: { origin: 'http://127.0.0.1', 'access-control-request-method': 'POST' },
					signal: AbortSignal.timeout(2_000),
				});
				await response.arrayBuffer();
				// Only a registered webhook answers the preflight with its methods. Before that n8n answers
				// 200 "n8n is starting up", then 404 until its routes are mounted, then 500.
				return response.status === 204 && (response.headers.get('access-control-allow-methods') ?? '').includes('POST');
			},
			{
				what: `webhook "${path}" on n8n ${this.version}`,
				timeoutMs,
				abortIf: () => (running === undefined ? 'n8n is not running' : running.exitReason()),
			},
		);
		await this.explainFailure(waiting);
	}

	async stop(): Promise<void> {
		if (this.process === undefined) return;
		await stopN8nProcess(this.process);
		this.process = undefined;
	}

	/** Kills the process group with SIGKILL, as a crash would: no graceful shutdown, no final writes. */
	async kill(): Promise<void> {
		if (this.process === undefined) return;
		await killN8nProcess(this.process);
		this.process = undefined;
	}

	/** Stops and starts again on the same folder, database and port: what a redeploy looks like. */
	async restart(): Promise<void> {
		await this.stop();
		await this.start();
	}

	async readStaticData(workflowId: string): Promise<string | null> {
		return await readStaticDataColumn(this.install, this.userFolder, workflowId);
	}

	/** The end of n8n's own log, to explain a failure. */
	async logTail(lines = 40): Promise<string> {
		const text = await readFile(this.logFile, 'utf8').catch(() => '');
		return text.trim().split('\n').slice(-lines).join('\n');
	}

	/** Stops n8n and deletes its folder (set N8N_E2E_KEEP=1 to keep it for a post-mortem). */
	async dispose(): Promise<void> {
		await this.stop();
		if (process.env.N8N_E2E_KEEP !== '1') await rm(this.userFolder, { recursive: true, force: true });
	}
}
