import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fakeAccessToken } from '../support/hubspot-simulator';

const repo = path.resolve(__dirname, '../..');
const tsx = path.join(repo, 'node_modules/.bin/tsx');
const cli = path.join(repo, 'test/support/hubspot-simulator/cli.ts');

interface RunningCli {
	child: ChildProcess;
	url: string;
	stderr: () => string;
	stdoutLines: () => string[];
}

const started: ChildProcess[] = [];

// The documented launcher is `tsx`, a parent process relaying signals to the node running the script.
// Under load its relay can give up after 30 ms and force the exit code to 128+signal, so exit codes are
// checked with `node --import tsx` (one process, the CLI's own code) and the launcher for a prompt stop.
type Launcher = 'tsx' | 'node';
function launch(launcher: Launcher, args: string[], stdout: 'pipe' | 'ignore' = 'pipe'): ChildProcess {
	const command = launcher === 'tsx' ? [tsx, cli, ...args] : [process.execPath, '--import', 'tsx', cli, ...args];
	// Own process group, so the test can signal the launcher and what it starts together and leave nothing behind.
	const child = spawn(command[0], command.slice(1), { cwd: repo, detached: true, stdio: ['ignore', stdout, 'pipe'] });
	started.push(child);
	return child;
}

async function startCli(args: string[], launcher: Launcher = 'node'): Promise<RunningCli> {
	const child = launch(launcher, args);
	let stdout = '';
	let stderr = '';
	child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const url = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`no URL within 15 s; stderr: ${stderr}`)), 15_000);
		child.stdout?.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			const line = stdout.split('\n')[0];
			if (stdout.includes('\n')) {
				clearTimeout(timer);
				resolve((JSON.parse(line) as { url: string }).url);
			}
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`exited with ${code}; stderr: ${stderr}`));
		});
	});
	return { child, url, stderr: () => stderr, stdoutLines: () => stdout.split('\n').filter(Boolean) };
}

async function exitAfter(child: ChildProcess, signal: NodeJS.Signals): Promise<{ code: number | null; ms: number }> {
	const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
	const begun = Date.now();
	process.kill(-(child.pid as number), signal);
	const [code] = await exited;
	return { code, ms: Date.now() - begun };
}

async function eventually<T>(read: () => T | undefined, withinMs = 5000): Promise<T | undefined> {
	const deadline = Date.now() + withinMs;
	for (;;) {
		const value = read();
		if (value !== undefined || Date.now() > deadline) return value;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

function createToken(url: string, accessToken: string): Promise<Response> {
	return fetch(`${url}/visitor-identification/2026-03/tokens/create`, {
		method: 'POST',
		headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
		body: JSON.stringify({ email: 'cli@example.com' }),
	});
}

afterAll(() => {
	for (const child of started) {
		if (child.exitCode === null && child.signalCode === null) {
			try {
				process.kill(-(child.pid as number), 'SIGKILL');
			} catch {
				// already gone
			}
		}
	}
});

describe('the simulator CLI', () => {
	it('prints its URL as one JSON line, accepts each given token, and exits 0 on SIGTERM', async () => {
		const first = fakeAccessToken();
		const second = fakeAccessToken();
		const run = await startCli(['--port', '0', '--latency-ms', '5', '--access-token', first, '--access-token', second]);
		expect(run.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(run.stdoutLines()).toHaveLength(1);
		expect((await createToken(run.url, first)).status).toBe(200);
		expect((await createToken(run.url, second)).status).toBe(200);
		expect((await createToken(run.url, fakeAccessToken())).status).toBe(401);
		// Given tokens are the caller's secrets: never echoed.
		expect(run.stderr()).not.toContain(first);

		const { code, ms } = await exitAfter(run.child, 'SIGTERM');
		expect(code).toBe(0);
		expect(ms).toBeLessThan(3000);
		await expect(createToken(run.url, first)).rejects.toThrow(/fetch failed/);
	});

	it('without tokens makes up a demo token, shown once on stderr only, and exits 0 on SIGINT', async () => {
		const run = await startCli([]);
		// stderr and stdout are separate pipes: the URL line can arrive before the notice written earlier.
		const demoToken = await eventually(() => /pat-na1-[0-9a-f-]{36}/.exec(run.stderr())?.[0]);
		expect(demoToken).toBeDefined();
		expect(run.stderr().split('pat-na1-')).toHaveLength(2);
		expect(run.stdoutLines().join('\n')).not.toContain('pat-na1-');
		expect((await createToken(run.url, demoToken as string)).status).toBe(200);
		const { code } = await exitAfter(run.child, 'SIGINT');
		expect(code).toBe(0);
	});

	it('runs through the documented tsx launcher and stops promptly on Ctrl-C', async () => {
		const accessToken = fakeAccessToken();
		const run = await startCli(['--access-token', accessToken], 'tsx');
		expect((await createToken(run.url, accessToken)).status).toBe(200);
		const { ms } = await exitAfter(run.child, 'SIGINT');
		expect(ms).toBeLessThan(3000);
		await expect(createToken(run.url, accessToken)).rejects.toThrow(/fetch failed/);
		const groupGone = await eventually(() => {
			try {
				process.kill(-(run.child.pid as number), 0);
				return undefined;
			} catch {
				return true;
			}
		});
		expect(groupGone).toBe(true);
	});

	it('rejects a bad option value with exit code 1', async () => {
		const child = launch('node', ['--port', 'eighty'], 'ignore');
		let stderr = '';
		child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const [code] = (await once(child, 'exit')) as [number | null];
		expect(code).toBe(1);
		expect(stderr).toContain('--port');
	});
});
