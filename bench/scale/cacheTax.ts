import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { fakeAccessToken, startHubspotSimulator } from '../../test/support/hubspot-simulator';
import { ensureInstalled, N8nInstance, packPackage, type WorkflowToImport } from '../../test/support/n8n';
import { visitors } from '../in-process/fixtures';
import type { Visitor } from '../in-process/nodeRunner';
import { seededStaticData } from '../n8n/seededCache';
import { closeConnections, postJson, tokenOf } from '../n8n/webhookClient';
import { CREDENTIALS, floorWorkflow, nodeWorkflow } from '../n8n/workflows';
import { distribution, type Distribution } from '../stats';
import { measureLoadPieces, type LoadPieces } from './n8nLoadPieces';

export const TAX_N8N_VERSION = '2.41.1';

export interface CacheTaxPlan {
	sizes: number[];
	/** Measured requests per workflow (after `warmup` rounds), one at a time, workflows taking turns. */
	requests: number;
	warmup: number;
	gapMs: number;
}

export const CACHE_TAX_PLAN: CacheTaxPlan = { sizes: [100, 1000, 10_000], requests: 80, warmup: 5, gapMs: 60 };

export interface CacheTaxPoint {
	entries: number;
	staticDataBytes: number;
	/** Bare Webhook → Respond to Webhook carrying this cache in its static data, which no node reads. */
	bareWebhook: Distribution;
	/** The basic example answering from a cache of this size. */
	hit: Distribution;
	/** n8n's own load of the column, piece by piece (see n8nLoadPieces.ts). */
	pieces: LoadPieces;
}

export interface CacheTaxResult {
	n8nVersion: string;
	plan: CacheTaxPlan;
	/** The bare webhook with no static data at all. */
	bareWebhookEmpty: Distribution;
	points: CacheTaxPoint[];
	unexpectedAnswers: number;
	/** Median ratios and differences the targets are about. */
	hitLargestToSmallest: number;
	bareWebhookLargestMinusEmptyMs: number;
}

type Scenario = { name: string; path: string; visitors?: readonly Visitor[] };

function ids(entries: number) {
	return { floor: `taxFloor${entries}`, hit: `taxHit${entries}` };
}

/**
 * What a cache of 100, 1,000 and 10,000 entries costs every request, in one real n8n 2.41.1
 * (SQLite, regular mode): a bare webhook carrying the cache without reading it, and a cache hit, against
 * the bare webhook without static data. The caches are written by the node's own code (in-process, with
 * the credential's access token) and imported with their workflows.
 */
export async function measureCacheTax(plan: CacheTaxPlan, log: (line: string) => void, onStop: (stop: () => Promise<void>) => void): Promise<CacheTaxResult> {
	const cleanups: Array<() => Promise<void>> = [];
	const stop = async () => {
		for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
	};
	onStop(stop);
	try {
		const [install] = ensureInstalled([TAX_N8N_VERSION]);
		const hubspot = await startHubspotSimulator();
		cleanups.push(() => hubspot.stop());
		const accessToken = fakeAccessToken();
		hubspot.addAccount({ accessToken });
		const packDir = await mkdtemp(join(tmpdir(), 'n8n-bench-tax-pack-'));
		cleanups.push(() => rm(packDir, { recursive: true, force: true }));
		const n8n = await N8nInstance.create({ version: TAX_N8N_VERSION, tarball: await packPackage(packDir), folderPrefix: 'n8n-bench-tax' });
		cleanups.push(() => n8n.dispose());
		await n8n.importCredentials([{ ...CREDENTIALS.node, type: 'hubspotVisitorIdentificationApi', data: { accessToken, baseUrl: hubspot.url } }]);

		const scenarios: Scenario[] = [{ name: 'floor0', path: 'tax-floor-0' }];
		const workflows: WorkflowToImport[] = [{ ...floorWorkflow('tax-floor-0'), id: 'taxFloor0', name: 'Tax: bare webhook' }];
		const hitVisitors = new Map<number, Visitor[]>();
		for (const entries of plan.sizes) {
			log(`writing a cache of ${entries} entries with the node's own code`);
			const everyone = visitors(`tax${entries}`, entries);
			const staticData = await seededStaticData(accessToken, everyone);
			hitVisitors.set(entries, everyone);
			workflows.push({ ...floorWorkflow(`tax-floor-${entries}`, staticData), id: ids(entries).floor, name: `Tax: bare webhook, ${entries} entries` });
			workflows.push({ ...nodeWorkflow('hit', `tax-hit-${entries}`, staticData), id: ids(entries).hit, name: `Tax: cache hit, ${entries} entries` });
			scenarios.push({ name: `floor${entries}`, path: `tax-floor-${entries}` }, { name: `hit${entries}`, path: `tax-hit-${entries}`, visitors: everyone });
		}
		log('importing and publishing');
		await n8n.importWorkflows(workflows);
		for (const workflow of workflows) await n8n.activateWorkflow(workflow.id);
		await n8n.start();
		for (const scenario of scenarios) await n8n.waitForWebhook(scenario.path);

		log(`n8n ready; ${plan.requests} requests per workflow, ${scenarios.length} workflows taking turns`);
		const samples = new Map<string, number[]>(scenarios.map((scenario) => [scenario.name, []]));
		let unexpected = 0;
		for (let round = -plan.warmup; round < plan.requests; round++) {
			const offset = ((round % scenarios.length) + scenarios.length) % scenarios.length;
			for (let i = 0; i < scenarios.length; i++) {
				const scenario = scenarios[(offset + i) % scenarios.length];
				const people = scenario.visitors;
				const visitor = people ? people[((round + plan.warmup) * 7919) % people.length] : { email: `tax-${round}@bench.example.com` };
				const answer = await postJson(n8n.webhookUrl(scenario.path), visitor).catch(() => undefined);
				await sleep(plan.gapMs);
				if (round < 0) continue;
				const expected = answer !== undefined && answer.status === 200 && (people === undefined || (answer.body?.cached === true && tokenOf(answer) !== undefined));
				if (expected) samples.get(scenario.name)?.push(answer.ms);
				else unexpected++;
			}
		}
		closeConnections();
		await n8n.stop();
		log("timing n8n's own load of each column, piece by piece");
		const pieces = await measureLoadPieces(install, n8n.userFolder, plan.sizes.flatMap((entries) => [ids(entries).floor]), 25);

		const of = (name: string) => distribution(samples.get(name) ?? []);
		const points = plan.sizes.map((entries) => ({
			entries,
			staticDataBytes: pieces[ids(entries).floor].bytes,
			bareWebhook: of(`floor${entries}`),
			hit: of(`hit${entries}`),
			pieces: pieces[ids(entries).floor],
		}));
		const first = points[0];
		const last = points[points.length - 1];
		const bareWebhookEmpty = of('floor0');
		return {
			n8nVersion: TAX_N8N_VERSION,
			plan,
			bareWebhookEmpty,
			points,
			unexpectedAnswers: unexpected,
			hitLargestToSmallest: last.hit.median / first.hit.median,
			bareWebhookLargestMinusEmptyMs: last.bareWebhook.median - bareWebhookEmpty.median,
		};
	} finally {
		closeConnections();
		await stop();
	}
}
