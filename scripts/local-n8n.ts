// What `npm start` (scripts/demo.ts) and `npm run dev` (scripts/dev.ts) share: HubSpot or its simulator,
// n8n's port, the basic example imported and published with its credential, an undo list that Ctrl-C runs.
// Each command is then a start-up function handed to runUntilStopped().

import { createServer } from 'node:net';

import { fakeAccessToken, startHubspotSimulator } from '../test/support/hubspot-simulator';
import { credentialsFor, loadExample, webhookPathOf } from '../test/support/example-workflows';
import { freePort, type N8nInstance } from '../test/support/n8n';

export const N8N_VERSION = '2.41.1';
const REAL_HUBSPOT = 'https://api.hubapi.com';

/** What the n8n credential needs to reach HubSpot (or the simulator). */
export interface HubspotEndpoint {
	baseUrl: string;
	accessToken: string;
	description: string;
}

/** Things to undo on exit, newest first. */
export type Cleanups = Array<() => Promise<void>>;

export function sayer(label: string): (message: string) => void {
	return (message) => process.stdout.write(`[${label}] ${message}\n`);
}

/** Real HubSpot when the user gave an access token, the simulator otherwise. */
export async function connectHubspot(cleanups: Cleanups): Promise<HubspotEndpoint> {
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

/** N8N_PORT if set; else 5678 (n8n's usual port) when it is free, so the editor URL is the familiar one. */
export async function choosePort(): Promise<number> {
	if (process.env.N8N_PORT) return Number(process.env.N8N_PORT);
	const usual = 5678;
	const usualIsFree = await new Promise<boolean>((resolve) => {
		const server = createServer();
		server.once('error', () => resolve(false));
		server.listen(usual, '127.0.0.1', () => server.close(() => resolve(true)));
	});
	return usualIsFree ? usual : await freePort();
}

/** Imports the basic example and its credential (pointing at `hubspot`) and publishes it, before n8n starts. */
export async function setUpBasicExample(n8n: N8nInstance, hubspot: HubspotEndpoint): Promise<string> {
	const workflow = loadExample('basic');
	await n8n.importCredentials(credentialsFor([workflow], { hubspotVisitorIdentificationApi: { accessToken: hubspot.accessToken, baseUrl: hubspot.baseUrl } }));
	await n8n.importWorkflows([workflow]);
	await n8n.activateWorkflow(workflow.id);
	return webhookPathOf(workflow);
}

/** The curl line that asks the basic example for a token. */
export function curlExample(webhookUrl: string): string {
	const body = JSON.stringify({ email: 'ada.lovelace@example.com', firstName: 'Ada', lastName: 'Lovelace' });
	return `curl -sS -X POST '${webhookUrl}' -H 'content-type: application/json' -d '${body}'`;
}

async function runCleanups(label: string, cleanups: Cleanups): Promise<void> {
	while (cleanups.length > 0) {
		const undo = cleanups.pop();
		try {
			await undo?.();
		} catch (error) {
			process.stderr.write(`[${label}] cleanup failed: ${(error as Error).message}\n`);
		}
	}
}

/** Resolves on Ctrl-C (or a SIGTERM from a service manager), at any point of the command's life. */
const stopRequested = new Promise<void>((resolve) => {
	process.once('SIGINT', resolve);
	process.once('SIGTERM', resolve);
});

/**
 * Runs `start`, then waits for Ctrl-C; stops at once if start-up fails. Either way every cleanup `start`
 * registered runs (newest first) before the process exits, so nothing it started or created outlives it.
 */
export async function runUntilStopped(label: string, start: (cleanups: Cleanups) => Promise<void>): Promise<void> {
	const cleanups: Cleanups = [];
	let failed = false;
	const started = start(cleanups).catch((error: unknown) => {
		failed = true;
		process.stderr.write(`[${label}] ${(error as Error).message}\n`);
	});
	await Promise.race([stopRequested, started.then(() => (failed ? undefined : stopRequested))]);
	sayer(label)('stopping');
	await runCleanups(label, cleanups);
	process.exit(failed ? 1 : 0);
}
