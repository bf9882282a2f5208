import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import type { N8nInstall } from './installs';
import { databasePath } from './static-data';

/** Something that must not be in n8n's database, and how a finding names it (never by its value). */
export interface Secret {
	label: string;
	value: string;
}

export interface DatabaseFinding {
	label: string;
	/** A file (`database.sqlite`, `database.sqlite-wal`, …) or `table.column` of a row holding it. */
	where: string;
	/**
	 * For a row: whether it belongs to an execution n8n has marked deleted (`deletedAt` set), which n8n
	 * 2.x removes at its next hard-delete pass. Undefined for the raw bytes of a file.
	 */
	rowMarkedDeleted?: boolean;
}

export interface DatabaseScan {
	/** The database's files as they were read, with their sizes in bytes. */
	files: Record<string, number>;
	/** Tables whose every row was read. */
	tables: string[];
	findings: DatabaseFinding[];
}

/**
 * Runs under n8n's Node 24, whose built-in `node:sqlite` reads every table without an npm dependency.
 * Secrets come in on stdin, so they never show in a process list. Text and blob values alike are searched.
 */
const SCAN_ROWS = `
const { DatabaseSync } = require('node:sqlite');
const secrets = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
const db = new DatabaseSync(process.argv[1], { readOnly: true, timeout: 10_000 });
const findings = [];
const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((row) => row.name);
const deleted = new Set(tables.includes('execution_entity')
	? db.prepare('SELECT id FROM execution_entity WHERE deletedAt IS NOT NULL').all().map((row) => String(row.id))
	: []);
const markedDeleted = (table, row) =>
	(table === 'execution_entity' && deleted.has(String(row.id))) || (row.executionId != null && deleted.has(String(row.executionId)));
try {
	for (const table of tables) {
		for (const row of db.prepare('SELECT * FROM "' + table.replace(/"/g, '""') + '"').iterate()) {
			const rowMarkedDeleted = markedDeleted(table, row);
			for (const [column, value] of Object.entries(row)) {
				const text = value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : typeof value === 'string' ? value : '';
				for (const secret of secrets) {
					const where = table + '.' + column;
					const seen = findings.some((f) => f.label === secret.label && f.where === where && f.rowMarkedDeleted === rowMarkedDeleted);
					if (text.includes(secret.value) && !seen) findings.push({ label: secret.label, where, rowMarkedDeleted });
				}
			}
		}
	}
} finally {
	db.close();
}
process.stdout.write(JSON.stringify({ tables, findings }));
`;

function scanRows(install: N8nInstall, database: string, secrets: Secret[]): Promise<{ tables: string[]; findings: DatabaseFinding[] }> {
	return new Promise((resolve, reject) => {
		const child = execFile(
			install.nodeBinary,
			['--no-warnings', '-e', SCAN_ROWS, database],
			{ timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
			(error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout) as { tables: string[]; findings: DatabaseFinding[] })),
		);
		child.stdin?.end(JSON.stringify(secrets));
	});
}

/**
 * Searches all of n8n's SQLite database for the secrets, twice: every row of every table (what n8n and
 * its users can read back), and the raw bytes of the database file and its journal / write-ahead log
 * (which also hold what was deleted but not yet overwritten). Run it with n8n stopped, so nothing is
 * written in between (n8n 2.x leaves its write-ahead log behind; it is read like the file).
 */
export async function scanDatabase(install: N8nInstall, userFolder: string, secrets: Secret[]): Promise<DatabaseScan> {
	const database = databasePath(userFolder);
	const folder = dirname(database);
	const names = (await readdir(folder)).filter((name) => name.startsWith(basename(database)));
	const files: Record<string, number> = {};
	const findings: DatabaseFinding[] = [];
	for (const name of names) {
		const bytes = await readFile(join(folder, name));
		files[name] = bytes.length;
		for (const secret of secrets) {
			if (bytes.includes(Buffer.from(secret.value, 'utf8'))) findings.push({ label: secret.label, where: name });
		}
	}
	const rows = await scanRows(install, database, secrets);
	return { files, tables: rows.tables, findings: [...findings, ...rows.findings] };
}
