// The demo behind `npm start` (run through scripts/demo.sh, which installs what it needs first).
// Each step is one function; main() runs them in order and registers how to undo each, so a new step
// (e.g. serving a demo page) is one more function and one more line in main().

import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { fakeAccessToken, startHubspotSimulator } from '../test/support/hubspot-simulator';
import { startWebsite } from '../test/browser/support/static-site';
import { credentialsFor, loadExample, webhookPathOf } from '../test/support/example-workflows';
import { freePort, N8nInstance, packPackage } from '../test/support/n8n';

const N8N_VERSION = '2.41.1';
const REAL_HUBSPOT = 'https://api.hubapi.com';

/** What the n8n credential needs to reach HubSpot (or the simulator). */
interface HubspotEndpoint {
	baseUrl: string;
	accessToken: string;
	description: string;
}

/** Things to undo on exit, newest first. */
const cleanups: Array<() => Promise<void>> = [];

function say(message: string): void {
	process.stdout.write(`[demo] ${message}\n`);
}

/** Real HubSpot when the user gave an access token, the simulator otherwise. */
async function connectHubspot(): Promise<HubspotEndpoint> {
	const accessToken = process.env.HUBSPOT_ACCESS_TOKEN?.trim();
	if (accessToken) {
		const baseUrl = process.env.HUBSPOT_BASE_URL?.trim() || REAL_HUBSPOT;
		return { baseUrl, accessToken, description: `real HubSpot at ${baseUrl} (token from HUBSPOT_ACCESS_TOKEN)` };
	}
	const simulatorToken = fakeAccessToken();
	const simulator = await startHubspotSimulator({ accounts: [{ accessToken: simulatorToken }] });
	cleanups.push(() => simulator.stop());
	return {
		baseUrl: simulator.url,
		accessToken: simulatorToken,
		description: `the HubSpot simulator at ${simulator.url} (set HUBSPOT_ACCESS_TOKEN to use real HubSpot)`,
	};
}

/** 5678 (n8n's usual port) when it is free, so the editor URL is the familiar one. */
async function choosePort(): Promise<number> {
	if (process.env.N8N_PORT) return Number(process.env.N8N_PORT);
	const usual = 5678;
	const usualIsFree = await new Promise<boolean>((resolve) => {
		const server = createServer();
		server.once('error', () => resolve(false));
		server.listen(usual, '127.0.0.1', () => server.close(() => resolve(true)));
	});
	return usualIsFree ? usual : await freePort();
}

/** Builds and packs the package, installs it into a fresh n8n, imports and publishes the basic example. */
async function startN8nWithBasicExample(hubspot: HubspotEndpoint): Promise<{ n8n: N8nInstance; webhookUrl: string }> {
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
	const workflow = loadExample('basic');

	say(`setting up n8n ${N8N_VERSION} in ${n8n.userFolder}`);
	await n8n.importCredentials(credentialsFor([workflow], { hubspotVisitorIdentificationApi: { accessToken: hubspot.accessToken, baseUrl: hubspot.baseUrl } }));
	await n8n.importWorkflows([workflow]);
	await n8n.activateWorkflow(workflow.id);
	say('starting n8n (about 20-40 seconds)');
	await n8n.start();
	const path = webhookPathOf(workflow);
	await n8n.waitForWebhook(path);
	return { n8n, webhookUrl: n8n.webhookUrl(path) };
}

/** Serves examples/website/ on its own origin, so the page calls the webhook cross-origin as a real site would. */
async function serveDemoPage(webhookUrl: string): Promise<string> {
	const site = await startWebsite();
	cleanups.push(() => site.stop());
	// Without a real portal id (or offline) HubSpot's chat cannot load; the page says so, identification still runs.
	const portalId = process.env.HUBSPOT_PORTAL_ID?.trim() || '1234567';
	return site.demoPageUrl({ webhookUrl, portalId, eu: process.env.HUBSPOT_EU === '1', email: 'ada.lovelace@example.com', firstName: 'Ada', lastName: 'Lovelace' });
}

function printHowToCall(n8n: N8nInstance, webhookUrl: string, hubspot: HubspotEndpoint, demoPageUrl: string): void {
	const body = JSON.stringify({ email: 'ada.lovelace@example.com', firstName: 'Ada', lastName: 'Lovelace' });
	process.stdout.write(
		[
			'',
			`  HubSpot:      ${hubspot.description}`,
			`  n8n editor:   ${n8n.baseUrl}  (create the owner account on first visit)`,
			`  n8n log:      ${n8n.logFile}`,
			`  Webhook URL:  ${webhookUrl}`,
			`  Demo page:    ${demoPageUrl}`,
			'',
			'  Try it (run it twice: the second answer comes from the cache):',
			`    curl -sS -X POST '${webhookUrl}' -H 'content-type: application/json' -d '${body}'`,
			'',
			'  Press Ctrl-C to stop.',
			'',
		].join('\n'),
	);
}

async function cleanUp(): Promise<void> {
	while (cleanups.length > 0) {
		const undo = cleanups.pop();
		try {
			await undo?.();
		} catch (error) {
			process.stderr.write(`[demo] cleanup failed: ${(error as Error).message}\n`);
		}
	}
}

/** Resolves on Ctrl-C (or a SIGTERM from a service manager), at any point of the demo's life. */
const stopRequested = new Promise<void>((resolve) => {
	process.once('SIGINT', resolve);
	process.once('SIGTERM', resolve);
});

async function startDemo(): Promise<void> {
	const hubspot = await connectHubspot();
	const { n8n, webhookUrl } = await startN8nWithBasicExample(hubspot);
	const demoPageUrl = await serveDemoPage(webhookUrl);
	printHowToCall(n8n, webhookUrl, hubspot, demoPageUrl);
}

async function main(): Promise<void> {
	let failed = false;
	const started = startDemo().catch((error: unknown) => {
		failed = true;
		process.stderr.write(`[demo] ${(error as Error).message}\n`);
	});
	// Stop on Ctrl-C whether start-up has finished or not; stop at once if start-up failed.
	await Promise.race([stopRequested, started.then(() => (failed ? undefined : stopRequested))]);
	say('stopping');
	await cleanUp();
	process.exit(failed ? 1 : 0);
}

void main();
