import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

import type { N8nInstall } from './installs';
import { databasePath } from './static-data';

const run = promisify(execFile);

/**
 * Whether any of `needles` appears anywhere in n8n's SQLite files as bytes on disk: the database, its
 * write-ahead log and rollback journal, live rows, free pages and not-yet-checkpointed writes alike. A
 * deleted row's bytes stay in a free page or the log until overwritten, so this is stricter than a query.
 */
export async function rawDatabaseContains(userFolder: string, needles: string[]): Promise<string[]> {
	const base = databasePath(userFolder);
	const found: string[] = [];
	for (const file of [base, `${base}-wal`, `${base}-journal`]) {
		let bytes: Buffer;
		try {
			bytes = await readFile(file);
		} catch {
			continue;
		}
		for (const needle of needles) if (bytes.includes(needle)) found.push(`${file.slice(base.length) || 'database.sqlite'}: ${needle.slice(0, 12)}…`);
	}
	return found;
}

/** Every row of every table, searched as text (Node 24's node:sqlite, read-only, safe while n8n runs). */
const SEARCH_ROWS = `
const { DatabaseSync } = require('node:sqlite');
const [databasePath, needlesJson] = process.argv.slice(1);
const needles = JSON.parse(needlesJson);
const db = new DatabaseSync(databasePath, { readOnly: true });
const found = [];
try {
	for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()) {
		for (const row of db.prepare('SELECT * FROM "' + name.replace(/"/g, '""') + '"').all()) {
			const text = JSON.stringify(row, (_key, value) => (value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : typeof value === 'bigint' ? String(value) : value));
			for (const needle of needles) if (text.includes(needle)) found.push(name + ': ' + needle.slice(0, 12) + '…');
		}
	}
} finally {
	db.close();
}
process.stdout.write(JSON.stringify(found));
`;

/** Which of `needles` a live row of n8n's database holds (table and needle start), as n8n itself would read it. */
export async function databaseRowsContain(install: N8nInstall, userFolder: string, needles: string[]): Promise<string[]> {
	const { stdout } = await run(install.nodeBinary, ['--no-warnings', '-e', SEARCH_ROWS, databasePath(userFolder), JSON.stringify(needles)], { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
	return JSON.parse(stdout) as string[];
}
