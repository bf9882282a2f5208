// Screenshots of what a no-code user sees in a real n8n 2.41.1: the node's panel (both ways of identifying
// a visitor, the Options list) and the three credential screens, written to docs/screenshots/ as PNGs.
//
//   npm run build && npx tsx scripts/screenshots.ts
//
// The packed package goes into a fresh n8n on loopback with examples/basic.json and verified.json imported
// by n8n's CLI (as the tests do); Chromium signs in through n8n's own sign-in form. n8n, Chromium, the
// HubSpot simulator and the temporary folder are gone when the script ends, whether it succeeds or not.
// Set SCREENSHOTS_DEBUG=1 to keep the HTML of the page a failing step was on (in the temporary folder's parent).

import { mkdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser, Locator, Page } from 'playwright-core';

import { launchChromium } from '../test/browser/support/chromium';
import { credentialsFor, loadExample } from '../test/support/example-workflows';
import { fakeAccessToken, startHubspotSimulator } from '../test/support/hubspot-simulator';
import { BROWSER_ID, N8nInstance, packPackage, REPO_ROOT, setUpOwner, type OwnerAccount } from '../test/support/n8n';
import type { Cleanups } from './local-n8n';

const N8N_VERSION = '2.41.1';
const OUTPUT_DIR = join(REPO_ROOT, 'docs', 'screenshots');
const VIEWPORT = { width: 1440, height: 900 };
const NODE_NAME = 'HubSpot Visitor Identification';
const NODE_TYPE = 'n8n-nodes-hubspot-visitor-identification.hubspotVisitorIdentification';

const say = (message: string): void => void process.stdout.write(`[screenshots] ${message}\n`);

/** A fresh n8n with the package, both examples and their credentials (fake values: nothing is ever called). */
async function startN8n(cleanups: Cleanups): Promise<{ n8n: N8nInstance; owner: OwnerAccount & { cookie: string }; workflowIds: { basic: string; verified: string } }> {
	const packDir = await mkdtemp(join(tmpdir(), 'n8n-shots-pack-'));
	cleanups.push(() => rm(packDir, { recursive: true, force: true }));
	say('packing the package (builds first if dist/ is stale)');
	const tarball = await packPackage(packDir);

	const accessToken = fakeAccessToken();
	const simulator = await startHubspotSimulator({ accounts: [{ accessToken }] });
	cleanups.push(() => simulator.stop());

	const n8n = await N8nInstance.create({ version: N8N_VERSION, tarball, folderPrefix: 'n8n-shots' });
	cleanups.push(() => n8n.dispose());
	const basic = loadExample('basic');
	const verified = loadExample('verified');
	say(`importing the examples into n8n ${N8N_VERSION}`);
	await n8n.importCredentials(
		credentialsFor([basic, verified], {
			hubspotVisitorIdentificationApi: { accessToken, baseUrl: simulator.url },
			hubspotVisitorLoginProviderApi: { issuer: 'https://your-tenant.eu.auth0.com/', audience: 'your-client-id' },
		}),
	);
	await n8n.importWorkflows([basic, verified]);
	say('starting n8n');
	await n8n.start();
	const owner = await setUpOwner(n8n.baseUrl);
	return { n8n, owner, workflowIds: { basic: basic.id, verified: verified.id } };
}

/** Lets animations and lazy-loaded parts settle before a picture. */
async function settle(page: Page, ms = 800): Promise<void> {
	await page.waitForLoadState('networkidle').catch(() => undefined);
	await page.waitForTimeout(ms);
}

async function shoot(page: Page, file: string): Promise<void> {
	await settle(page);
	await page.screenshot({ path: join(OUTPUT_DIR, file), fullPage: false });
	say(`wrote docs/screenshots/${file}`);
}

/** Through n8n's own sign-in form, as a user does. */
async function signInThroughForm(page: Page, baseUrl: string, owner: OwnerAccount): Promise<void> {
	await page.goto(`${baseUrl}/signin`);
	await page.locator('input[type="email"]').fill(owner.email);
	await page.locator('input[type="password"]').fill(owner.password);
	await page.locator('[data-test-id="form-submit-button"]').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 });
	await settle(page);
}

async function openWorkflowNode(page: Page, baseUrl: string, workflowId: string): Promise<Locator> {
	await page.goto(`${baseUrl}/workflow/${workflowId}`);
	const node = page.locator(`[data-node-type="${NODE_TYPE}"][data-node-name="${NODE_NAME}"]`).first();
	await node.waitFor({ timeout: 60_000 });
	await settle(page);
	await node.dblclick();
	const ndv = page.locator('[data-test-id="ndv"]');
	await ndv.waitFor({ timeout: 30_000 });
	return ndv;
}

