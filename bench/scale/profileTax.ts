/**
 * Where a request's time goes when a workflow's static data holds 10,000 entries: one real n8n 2.41.1 run
 * with V8's sampling profiler (`--cpu-prof`), a bare webhook carrying the cache and the basic example
 * answering from it, then the profile's self time summed by function over the whole run.
 * `npx tsx bench/scale/profileTax.ts [entries] [requests]`; prints the top functions, writes nothing to the repo.
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

async function main(): Promise<void> {
	const entries = Number(process.argv[2] ?? 10_000);
	const requests = Number(process.argv[3] ?? 60);
	ensureInstalled(['2.41.1']);
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
		const top = [...totals.entries()].filter(([name]) => !name.startsWith('(idle)') && !name.startsWith('(program)')).sort((a, b) => b[1] - a[1]).slice(0, 25);
		process.stdout.write(`self time over ${requests} bare-webhook and ${requests} hit requests with ${entries} entries (ms total, ms per request pair):\n`);
		for (const [name, msTotal] of top) process.stdout.write(`${msTotal.toFixed(1).padStart(9)} ${(msTotal / requests).toFixed(2).padStart(7)}  ${name}\n`);
	} finally {
		await n8n.dispose();
		await hubspot.stop();
		await rm(scratch, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exitCode = 1;
});
