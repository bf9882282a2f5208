import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { postToRestApi, REPO_ROOT, signIn, waitUntil } from '../support/n8n';
import { NpmCommand } from './support/npm-command';

const NODE_SOURCE = join('nodes', 'HubspotVisitorIdentification', 'HubspotVisitorIdentification.node.ts');
const NODE_TYPE = 'n8n-nodes-hubspot-visitor-identification.hubspotVisitorIdentification';

/**
 * A checkout to edit: the test must never touch the real working tree, so `npm run dev` runs in a copy
 * (node_modules linked, not copied) and the test edits the copy.
 */
async function copyOfTheRepo(): Promise<string> {
	const copy = await mkdtemp(join(tmpdir(), 'hvi-dev-checkout-'));
	const skipped = new Set(['node_modules', '.git', 'dist', 'reports'].map((name) => join(REPO_ROOT, name)));
	await cp(REPO_ROOT, copy, { recursive: true, filter: (source) => !skipped.has(source) });
	await symlink(join(REPO_ROOT, 'node_modules'), join(copy, 'node_modules'));
	return copy;
}

/** The node's description as the editor gets it from n8n. */
async function nodeDisplayName(baseUrl: string, cookie: string): Promise<string> {
	const data = (await postToRestApi(baseUrl, cookie, 'node-types', { nodeInfos: [{ name: NODE_TYPE, version: 1 }] })) as Array<{ displayName: string }>;
	return data[0].displayName;
}

async function askForToken(webhookUrl: string): Promise<{ status: number; token?: string }> {
	const response = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'grace@example.com' }) });
	const body = (await response.json()) as { hsConversationsSettings?: { identificationToken?: string } };
	return { status: response.status, token: body.hsConversationsSettings?.identificationToken };
}

describe('npm run dev: n8n with the working tree, live after every save', () => {
	let checkout: string;
	let dev: NpmCommand;
	let baseUrl: string;
	let cookie: string;

	beforeAll(async () => {
		checkout = await copyOfTheRepo();
		dev = await NpmCommand.start(['run', 'dev'], checkout);
		await dev.waitFor(/Press Ctrl-C to stop/);
		baseUrl = dev.printedValue('n8n editor');
	});

	afterAll(async () => {
		await dev?.forceStop();
		if (checkout) await rm(checkout, { recursive: true, force: true });
	});

	it('prints a login that signs in to the editor', async () => {
		const [, email, password] = /Log in:\s+(\S+) \/ (\S+)/.exec(dev.printed) ?? [];
		cookie = await signIn(baseUrl, { email, password });
		expect(await nodeDisplayName(baseUrl, cookie)).toBe('HubSpot Visitor Identification');
	});

	it("answers the basic example's webhook through the HubSpot simulator", async () => {
		expect(dev.printed).toMatch(/HubSpot:\s+the HubSpot simulator at http:\/\/127\.0\.0\.1:\d+/);
		const answer = await askForToken(dev.printedValue('Webhook URL'));
		expect(answer.status).toBe(200);
		expect(answer.token).toMatch(/^[A-Za-z0-9_-]{256}$/);
	});

	it('shows an edit of the node in n8n after the rebuild, without a restart', async () => {
		const source = join(checkout, NODE_SOURCE);
		const original = await readFile(source, 'utf8');
		expect(original).toContain("displayName: 'HubSpot Visitor Identification',");
		await writeFile(source, original.replace("displayName: 'HubSpot Visitor Identification',", "displayName: 'HubSpot Visitor Identification (edited)',"));

		await waitUntil(async () => (await nodeDisplayName(baseUrl, cookie)) === 'HubSpot Visitor Identification (edited)', {
			what: 'the edited display name in n8n',
			timeoutMs: 120_000,
			intervalMs: 1_000,
		});
		expect(dev.printed).toContain('[dev] rebuilt');
		await dev.waitFor(/\[dev\] n8n reloaded the package/, 10_000);
		expect(dev.printed).not.toContain('restarting n8n');
		// The reloaded node still runs the published workflow.
		expect((await askForToken(dev.printedValue('Webhook URL'))).status).toBe(200);
	});

	it('copies an edited icon into the package n8n loads (tsc does not copy assets)', async () => {
		const icon = join('nodes', 'HubspotVisitorIdentification', 'hubspotVisitorIdentification.svg');
		const edited = (await readFile(join(checkout, icon), 'utf8')).replace('<svg', '<svg data-edited="yes"');
		await writeFile(join(checkout, icon), edited);
		const built = join(dev.printedValue('Built into'), 'dist', icon);
		await waitUntil(async () => (await readFile(built, 'utf8').catch(() => '')) === edited, { what: 'the edited icon in the built package', timeoutMs: 30_000 });
		expect(await readFile(built, 'utf8')).toContain('data-edited="yes"');
	});

	it('stops on Ctrl-C, leaving no process and no folder behind', async () => {
		await dev.interrupt();
		expect(await dev.leftoverProcesses()).toEqual([]);
		expect(dev.printed).toContain('[dev] stopping');
		expect(await dev.leftoverFiles()).toEqual([]);
		await expect(fetch(baseUrl)).rejects.toThrow();
	});
});

describe('npm run dev with DEV_RESTART=1: n8n restarts on every rebuild instead of reloading', () => {
	let checkout: string;
	let dev: NpmCommand;

	beforeAll(async () => {
		checkout = await copyOfTheRepo();
		dev = await NpmCommand.start(['run', 'dev'], checkout, { DEV_RESTART: '1' });
		await dev.waitFor(/Press Ctrl-C to stop/);
	});

	afterAll(async () => {
		await dev?.forceStop();
		if (checkout) await rm(checkout, { recursive: true, force: true });
	});

	it('shows an edit of the node after the restart, and stops cleanly', async () => {
		const baseUrl = dev.printedValue('n8n editor');
		const [, email, password] = /Log in:\s+(\S+) \/ (\S+)/.exec(dev.printed) ?? [];
		const source = join(checkout, NODE_SOURCE);
		const original = await readFile(source, 'utf8');
		await writeFile(source, original.replace("displayName: 'HubSpot Visitor Identification',", "displayName: 'HubSpot Visitor Identification (restarted)',"));

		await dev.waitFor(/\[dev\] n8n restarted/, 180_000);
		const cookie = await signIn(baseUrl, { email, password });
		expect(await nodeDisplayName(baseUrl, cookie)).toBe('HubSpot Visitor Identification (restarted)');
		expect(dev.printed).not.toContain('n8n reloaded the package');
		await waitUntil(async () => (await askForToken(dev.printedValue('Webhook URL'))).status === 200, { what: 'the webhook after the restart', timeoutMs: 120_000 });

		await dev.interrupt();
		expect(await dev.leftoverProcesses()).toEqual([]);
		expect(await dev.leftoverFiles()).toEqual([]);
	});
});
