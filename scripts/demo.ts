// The demo behind `npm start` (run through scripts/demo.sh, which installs what it needs first): the packed
// package in a fresh n8n with the basic example, and the demo page. The steps it shares with `npm run dev`
// live in scripts/local-n8n.ts.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startWebsite } from '../test/browser/support/static-site';
import { N8nInstance, packPackage } from '../test/support/n8n';
import { choosePort, connectHubspot, curlExample, N8N_VERSION, runUntilStopped, sayer, setUpBasicExample, type Cleanups, type HubspotEndpoint } from './local-n8n';

const say = sayer('demo');

/** Builds and packs the package, installs it into a fresh n8n, imports and publishes the basic example. */
async function startN8nWithBasicExample(cleanups: Cleanups, hubspot: HubspotEndpoint): Promise<{ n8n: N8nInstance; webhookUrl: string }> {
	const packDir = await mkdtemp(join(tmpdir(), 'n8n-demo-pack-'));
	cleanups.push(() => rm(packDir, { recursive: true, force: true }));
	say('building and packing the package');
	const tarball = await packPackage(packDir);

	const n8n = await N8nInstance.create({
		version: N8N_VERSION,
		tarball,
		port: await choosePort(),
		logLevel: 'info',
		folderPrefix: 'n8n-demo',
	});
	cleanups.push(() => n8n.dispose());

	say(`setting up n8n ${N8N_VERSION} in ${n8n.userFolder}`);
	const path = await setUpBasicExample(n8n, hubspot);
	say('starting n8n (about 20-40 seconds)');
	await n8n.start();
	await n8n.waitForWebhook(path);
	return { n8n, webhookUrl: n8n.webhookUrl(path) };
}

/** Serves examples/website/ on its own origin, so the page calls the webhook cross-origin as a real site would. */
async function serveDemoPage(cleanups: Cleanups, webhookUrl: string): Promise<string> {
	const site = await startWebsite();
	cleanups.push(() => site.stop());
	// Without a real portal id (or offline) HubSpot's chat cannot load; the page says so, identification still runs.
	const portalId = process.env.HUBSPOT_PORTAL_ID?.trim() || '1234567';
	return site.demoPageUrl({ webhookUrl, portalId, eu: process.env.HUBSPOT_EU === '1', email: 'ada.lovelace@example.com', firstName: 'Ada', lastName: 'Lovelace' });
}

function printHowToCall(n8n: N8nInstance, webhookUrl: string, hubspot: HubspotEndpoint, demoPageUrl: string): void {
	process.stdout.write(
		[
			'',
			`  HubSpot:      ${hubspot.description}`,
			`  n8n editor:   ${n8n.baseUrl}  (create the owner account on first visit)`,
			`  n8n log:      ${n8n.logFile}`,
			`  Webhook URL:  ${webhookUrl}`,
			`  Demo page:    ${demoPageUrl}`,
			'',
			'  Try it (run it twice: the second answer carries the same token, from the cache, with no HubSpot call):',
			`    ${curlExample(webhookUrl)}`,
			'',
			'  Press Ctrl-C to stop.',
			'',
		].join('\n'),
	);
}

void runUntilStopped('demo', async (cleanups) => {
	const hubspot = await connectHubspot(cleanups);
	const { n8n, webhookUrl } = await startN8nWithBasicExample(cleanups, hubspot);
	const demoPageUrl = await serveDemoPage(cleanups, webhookUrl);
	printHowToCall(n8n, webhookUrl, hubspot, demoPageUrl);
});
