import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import type { N8nInstance } from '../../test/support/n8n';
import { databasePath } from '../../test/support/n8n/static-data';

const run = promisify(execFile);

/**
 * Runs under n8n's Node 24, whose built-in `node:sqlite` reads the database without an npm dependency.
 * Read-only, safe while n8n runs. Sizes are characters of the stored JSON text (bytes, for this ASCII JSON).
 */
const READ_SIZES = `
const { DatabaseSync } = require('node:sqlite');
const [databasePath, ...workflowIds] = process.argv.slice(1);
const db = new DatabaseSync(databasePath, { readOnly: true, timeout: 10_000 });
try {
	const query = db.prepare(\`
		SELECT count(*) AS executions,
			avg(length(d.workflowData)) AS workflowDataChars,
			avg(length(d.data)) AS runDataChars,
			sum(instr(d.workflowData, '"tokenCache"') > 0) AS withCache,
			sum(e.deletedAt IS NOT NULL) AS markedDeleted
		FROM execution_entity e JOIN execution_data d ON d.executionId = e.id
		WHERE e.workflowId = ?\`);
	const sizes = {};
	for (const id of workflowIds) sizes[id] = query.get(id);
	process.stdout.write(JSON.stringify(sizes));
} finally {
	db.close();
}
`;

export interface SavedExecutionSize {
	/** Executions of the workflow n8n has saved so far. */
	executions: number;
	/** Average size of the workflow copy n8n saves with each execution. */
	workflowDataBytes: number;
	/** Average size of the saved run data (every node's input and output). */
	runDataBytes: number;
	/** How many of those copies include the node's cache (the workflow's static data). */
	withCache: number;
	/**
	 * How many of the executions n8n has marked deleted (not shown, removed at its next hard-delete pass):
	 * n8n 2.x treats executions it was told not to save that way. Absent in results from before it was read.
	 */
	markedDeleted?: number;
}

/** What n8n saved per execution of each workflow: explains costs that grow with the static data. */
export async function savedExecutionSizes(n8n: N8nInstance, workflowIds: readonly string[]): Promise<Record<string, SavedExecutionSize>> {
	const { stdout } = await run(n8n.install.nodeBinary, ['--no-warnings', '-e', READ_SIZES, databasePath(n8n.userFolder), ...workflowIds], {
		timeout: 60_000,
		maxBuffer: 4 * 1024 * 1024,
	});
	const raw = JSON.parse(stdout) as Record<
		string,
		{ executions: number; workflowDataChars: number | null; runDataChars: number | null; withCache: number | null; markedDeleted: number | null }
	>;
	return Object.fromEntries(
		Object.entries(raw).map(([id, row]) => [
			id,
			{
				executions: row.executions,
				workflowDataBytes: row.workflowDataChars ?? 0,
				runDataBytes: row.runDataChars ?? 0,
				withCache: row.withCache ?? 0,
				markedDeleted: row.markedDeleted ?? 0,
			},
		]),
	);
}