/** The "Add option" button of the Options collection, with its list open. */
async function openOptionsList(page: Page, ndv: Locator): Promise<void> {
	const add = ndv.locator('[data-test-id="collection-parameter-add-dropdown"], [data-test-id="collection-parameter-add"]').first();
	await add.scrollIntoViewIfNeeded();
	await add.click();
	// n8n 2.x lists the options in a dropdown menu of its own (no test id per item): wait for one by its label.
	await page.getByText('Max Cache Entries', { exact: true }).first().waitFor({ timeout: 10_000 });
}

/** n8n's "Add credential" flow from the Credentials page: pick the type, Continue, the empty credential form. */
async function openNewCredential(page: Page, baseUrl: string, typeDisplayName: string): Promise<Locator> {
	await page.goto(`${baseUrl}/home/credentials/create`);
	const select = page.locator('[data-test-id="new-credential-type-select"]');
	await select.waitFor({ timeout: 30_000 });
	await select.click();
	await page.keyboard.type(typeDisplayName);
	// The search also lists near matches (the OAuth2 credential for the access-token one): pick the exact name.
	const options = page.locator('[data-test-id="new-credential-type-select-option"]');
	await options.first().waitFor({ timeout: 10_000 });
	const names = (await options.allInnerTexts()).map((text) => text.trim());
	const exact = names.indexOf(typeDisplayName);
	if (exact < 0) throw new Error(`no credential type "${typeDisplayName}" among ${JSON.stringify(names)}`);
	await options.nth(exact).click();
	await page.locator('[data-test-id="new-credential-type-button"]').click();
	const dialog = page.locator('[data-test-id="credential-edit-dialog"]');
	await dialog.waitFor({ timeout: 30_000 });
	return dialog;
}

/**
 * Shows a field's help as n8n shows it: hovering the label brings up its "?" icon, hovering that the tooltip.
 * The node panel's labels point at their input (`for`); the credential form's sit in a box named after the field.
 */
async function hoverHelpOf(page: Page, scope: Locator, parameterName: string): Promise<void> {
	const label = scope.locator(`label[for="${parameterName}"], [data-test-id="${parameterName}"] label`).first();
	await label.hover();
	await page.waitForTimeout(300);
	await label.locator('[data-icon="circle-help"]').first().hover();
	await page.waitForTimeout(800);
}

type Step = { file: string; run: (page: Page) => Promise<void> };

async function runStep(browser: Browser, step: Step, baseUrl: string, owner: OwnerAccount, failures: string[]): Promise<void> {
	const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
	const page = await context.newPage();
	try {
		await signInThroughForm(page, baseUrl, owner);
		await step.run(page);
	} catch (error) {
		failures.push(`${step.file}: ${(error as Error).message.split('\n')[0]}`);
		say(`FAILED ${step.file}: ${(error as Error).message}`);
		if (process.env.SCREENSHOTS_DEBUG === '1') {
			const stem = join(tmpdir(), `shots-debug-${step.file.replace(/\.png$/, '')}`);
			await writeFile(`${stem}.html`, await page.content()).catch(() => undefined);
			await page.screenshot({ path: `${stem}.png` }).catch(() => undefined);
			say(`page kept in ${stem}.html / .png`);
		}
	} finally {
		await context.close();
	}
}

/** What n8n stored for the Algorithms of login-provider credentials saved from the form (the form shows none). */
async function storedAlgorithms(baseUrl: string, cookie: string): Promise<string> {
	const headers = { cookie, 'browser-id': BROWSER_ID };
	const list = (await (await fetch(`${baseUrl}/rest/credentials`, { headers })).json()) as { data: Array<{ id: string; name: string; type: string }> };
	const saved = list.data.filter((credential) => credential.type === 'hubspotVisitorLoginProviderApi' && credential.name.endsWith(' 2'));
	const found: string[] = [];
	for (const credential of saved) {
		const answer = (await (await fetch(`${baseUrl}/rest/credentials/${credential.id}?includeData=true`, { headers })).json()) as { data: { data?: Record<string, unknown> } };
		found.push(`${credential.name}: algorithms = ${JSON.stringify(answer.data.data?.algorithms)}`);
	}
	return found.join('; ') || 'no saved login-provider credential found';
}

