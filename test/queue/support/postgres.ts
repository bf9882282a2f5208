import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

import { freePort, waitUntil } from '../../support/n8n';
import { startLocalServer, type LocalServer } from './local-server';

const run = promisify(execFile);

/** What to do when no PostgreSQL server is found: one line, said before any test runs. */
export const POSTGRES_MISSING =
	"PostgreSQL's server programs (initdb, postgres) were not found in $POSTGRES_BIN, `pg_config --bindir`, /usr/lib/postgresql/*/bin, /usr/pgsql-*/bin or PATH: install PostgreSQL (Debian/Ubuntu: sudo apt-get install postgresql; macOS: brew install postgresql) or set POSTGRES_BIN to its bin folder";

function hasServer(dir: string): boolean {
	return existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres'));
}

function newestFirst(parent: string, pattern: RegExp): string[] {
	if (!existsSync(parent)) return [];
	return readdirSync(parent)
		.map((name) => ({ name, version: Number(pattern.exec(name)?.[1]) }))
		.filter((entry) => Number.isFinite(entry.version))
		.sort((a, b) => b.version - a.version)
		.map((entry) => join(parent, entry.name, 'bin'));
}

function pgConfigBindir(): string | undefined {
	try {
		return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
	} catch {
		return undefined;
	}
}

/**
 * The folder holding PostgreSQL's initdb and postgres, wherever the machine has them: POSTGRES_BIN, then
 * `pg_config --bindir`, then the newest of Debian/Ubuntu's /usr/lib/postgresql/<major>/bin and the RPM
 * packages' /usr/pgsql-<major>/bin, then PATH (Homebrew, Postgres.app, a source build). Any version n8n
 * supports will do: the suite makes its own throw-away cluster.
 */
export function findPostgresBin(): string | undefined {
	const candidates = [
		process.env.POSTGRES_BIN,
		pgConfigBindir(),
		...newestFirst('/usr/lib/postgresql', /^(\d+(?:\.\d+)?)$/),
		...newestFirst('/usr', /^pgsql-(\d+(?:\.\d+)?)$/),
		...(process.env.PATH ?? '').split(delimiter),
	];
	return candidates.find((dir): dir is string => dir !== undefined && dir !== '' && hasServer(dir));
}

/**
 * Finds PostgreSQL or fails up front with one line saying what to install. As root with apt-get (CI on
 * Debian), a missing PostgreSQL is installed from Debian's packages, as redis-server and chromium are.
 */
export function ensurePostgresFound(): string {
	const found = findPostgresBin();
	if (found !== undefined) return found;
	if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
		process.stderr.write("[queue] installing Debian's postgresql\n");
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env, timeout: 600_000 });
		execFileSync('apt-get', ['install', '-y', '-qq', 'postgresql'], { stdio: 'inherit', env, timeout: 600_000 });
		// Debian's package starts a system-wide cluster on port 5432; the tests run their own.
		execFileSync('bash', ['-c', 'command -v systemctl >/dev/null && systemctl stop postgresql || service postgresql stop || true'], { stdio: 'ignore' });
		const installed = findPostgresBin();
		if (installed !== undefined) return installed;
	}
	throw new Error(POSTGRES_MISSING);
}

function postgresBin(): string {
	const found = findPostgresBin();
	if (found === undefined) throw new Error(POSTGRES_MISSING);
	return found;
}

/** psql beside the server, or the one on PATH (Debian splits the client into its own package). */
function psqlPath(bin: string): string {
	return existsSync(join(bin, 'psql')) ? join(bin, 'psql') : 'psql';
}

/** What n8n's DB_POSTGRESDB_* variables need. Trust authentication on loopback: a throw-away cluster. */
export interface PostgresConnection {
	host: string;
	port: number;
	user: string;
	database: string;
}

/**
 * A throw-away Postgres cluster: initdb into a temporary folder, then a server on 127.0.0.1 at a port the OS
 * chose, without fsync (nothing here must survive the machine crashing; a process crash is still safe).
 * Run as the current user; as root (CI), as the `postgres` account instead, since initdb and postgres refuse
 * root. The cluster's superuser is named `postgres` either way. `stop` shuts it down and deletes the folder.
 */
export class LocalPostgres {
	private server: LocalServer | undefined;

	private constructor(
		readonly folder: string,
		readonly connection: PostgresConnection,
		private readonly bin: string,
		/** The account the server runs as when the tests run as root; undefined: the current user. */
		private readonly account: { uid: number; gid: number } | undefined,
	) {}

	static async start(): Promise<LocalPostgres> {
		const bin = postgresBin();
		const folder = await mkdtemp(join(tmpdir(), 'queue-postgres-'));
		let account: { uid: number; gid: number } | undefined;
		if (process.getuid?.() === 0) {
			const ids = await Promise.all(['-u', '-g'].map(async (flag) => (await run('id', [flag, 'postgres']).catch(() => ({ stdout: '' }))).stdout.trim()));
			if (ids.some((id) => id === '')) throw new Error("running as root, the queue level starts PostgreSQL as the 'postgres' account, which this machine lacks: run as another user or create it");
			account = { uid: Number(ids[0]), gid: Number(ids[1]) };
			await chown(folder, account.uid, account.gid);
		}
		const postgres = new LocalPostgres(folder, { host: '127.0.0.1', port: await freePort(), user: 'postgres', database: 'postgres' }, bin, account);
		try {
			const initdb = [join(bin, 'initdb'), '-D', postgres.dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-locale'];
			if (account) await run('runuser', ['-u', 'postgres', '--', ...initdb], { timeout: 120_000 });
			else await run(initdb[0], initdb.slice(1), { timeout: 120_000 });
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
			binary: join(this.bin, 'postgres'),
			args: ['-D', this.dataDir, '-h', this.connection.host, '-p', String(this.connection.port), '-k', this.folder, '-c', 'fsync=off', '-c', 'max_connections=200'],
			logFile: join(this.folder, 'postgres.log'),
			uid: this.account?.uid,
			gid: this.account?.gid,
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
			psqlPath(this.bin),
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
