import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort, REPO_ROOT, waitUntil } from '../../support/n8n';

/**
 * An `npm start` / `npm run dev` as a maintainer runs it in a terminal: its own process group (a terminal's
 * foreground job), its own TMPDIR so that whatever it creates can be found afterwards, and a free port
 * (never 5678: someone may be running the demo).
 */
export class NpmCommand {
	private output = '';
	private exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
	private readonly exited: Promise<void>;

	private constructor(
		private readonly child: ChildProcess,
		readonly tmpDir: string,
	) {
		child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
		child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
		this.exited = new Promise((resolve) => child.once('exit', (code, signal) => ((this.exit = { code, signal }), resolve())));
	}

	static async start(args: string[], cwd = REPO_ROOT, settings: Record<string, string> = {}): Promise<NpmCommand> {
		const tmpDir = await mkdtemp(join(tmpdir(), 'hvi-npm-command-'));
		const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmpDir, N8N_PORT: String(await freePort()), TSX_DISABLE_CACHE: '1', ...settings };
		// As README's quick start: no HubSpot token, so the simulator stands in.
		delete env.HUBSPOT_ACCESS_TOKEN;
		delete env.HUBSPOT_BASE_URL;
		const child = spawn('npm', args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
		return new NpmCommand(child, tmpDir);
	}

	get printed(): string {
		return this.output;
	}

	/** Waits for a line of output; fails at once, with the output, if the command exits first. */
	async waitFor(pattern: RegExp, timeoutMs = 300_000): Promise<RegExpExecArray> {
		await waitUntil(async () => pattern.test(this.output), {
			what: `${pattern} in the command's output`,
			timeoutMs,
			intervalMs: 500,
			abortIf: () => (this.exit ? `it exited (${JSON.stringify(this.exit)}):\n${this.output}` : undefined),
		}).catch((error: Error) => {
			throw new Error(`${error.message}\n--- output ---\n${this.output}`);
		});
		return pattern.exec(this.output) as RegExpExecArray;
	}

	/** The value printed after `label:` on a line of the command's summary. */
	printedValue(label: string): string {
		const match = new RegExp(`^\\s*${label}:\\s+(\\S+)`, 'm').exec(this.output);
		if (!match) throw new Error(`"${label}:" not printed:\n${this.output}`);
		return match[1];
	}

	/**
	 * Ctrl-C in a terminal: SIGINT to the whole foreground process group. npm itself dies of it at once
	 * (as in a terminal); the command's own process then cleans up. Resolves once every process the
	 * command started is gone, or after `timeoutMs`, whichever comes first.
	 */
	async interrupt(timeoutMs = 60_000): Promise<void> {
		process.kill(-(this.child.pid as number), 'SIGINT');
		await waitUntil(async () => this.exit !== undefined && (await this.leftoverProcesses()).length === 0, {
			what: 'every process of the command to end after Ctrl-C',
			timeoutMs,
			intervalMs: 500,
		}).catch(() => undefined);
	}

	/**
	 * Processes still alive that this command started: its process group, or anything whose environment
	 * points into its TMPDIR (n8n runs in its own group, with a user folder and TMPDIR in there).
	 */
	async leftoverProcesses(): Promise<string[]> {
		const marker = `=${this.tmpDir}`;
		const left: string[] = [];
		for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
			const [environ, stat, cmdline] = await Promise.all(
				['environ', 'stat', 'cmdline'].map((file) => readFile(`/proc/${pid}/${file}`, 'utf8').catch(() => '')),
			);
			const group = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
			const zombie = stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
			if (!zombie && (environ.split('\0').some((variable) => variable.includes(marker)) || group === this.child.pid)) left.push(`${pid} ${cmdline.replaceAll('\0', ' ')}`);
		}
		return left;
	}

	/** Whatever it left in its TMPDIR (n8n's user folder, packed tarballs ...). */
	async leftoverFiles(): Promise<string[]> {
		return await readdir(this.tmpDir);
	}

	/** For afterAll: whatever state the test reached, nothing of this command survives the test. */
	async forceStop(): Promise<void> {
		if (this.exit === undefined) {
			try {
				process.kill(-(this.child.pid as number), 'SIGKILL');
			} catch {
				// already gone
			}
			await this.exited;
		}
		for (const line of await this.leftoverProcesses()) {
			try {
				process.kill(Number(line.split(' ')[0]), 'SIGKILL');
			} catch {
				// already gone
			}
		}
		await rm(this.tmpDir, { recursive: true, force: true });
	}
}
