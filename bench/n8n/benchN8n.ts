import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { cacheEntriesIn as entriesOfNodeData } from '../../test/support/cacheInStaticData';
import { fakeAccessToken, startHubspotSimulator, type HubspotSimulator } from '../../test/support/hubspot-simulator';
import { ensureInstalled, N8nInstance, packPackage, type WorkflowToImport } from '../../test/support/n8n';
import { CREDENTIALS, floorCredentialWorkflow, floorFieldsWorkflow, floorWorkflow, nodeWorkflow, uncachedWorkflow, WORKFLOW_IDS, type WorkflowName } from './workflows';

export const N8N_VERSION = '2.41.1';

export interface BenchN8nOptions {
	hubspotLatencyMs: number;
	/** Static data for the full-cache workflow, built with `accessToken` (see fullCacheStaticData). */
	fullCacheStaticData: (accessToken: string) => Promise<object>;
	log: (line: string) => void;
	/** Import and publish only these workflows (a partial run); all of them when omitted. */
	only?: readonly WorkflowName[];
}

/** A real n8n with the package installed and every benchmark workflow published, plus the HubSpot simulator. */
export interface BenchN8n {
	n8n: N8nInstance;
	hubspot: HubspotSimulator;
	url(name: WorkflowName): string;
	/** Seconds spent installing, packing, importing and starting, for the report. */
	setupSeconds: number;
	stop(): Promise<void>;
}

const PATHS: Record<WorkflowName, string> = {
	floor: 'bench-floor',
	floorFields: 'bench-floor-fields',
	floorCredential: 'bench-floor-credential',
	floorFullStatic: 'bench-floor-full-static',
	uncached: 'bench-uncached',
	hit: 'bench-hit',
	hitFullCache: 'bench-hit-full-cache',
	miss: 'bench-miss',
	firstVisits: 'bench-first-visits',
	savingOn: 'bench-saving-on',
	savingOff: 'bench-saving-off',
};

function base32Secret(): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	return Array.from(randomBytes(32), (byte) => alphabet[byte % 32]).join('');
}

export async function startBenchN8n(options: BenchN8nOptions): Promise<BenchN8n> {
	const started = Date.now();
	const cleanups: Array<() => Promise<void>> = [];
	const stop = async () => {
		for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
	};
	try {
		const hubspot = await startHubspotSimulator({ latencyMs: options.hubspotLatencyMs });
		cleanups.push(() => hubspot.stop());
		const accessToken = fakeAccessToken();
		hubspot.addAccount({ accessToken });

		options.log(`n8n ${N8N_VERSION}: checking the install (minutes the first time on a machine)`);
		ensureInstalled([N8N_VERSION]);
		const packDir = await mkdtemp(join(tmpdir(), 'n8n-bench-pack-'));
		cleanups.push(() => rm(packDir, { recursive: true, force: true }));
		options.log('packing the package (builds dist/ first when it is stale)');
		const tarball = await packPackage(packDir);

		const n8n = await N8nInstance.create({ version: N8N_VERSION, tarball });
		cleanups.push(() => n8n.dispose());
		options.log('importing credentials and workflows');
		await n8n.importCredentials([
			{ ...CREDENTIALS.node, type: 'hubspotVisitorIdentificationApi', data: { accessToken, baseUrl: hubspot.url } },
			{ ...CREDENTIALS.headerAuth, type: 'httpHeaderAuth', data: { name: 'Authorization', value: `Bearer ${accessToken}` } },
			// A fresh base32 secret: a fixture, never a real second factor.
			{ ...CREDENTIALS.totp, type: 'totpApi', data: { secret: base32Secret(), label: 'bench:visitor' } },
		]);
		// Built once, shared by the two workflows that carry it.
		let fullCache: Promise<object> | undefined;
		const fullCacheStaticData = async () => await (fullCache ??= options.fullCacheStaticData(accessToken));
		const builders: Record<WorkflowName, () => Promise<WorkflowToImport> | WorkflowToImport> = {
			floor: () => floorWorkflow(PATHS.floor),
			floorFullStatic: async () => floorWorkflow(PATHS.floorFullStatic, await fullCacheStaticData()),
			floorFields: () => floorFieldsWorkflow(PATHS.floorFields),
			floorCredential: () => floorCredentialWorkflow(PATHS.floorCredential),
			uncached: () => uncachedWorkflow(PATHS.uncached, hubspot.url),
			hit: () => nodeWorkflow('hit', PATHS.hit),
			hitFullCache: async () => nodeWorkflow('hitFullCache', PATHS.hitFullCache, await fullCacheStaticData()),
			miss: () => nodeWorkflow('miss', PATHS.miss),
			firstVisits: () => nodeWorkflow('firstVisits', PATHS.firstVisits),
			savingOn: () => nodeWorkflow('savingOn', PATHS.savingOn),
			savingOff: () => nodeWorkflow('savingOff', PATHS.savingOff),
		};
		const names = options.only ?? (Object.keys(builders) as WorkflowName[]);
		const workflows: WorkflowToImport[] = [];
		for (const name of names) workflows.push(await builders[name]());
		await n8n.importWorkflows(workflows);
		for (const workflow of workflows) await n8n.activateWorkflow(workflow.id);

		options.log('starting n8n and waiting for its webhooks');
		await n8n.start();
		for (const name of names) await n8n.waitForWebhook(PATHS[name]);

		return {
			n8n,
			hubspot,
			url: (name) => n8n.webhookUrl(PATHS[name]),
			setupSeconds: (Date.now() - started) / 1000,
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

/** The node's cache as stored in a workflow's static data column, or undefined when there is none yet. */
export function cacheEntriesIn(staticDataColumn: string | null): Record<string, unknown> {
	if (staticDataColumn === null) return {};
	const staticData = JSON.parse(staticDataColumn) as Record<string, IDataObject | undefined>;
	return entriesOfNodeData(staticData['node:HubSpot Visitor Identification'] ?? {});
}

export { WORKFLOW_IDS };