function steps(baseUrl: string, workflowIds: { basic: string; verified: string }, cookie: string): Step[] {
	return [
		{
			file: '1-node-email-mode.png',
			run: async (page) => {
				await openWorkflowNode(page, baseUrl, workflowIds.basic);
				await shoot(page, '1-node-email-mode.png');
			},
		},
		{
			file: '1b-node-email-help.png',
			run: async (page) => {
				const ndv = await openWorkflowNode(page, baseUrl, workflowIds.basic);
				await hoverHelpOf(page, ndv, 'email');
				await shoot(page, '1b-node-email-help.png');
			},
		},
		{
			file: '2-node-verified-id-token.png',
			run: async (page) => {
				await openWorkflowNode(page, baseUrl, workflowIds.verified);
				await shoot(page, '2-node-verified-id-token.png');
			},
		},
		{
			file: '2b-node-identify-by-choices.png',
			run: async (page) => {
				const ndv = await openWorkflowNode(page, baseUrl, workflowIds.basic);
				await ndv.locator('[data-test-id="parameter-input-identifyBy"]').click();
				await shoot(page, '2b-node-identify-by-choices.png');
			},
		},
		{
			file: '3-node-options.png',
			run: async (page) => {
				const ndv = await openWorkflowNode(page, baseUrl, workflowIds.basic);
				await openOptionsList(page, ndv);
				await shoot(page, '3-node-options.png');
			},
		},
		{
			file: '4-credential-access-token.png',
			run: async (page) => {
				const dialog = await openNewCredential(page, baseUrl, 'HubSpot Visitor Identification API');
				await hoverHelpOf(page, dialog, 'accessToken');
				await shoot(page, '4-credential-access-token.png');
			},
		},
		{
			file: '5-credential-oauth2.png',
			run: async (page) => {
				await openNewCredential(page, baseUrl, 'HubSpot Visitor Identification OAuth2 API');
				await shoot(page, '5-credential-oauth2.png');
			},
		},
		{
			file: '6-credential-login-provider.png',
			run: async (page) => {
				await openNewCredential(page, baseUrl, 'Visitor Login Provider API');
				await shoot(page, '6-credential-login-provider.png');
			},
		},
		{
			file: '6b-credential-login-provider-lower.png',
			run: async (page) => {
				const dialog = await openNewCredential(page, baseUrl, 'Visitor Login Provider API');
				await dialog.getByText('Clock Tolerance (Seconds)', { exact: true }).first().scrollIntoViewIfNeeded();
				await shoot(page, '6b-credential-login-provider-lower.png');
			},
		},
		{
			file: '6c-credential-login-provider-saved.png',
			run: async (page) => {
				const dialog = await openNewCredential(page, baseUrl, 'Visitor Login Provider API');
				await dialog.locator('[data-test-id="issuer"] input').fill('https://your-tenant.eu.auth0.com/');
				await dialog.locator('[data-test-id="audience"] input').fill('your-client-id');
				await page.locator('[data-test-id="credential-save-button"] button').click();
				await page.waitForTimeout(6_000);
				await shoot(page, '6c-credential-login-provider-saved.png');
				say(await storedAlgorithms(baseUrl, cookie));
			},
		},
	];
}

async function main(): Promise<number> {
	mkdirSync(OUTPUT_DIR, { recursive: true });
	const cleanups: Cleanups = [];
	const failures: string[] = [];
	try {
		const { n8n, owner, workflowIds } = await startN8n(cleanups);
		say('starting Chromium');
		const browser = await launchChromium();
		cleanups.push(() => browser.close());
		const only = process.env.SCREENSHOTS_ONLY?.split(',');
		for (const step of steps(n8n.baseUrl, workflowIds, owner.cookie)) {
			if (only && !only.some((prefix) => step.file.startsWith(prefix))) continue;
			await runStep(browser, step, n8n.baseUrl, owner, failures);
		}
	} catch (error) {
		failures.push((error as Error).message);
		say((error as Error).message);
	} finally {
		while (cleanups.length > 0) {
			try {
				await cleanups.pop()?.();
			} catch (error) {
				say(`cleanup failed: ${(error as Error).message}`);
			}
		}
	}
	if (failures.length > 0) say(`${failures.length} screenshot(s) failed:\n  ${failures.join('\n  ')}`);
	return failures.length === 0 ? 0 : 1;
}

void main().then((code) => process.exit(code));
