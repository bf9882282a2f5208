import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

import type { N8nInstall } from './installs';

const run = promisify(execFile);

/**
 * Runs in Node 24, whose built-in `node:sqlite` reads n8n's database without adding an npm
 * dependency. Read-only, so it is safe while n8n runs. n8n 2.x keeps the database in WAL mode; 1.x does not,
 * and since the examples save no executions it deletes one right after every request: the busy timeout
 * waits out that write instead of failing with "database is locked".
 */
const READ_STATIC_DATA = `
const { DatabaseSync } = require('node:sqlite');
const [databasePath, workflowId] = process.argv.slice(1);
const db = new DatabaseSync(databasePath, { readOnly: true, timeout: 10_000 });
try {
	const row = db.prepare('SELECT staticData FROM workflow_entity WHERE id = ?').get(workflowId);
	process.stdout.write(JSON.stringify(row === undefined ? { found: false } : { found: true, staticData: row.staticData }));
} finally {
	db.close();
}
`;

export function databasePath(userFolder: string): string {
	return join(userFolder, '.n8n', 'database.sqlite');
}

/**
 * The `staticData` column of a workflow exactly as n8n stored it (raw text, or null when the
 * workflow has none), so a test can search it for anything that must not be there.
 */
export async function readStaticDataColumn(install: N8nInstall, userFolder: string, workflowId: string): Promise<string | null> {
	const { stdout } = await run(
		install.nodeBinary,
		['--no-warnings', '-e', READ_STATIC_DATA, databasePath(userFolder), workflowId],
		{ timeout: 30_000 },
	);
	const result = JSON.parse(stdout) as { found: boolean; staticData?: string | null };
	if (!result.found) throw new Error(`workflow ${workflowId} is not in n8n's database`);
	return result.staticData ?? null;
}
