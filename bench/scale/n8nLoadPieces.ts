import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

import type { N8nInstall } from '../../test/support/n8n';
import { databasePath } from '../../test/support/n8n/static-data';

const run = promisify(execFile);

/**
 * What n8n 2.41.1 does with a workflow's static data on every production webhook request, before any node
 * runs, timed piece by piece in n8n's own runtime (Node 24) with n8n's own n8n-workflow, on the column as
 * n8n stored it in its SQLite database. Read from n8n's code (webhooks/live-webhooks.js, workflow-runner.js,
 * workflow-static-data.service.js, pre-execution-checks/workflow-pre-execute.js): two reads of the column
 * (the webhook's workflow, then `getStaticDataById`), each parsed by TypeORM, and three `new Workflow(...)`,
 * each wrapping the static data with `ObservableObject.create` (the third over the second's proxy).
 */
const PIECES = `
const { DatabaseSync } = require('node:sqlite');
const { ObservableObject } = require(process.argv[1]);
const [databasePath, idsJson, rounds] = process.argv.slice(2);
const db = new DatabaseSync(databasePath, { readOnly: true, timeout: 10_000 });
const select = db.prepare('SELECT staticData FROM workflow_entity WHERE id = ?');
const time = (fn) => { const start = process.hrtime.bigint(); const value = fn(); return [Number(process.hrtime.bigint() - start) / 1e6, value]; };
const median = (values) => { const sorted = [...values].sort((a, b) => a - b); const m = sorted.length >> 1; return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2; };
const result = {};
const ids = JSON.parse(idsJson);
const samples = Object.fromEntries(ids.map((id) => [id, { read: [], parse: [], observe: [], observeProxy: [] }]));
for (let round = 0; round < Number(rounds); round++) {
	for (const id of ids) {
		const [read, row] = time(() => select.get(id));
		const column = row.staticData ?? '{}';
		const [parse, parsed] = time(() => JSON.parse(column));
		const [observe, observed] = time(() => ObservableObject.create(parsed, undefined, { ignoreEmptyOnFirstChild: true }));
		const [observeProxy] = time(() => ObservableObject.create(observed, undefined, { ignoreEmptyOnFirstChild: true }));
		if (round > 2) Object.entries({ read, parse, observe, observeProxy }).forEach(([piece, ms]) => samples[id][piece].push(ms));
		result[id] = { bytes: Buffer.byteLength(column) };
	}
}
for (const id of ids) for (const piece of Object.keys(samples[id])) result[id][piece] = median(samples[id][piece]);
db.close();
process.stdout.write(JSON.stringify(result));
`;

export interface LoadPieces {
	bytes: number;
	/** Reading the column (SQLite, decoded to a JS string), median ms. */
	read: number;
	parse: number;
	/** `ObservableObject.create` of the parsed object. */
	observe: number;
	/** The same over an already observable object, as n8n's run does after its pre-execution checks. */
	observeProxy: number;
	/** 2 × read + 2 × parse + 2 × observe + observeProxy: n8n's own load per request. */
	perRequest: number;
}

export async function measureLoadPieces(install: N8nInstall, userFolder: string, workflowIds: readonly string[], rounds: number): Promise<Record<string, LoadPieces>> {
	const n8nWorkflow = join(dirname(dirname(install.n8nScript)), '..', 'n8n-workflow');
	const { stdout } = await run(
		install.nodeBinary,
		['--no-warnings', '-e', PIECES, n8nWorkflow, databasePath(userFolder), JSON.stringify(workflowIds), String(rounds)],
		{ timeout: 600_000, maxBuffer: 16 * 1024 * 1024 },
	);
	const raw = JSON.parse(stdout) as Record<string, Omit<LoadPieces, 'perRequest'>>;
	return Object.fromEntries(
		Object.entries(raw).map(([id, p]) => [id, { ...p, perRequest: 2 * p.read + 2 * p.parse + 2 * p.observe + p.observeProxy }]),
	);
}
