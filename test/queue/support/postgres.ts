import { execFile } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { freePort, waitUntil } from '../../support/n8n';
import { startLocalServer, type LocalServer } from './local-server';

const run = promisify(execFile);

/** Debian's postgresql-15 (installed on the machine; the tests do not install it). */
export const POSTGRES_BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

/** What n8n's DB_POSTGRESDB_* variables need. Trust authentication on loopback: a throw-away cluster. */
export interface PostgresConnection {
	host: string;
	port: number;
	user: string;
	database: string;
}

/**
 * A throw-away Postgres cluster: initdb into a temporary folder (as the `postgres` user: initdb refuses
 * root), then a server on 127.0.0.1 at a port the OS chose, without fsync (nothing here must survive the
 * machine crashing; a process crash is still safe). `stop` shuts it down and deletes the folder.
 */
export class LocalPostgres {
	private server: LocalServer | undefined;

	private constructor(
		readonly folder: string,
		readonly connection: PostgresConnection,
		private readonly account: { uid: number; gid: number },
	) {}

	static async start(): Promise<LocalPostgres> {
		const folder = await mkdtemp(join(tmpdir(), 'queue-postgres-'));
		const [uid, gid] = await Promise.all(['-u', '-g'].map(async (flag) => Number((await run('id', [flag, 'postgres'])).stdout.trim())));
		await chown(folder, uid, gid);
		const postgres = new LocalPostgres(folder, { host: '127.0.0.1', port: await freePort(), user: 'postgres', database: 'postgres' }, { uid, gid });
		try {
			await run('runuser', ['-u', 'postgres', '--', join(POSTGRES_BIN, 'initdb'), '-D', postgres.dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-locale'], {
				timeout: 120_000,
			});
			await postgres.startServer();
		} catch (error) {
			await postgres.stop();
			throw error;
		}
		return postgres;
	}

	private get dataDir(): string {
		return join(this.folder, 'data');
	}

	private async startServer(): Promise<void> {
		const server = startLocalServer({
			name: 'postgres',
			binary: join(POSTGRES_BIN, 'postgres'),
			args: ['-D', this.dataDir, '-h', this.connection.host, '-p', String(this.connection.port), '-k', this.folder, '-c', 'fsync=off', '-c', 'max_connections=200'],
			logFile: join(this.folder, 'postgres.log'),
			uid: this.account.uid,
			gid: this.account.gid,
		});
		this.server = server;
		try {
			await waitUntil(async () => (await this.query('SELECT 1')) === '1', { what: 'postgres to accept connections', timeoutMs: 60_000, abortIf: () => server.exitReason() });
		} catch (error) {
			throw new Error(`${(error as Error).message}\n${await server.logTail()}`);
		}
	}

	/** One SQL statement through psql; the first column of each row, one row per line. */
	async query(sql: string): Promise<string> {
		const { stdout } = await run(
			join(POSTGRES_BIN, 'psql'),
			['-h', this.connection.host, '-p', String(this.connection.port), '-U', this.connection.user, '-d', this.connection.database, '-AtX', '-v', 'ON_ERROR_STOP=1', '-c', sql],
			{ timeout: 30_000, maxBuffer: 64 * 1024 * 1024 },
		);
		return stdout.replace(/\n$/, '');
	}

	/** n8n's settings for this database. */
	n8nEnvironment(): Record<string, string> {
		return {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: this.connection.host,
			DB_POSTGRESDB_PORT: String(this.connection.port),
			DB_POSTGRESDB_USER: this.connection.user,
			DB_POSTGRESDB_PASSWORD: '',
			DB_POSTGRESDB_DATABASE: this.connection.database,
		};
	}

	/** The `staticData` column of a workflow as n8n stored it, or null. */
	async staticData(workflowId: string): Promise<string | null> {
		if (!/^[A-Za-z0-9_-]+$/.test(workflowId)) throw new Error(`unexpected workflow id ${workflowId}`);
		const text = await this.query(`SELECT COALESCE("staticData"::text, '<null>') FROM workflow_entity WHERE id = '${workflowId}'`);
		if (text === '') throw new Error(`workflow ${workflowId} is not in the database`);
		return text === '<null>' ? null : text;
	}

	async stop(): Promise<void> {
		try {
			// SIGINT is Postgres's "fast" shutdown: roll back open transactions, stop at once.
			await this.server?.stop('SIGINT');
		} finally {
			this.server = undefined;
			if (process.env.N8N_E2E_KEEP !== '1') await rm(this.folder, { recursive: true, force: true });
		}
	}
}
