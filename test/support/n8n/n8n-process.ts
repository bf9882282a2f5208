import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

import type { N8nInstall } from './installs';

/** A running n8n command (`start`, `webhook`, `worker`), leader of its own process group (n8n spawns task runners under it). */
export interface N8nProcess {
	pid: number;
	/** Why the process ended, once it has; undefined while it runs. */
	exitReason(): string | undefined;
	/** Resolves when the process has exited. */
	exited: Promise<void>;
}

/** What one n8n process runs: everything (`start`), or in queue mode a webhook processor or a worker. */
export type N8nCommand = 'start' | 'webhook' | 'worker';

/** Process groups still running, killed if the test process exits without stopping them. */
const running = new Set<number>();
process.once('exit', () => {
	for (const pid of running) signalGroup(pid, 'SIGKILL');
});

/**
 * Other servers the tests start detached (Postgres, Redis) join the same safety net: a group registered
 * here is killed if the test process exits without stopping it; `stopped` takes it off again.
 */
export const detachedGroups = {
	started: (pid: number): void => void running.add(pid),
	stopped: (pid: number): void => void running.delete(pid),
	kill: (pid: number, signal: NodeJS.Signals = 'SIGKILL'): void => signalGroup(pid, signal),
};

export function startN8nProcess(install: N8nInstall, env: NodeJS.ProcessEnv, logFile: string, command: N8nCommand = 'start'): N8nProcess {
	const log = openSync(logFile, 'a');
	const child = spawn(install.nodeBinary, [install.n8nScript, command], {
		env,
		detached: true,
		stdio: ['ignore', log, log],
	});
	closeSync(log);
	if (child.pid === undefined) throw new Error(`could not start n8n ${install.version}`);
	const pid = child.pid;
	running.add(pid);
	let reason: string | undefined;
	const exited = new Promise<void>((resolve) => {
		child.once('exit', (code, signal) => {
			reason = `n8n exited (code ${String(code)}, signal ${String(signal)}); see ${logFile}`;
			resolve();
		});
		child.once('error', (error) => {
			reason = `n8n could not run: ${error.message}`;
			resolve();
		});
	});
	return { pid, exitReason: () => reason, exited };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch (error) {
		// ESRCH: the whole group is already gone.
		if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
	}
}

/**
 * Stops n8n the way a service manager would: SIGTERM lets it finish running executions and
 * write their static data; after `graceMs` the whole group is killed. The group is killed in
 * any case afterwards so no task runner outlives it.
 */
export async function stopN8nProcess(n8n: N8nProcess, graceMs = 20_000): Promise<void> {
	if (n8n.exitReason() === undefined) {
		signalGroup(n8n.pid, 'SIGTERM');
		const graceTimer = new AbortController();
		const stopped = await Promise.race([
			n8n.exited.then(() => true),
			sleep(graceMs, false, { signal: graceTimer.signal }).catch(() => false),
		]);
		graceTimer.abort();
		if (!stopped) {
			signalGroup(n8n.pid, 'SIGKILL');
			await n8n.exited;
		}
	}
	signalGroup(n8n.pid, 'SIGKILL');
	running.delete(n8n.pid);
}

/** Kills n8n's whole group at once, as a crash or the OOM killer would: no shutdown, no final writes. */
export async function killN8nProcess(n8n: N8nProcess): Promise<void> {
	signalGroup(n8n.pid, 'SIGKILL');
	await n8n.exited;
	running.delete(n8n.pid);
}
