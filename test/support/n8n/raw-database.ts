import { readFile } from 'node:fs/promises';

import { databasePath } from './static-data';

/**
 * Whether any of `needles` appears anywhere in n8n's SQLite files as bytes on disk: the database, its
 * write-ahead log and rollback journal, live rows, free pages and not-yet-checkpointed writes alike. A
 * deleted row's bytes stay in a free page until overwritten, so this is stricter than any query.
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
