import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

import { detachedGroups } from '../../support/n8n/n8n-process';

/** A server process the tests run (Postgres, Redis): detached in its own group, logged to a file. */
export interface LocalServer {
	readonly pid: number;
	/** Why it ended, once it has. */
	exitReason(): string | undefined;
	/** Signals the group, waits for the exit (killing after `graceMs`), and takes it off the safety net. */
	stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
	logTail(lines?: number): Promise<string>;
}

export interface ServerCommand {
	name: string;
	binary: string;
	args: string[];
	logFile: string;
	/** Run as this user and group (Postgres refuses to run as root). */
	uid?: number;
	gid?: number;
	env?: NodeJS.ProcessEnv;
}

export function startLocalServer(command: ServerCommand): LocalServer {
	const log = openSync(command.logFile, 'a');
	const child = spawn(command.binary, command.args, {
		detached: true,
		stdio: ['ignore', log, log],
		uid: command.uid,
		gid: command.gid,
		env: command.env ?? { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' },
	});
	closeSync(log);
	if (child.pid === undefined) throw new Error(`could not start ${command.name}`);
	const pid = child.pid;
	detachedGroups.started(pid);
	let reason: string | undefined;
	const exited = new Promise<void>((resolve) => {
		child.once('exit', (code, signal) => {
			reason = `${command.name} exited (code ${String(code)}, signal ${String(signal)}); see ${command.logFile}`;
			resolve();
		});
		child.once('error', (error) => {
			reason = `${command.name} could not run: ${error.message}`;
			resolve();
		});
	});
	return {
		pid,
		exitReason: () => reason,
		async stop(signal = 'SIGTERM', graceMs = 15_000) {
			if (reason === undefined) {
				detachedGroups.kill(pid, signal);
				const grace = new AbortController();
				const stopped = await Promise.race([exited.then(() => true), sleep(graceMs, false, { signal: grace.signal }).catch(() => false)]);
				grace.abort();
				if (!stopped) {
					detachedGroups.kill(pid, 'SIGKILL');
					await exited;
				}
			}
			detachedGroups.kill(pid, 'SIGKILL');
			detachedGroups.stopped(pid);
		},
		async logTail(lines = 20) {
			const text = await readFile(command.logFile, 'utf8').catch(() => '');
			return text.trim().split('\n').slice(-lines).join('\n');
		},
	};
}
