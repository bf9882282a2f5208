/**
 * Where a request's time goes when a workflow's static data holds a large cache: two runs of a real n8n
 * 2.41.1 under V8's sampling profiler (`--cpu-prof`), identical but for the cache's size (100 entries, then
 * `entries`), each sending the same requests to a bare webhook carrying the cache and to the basic example
 * answering from it. Self time is summed by function over each run; the difference between the runs, per
 * pair of requests, is what the size costs, start-up and everything else being equal.
 * `npm run bench:scale -- profile --label after` stores the top functions in bench/results/scale.json.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { fakeAccessToken, startHubspotSimulator } from '../../test/support/hubspot-simulator';
import { ensureInstalled, N8nInstance, packPackage } from '../../test/support/n8n';
import { visitors } from '../in-process/fixtures';
import { seededStaticData } from '../n8n/seededCache';
import { closeConnections, postJson } from '../n8n/webhookClient';
import { CREDENTIALS, floorWorkflow, nodeWorkflow } from '../n8n/workflows';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	hitCount: number;
}

export interface ProfileDifference {
	/** `functionName file:line` as V8 names it. */
	name: string;
	/** Extra self time per pair of requests (one bare webhook, one hit) with the large cache, in ms. */
	msPerRequestPair: number;
}

export interface SizeProfile {
	entries: number;
	baselineEntries: number;
	requests: number;
	/** Sum of the differences below plus all smaller ones, per pair of requests. */
	totalMsPerRequestPair: number;
	top: ProfileDifference[];
}

const BASELINE_ENTRIES = 100;

export async function profileCacheSize(entries: number, requests: number, log: (line: string) => void): Promise<SizeProfile> {
	ensureInstalled(['2.41.1']);
	log(`profiling n8n with ${BASELINE_ENTRIES} entries`);
	const small = await profileOneRun(BASELINE_ENTRIES, requests);
	log(`profiling n8n with ${entries} entries`);
	const large = await profileOneRun(entries, requests);
	const names = new Set([...small.keys(), ...large.keys()]);
	const differences = [...names]
		.filter((name) => !name.startsWith('(idle)') && !name.startsWith('(program)'))
		.map((name) => ({ name, msPerRequestPair: ((large.get(name) ?? 0) - (small.get(name) ?? 0)) / requests }));
	return {
		entries,
		baselineEntries: BASELINE_ENTRIES,
		requests,
		totalMsPerRequestPair: differences.reduce((sum, d) => sum + d.msPerRequestPair, 0),
		top: differences.sort((a, b) => b.msPerRequestPair - a.msPerRequestPair).slice(0, 12),
	};
}

/** Self time by function (ms) over one n8n run, from its main process's profile. */
async function profileOneRun(entries: number, requests: number): Promise<Map<string, number>> {
	const scratch = await mkdtemp(join(tmpdir(), 'n8n-profile-'));
	const hubspot = await startHubspotSimulator();
	const accessToken = fakeAccessToken();
	hubspot.addAccount({ accessToken });
	const n8n = await N8nInstance.create({
		version: '2.41.1',
		tarball: await packPackage(scratch),
		folderPrefix: 'n8n-profile',
		environment: { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${join(scratch, 'profiles')}` },
	});
	try {
		await n8n.importCredentials([{ ...CREDENTIALS.node, type: 'hubspotVisitorIdentificationApi', data: { accessToken, baseUrl: hubspot.url } }]);
		const everyone = visitors('profile', entries);
		const staticData = await seededStaticData(accessToken, everyone);
		await n8n.importWorkflows([
			{ ...floorWorkflow('profile-floor', staticData), id: 'profileFloor', name: 'Profile: bare webhook' },
			{ ...nodeWorkflow('hit', 'profile-hit', staticData), id: 'profileHit', name: 'Profile: hit' },
		]);
		await n8n.activateWorkflow('profileFloor');
		await n8n.activateWorkflow('profileHit');
		await n8n.start();
		await n8n.waitForWebhook('profile-floor');
		await n8n.waitForWebhook('profile-hit');
		for (let i = 0; i < requests; i++) {
			await postJson(n8n.webhookUrl('profile-floor'), { email: `x${i}@example.com` });
			await postJson(n8n.webhookUrl('profile-hit'), everyone[(i * 7919) % everyone.length]);
			await sleep(30);
		}
		closeConnections();
		await n8n.stop();
		// The largest profile is n8n's main process (task runners write their own, small ones).
		const dir = join(scratch, 'profiles');
		let totals = new Map<string, number>();
		for (const file of await readdir(dir)) {
			const profile = JSON.parse(await readFile(join(dir, file), 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
			const byId = new Map(profile.nodes.map((node) => [node.id, node]));
			const local = new Map<string, number>();
			profile.samples.forEach((id, index) => {
				const frame = byId.get(id)?.callFrame;
				const name = frame ? `${frame.functionName || '(anonymous)'} ${frame.url.replace(/.*node_modules\//, '')}:${frame.lineNumber}` : '?';
				local.set(name, (local.get(name) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
			});
			if ([...local.values()].reduce((a, b) => a + b, 0) > [...totals.values()].reduce((a, b) => a + b, 0)) totals = local;
		}
		return totals;
	} finally {
		await n8n.dispose();
		await hubspot.stop();
		await rm(scratch, { recursive: true, force: true });
	}
}
