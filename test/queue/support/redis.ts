import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

import { freePort, waitUntil } from '../../support/n8n';
import { startLocalServer, type LocalServer } from './local-server';

/** redis-server: REDIS_SERVER, else the first on PATH, else Debian's place (where apt-get puts it). */
function findRedisServer(): string {
	if (process.env.REDIS_SERVER) return process.env.REDIS_SERVER;
	const onPath = (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'redis-server')).find((file) => existsSync(file));
	return onPath ?? '/usr/bin/redis-server';
}

export let REDIS_SERVER = findRedisServer();

/**
 * Installs Debian's redis-server when it is missing, as the suite does for Chromium: as root with
 * apt-get, otherwise it says in one line what to install. Idempotent and quick when it is there.
 */
export function ensureRedisInstalled(): void {
	if (existsSync(REDIS_SERVER)) return;
	if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
		throw new Error('redis-server was not found on PATH: install Redis (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) or set REDIS_SERVER');
	}
	process.stderr.write('[queue] installing Debian\'s redis-server\n');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env, timeout: 600_000 });
	execFileSync('apt-get', ['install', '-y', '-qq', 'redis-server'], { stdio: 'inherit', env, timeout: 600_000 });
	// Debian's package starts a system-wide service on port 6379; the tests run their own.
	execFileSync('bash', ['-c', 'command -v systemctl >/dev/null && systemctl stop redis-server || service redis-server stop || true'], { stdio: 'ignore' });
	REDIS_SERVER = findRedisServer();
}

/** One `PING` over a fresh connection: true when Redis answers PONG. */
async function ping(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const socket = createConnection({ host: '127.0.0.1', port });
		socket.setTimeout(2_000, () => socket.destroy());
		socket.once('error', () => resolve(false));
		socket.once('close', () => resolve(false));
		socket.once('data', (data) => {
			resolve(data.toString().startsWith('+PONG'));
			socket.destroy();
		});
		socket.write('PING\r\n');
	});
}

/**
 * A throw-away Redis on 127.0.0.1 at a port the OS chose, data folder in /tmp, no persistence: n8n
 * keeps executions and static data in Postgres, and Redis only carries the job queue and pub/sub.
 * `restart` stops it and starts it again on the same port, empty.
 */
export class LocalRedis {
	private server: LocalServer | undefined;

	private constructor(
		readonly folder: string,
		readonly port: number,
	) {}

	static async start(): Promise<LocalRedis> {
		const redis = new LocalRedis(await mkdtemp(join(tmpdir(), 'queue-redis-')), await freePort());
		try {
			await redis.startServer();
		} catch (error) {
			await redis.stop();
			throw error;
		}
		return redis;
	}

	private async startServer(): Promise<void> {
		const server = startLocalServer({
			name: 'redis-server',
			binary: REDIS_SERVER,
			args: ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.folder, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--protected-mode', 'yes'],
			logFile: join(this.folder, 'redis.log'),
		});
		this.server = server;
		try {
			await waitUntil(async () => await ping(this.port), { what: 'redis to answer PING', timeoutMs: 30_000, abortIf: () => server.exitReason() });
		} catch (error) {
			throw new Error(`${(error as Error).message}\n${await server.logTail()}`);
		}
	}

	n8nEnvironment(): Record<string, string> {
		return { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(this.port) };
	}

	async answers(): Promise<boolean> {
		return await ping(this.port);
	}

	/** Stops Redis (its clients see the connection drop) and starts it again, empty, on the same port. */
	/** `onDown` runs once the server has exited: requests before that may have been in Redis's hands as it went. */
	async restart(downMs = 2_000, onDown?: () => void): Promise<void> {
		await this.server?.stop();
		onDown?.();
		await new Promise((resolve) => setTimeout(resolve, downMs));
		await this.startServer();
	}

	async stop(): Promise<void> {
		try {
			await this.server?.stop();
		} finally {
			this.server = undefined;
			if (process.env.N8N_E2E_KEEP !== '1') await rm(this.folder, { recursive: true, force: true });
		}
	}
}
