// The website snippet (examples/website/) on its demo page in headless Chromium, asking a real n8n that
// runs examples/basic.json against the HubSpot simulator. The page and n8n are different origins, so
// the browser applies CORS for real; HubSpot's loader is answered by a stand-in that records what the
// widget API receives.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { Browser, BrowserContext, Page } from 'playwright-core';

import { REPO_ROOT } from '../support/n8n';
import { freePort } from '../support/n8n/free-port';
import { overwriteStoredToken, persistentTraces, storedToken } from './support/browser-storage';
import { startBrowserSuite, type BrowserSuite } from './support/browser-suite';
import { newVisitor, snippetResult, switchVisitorOnDemoPage } from './support/demo-page';
import {
	standInEvents,
	waitForWidgetLoads,
	type HubspotLoaderStandIn,
	type LoaderRequest,
	type StandInOptions,
} from './support/hubspot-loader-stand-in';
import { BasicExampleOnN8n } from './support/n8n-with-basic-example';
import { type DemoPageOptions, type Website } from './support/static-site';
import { recordWebhookPosts, type WebhookRequest } from './support/webhook-traffic';

const PORTAL_ID = String(10_000_000 + Math.floor(Math.random() * 89_999_999));
const SCREENSHOT = join(REPO_ROOT, 'reports', 'browser', 'demo-page.png');

interface Tab {
	context: BrowserContext;
	page: Page;
	loaderRequests: LoaderRequest[];
	webhookPosts: WebhookRequest[];
}

let example: BasicExampleOnN8n;
let site: Website;
let hubspotLoader: HubspotLoaderStandIn;
let browser: Browser;
let tab: Tab | undefined;

let suite: BrowserSuite | undefined;

beforeAll(async () => {
	suite = await startBrowserSuite();
	({ example, site, hubspotLoader, browser } = suite);
}, 300_000);

afterAll(async () => {
	await suite?.stop();
});

afterEach(async () => {
	example.sim.clearFaults();
	example.sim.setLatency(0);
	hubspotLoader.reset();
	await tab?.context.close();
	tab = undefined;
});

/** A fresh browser tab: empty sessionStorage, localStorage and cookies. */
async function openTab(standIn: StandInOptions = {}): Promise<Tab> {
	hubspotLoader.configure(standIn);
	const context = await browser.newContext();
	const webhookPosts = recordWebhookPosts(context, example.n8n.baseUrl);
	tab = { context, page: await context.newPage(), loaderRequests: hubspotLoader.requests, webhookPosts };
	return tab;
}

async function visitDemoPage(page: Page, options: Partial<DemoPageOptions> = {}): Promise<void> {
	await page.goto(site.demoPageUrl({ webhookUrl: example.webhookUrl, portalId: PORTAL_ID, ...options }));
}

function tokenCallsFor(email: string) {
	return example.sim.tokenCalls().filter((call) => call.email === email);
}

describe("HubSpot's settings are in place before its loader runs", () => {
	test('the loader finds loadImmediately: false, and the widget loads once, by the snippet, identified', async () => {
		const { page, loaderRequests } = await openTab();
		const visitor = newVisitor('Grace', 'Hopper');
		await visitDemoPage(page, visitor);
		const [loaded] = await waitForWidgetLoads(page);

		const [first] = await standInEvents(page);
		expect(first.type).toBe('loader-run');
		expect(first.settings?.loadImmediately).toBe(false);
		expect(loaded.via).toBe('widget.load');
		expect(loaded.settings?.identificationEmail).toBe(visitor.email);
		expect(loaderRequests).toEqual([{ host: 'js.hs-scripts.com', portalId: PORTAL_ID }]);
		expect((await standInEvents(page)).filter((event) => event.type === 'widget-loaded')).toHaveLength(1);
	});

	test("an EU-hosted portal gets HubSpot's EU loader", async () => {
		const { page, loaderRequests } = await openTab();
		const visitor = newVisitor('Ada', 'Byron');
		await visitDemoPage(page, { ...visitor, eu: true });
		const [loaded] = await waitForWidgetLoads(page);

		expect(loaderRequests).toEqual([{ host: 'js-eu1.hs-scripts.com', portalId: PORTAL_ID }]);
		expect(loaded.settings?.identificationEmail).toBe(visitor.email);
	});
});

describe('widget.load() sees the token the simulator issued for that email', () => {
	test('a page on another origin than n8n gets the token HubSpot issued for the visitor, and its email', async () => {
		const { page, webhookPosts } = await openTab();
		const visitor = newVisitor('Katherine', 'Johnson');
		const typed = `  ${visitor.email.replace('katherine', 'Katherine')} `;
		await visitDemoPage(page, { ...visitor, email: typed });
		const [loaded] = await waitForWidgetLoads(page);

		expect(new URL(site.url).origin).not.toBe(new URL(example.n8n.baseUrl).origin);
		expect(webhookPosts).toEqual([
			{
				url: example.webhookUrl,
				contentType: 'application/json',
				body: { email: typed.trim(), firstName: 'Katherine', lastName: 'Johnson' },
			},
		]);
		const token = loaded.settings?.identificationToken;
		expect(typeof token).toBe('string');
		expect(example.sim.emailForToken(token as string)).toBe(visitor.email);
		// The email HubSpot will check the token against: the one the token was made for, not the one typed.
		expect(loaded.settings?.identificationEmail).toBe(visitor.email);
		expect(tokenCallsFor(visitor.email)).toHaveLength(1);
		expect(await snippetResult(page)).toMatchObject({ identified: true, email: visitor.email, source: 'webhook' });
	});

	test("also when HubSpot's loader arrives after the webhook has answered", async () => {
		const { page } = await openTab({ responseDelayMs: 1_500 });
		const visitor = newVisitor('Dorothy', 'Vaughan');
		await visitDemoPage(page, visitor);
		const [loaded] = await waitForWidgetLoads(page);

		const [first] = await standInEvents(page);
		expect(first.type).toBe('loader-run');
		expect(first.settings?.loadImmediately).toBe(false);
		expect(example.sim.emailForToken(loaded.settings?.identificationToken as string)).toBe(visitor.email);
	});

	test("also when HubSpot's API is ready before the webhook has answered", async () => {
		const { page } = await openTab({ readyDelayMs: 0 });
		example.sim.setLatency(1_500);
		const visitor = newVisitor('Mary', 'Jackson');
		await visitDemoPage(page, visitor);
		const [loaded] = await waitForWidgetLoads(page);

		const types = (await standInEvents(page)).map((event) => event.type);
		expect(types.indexOf('api-ready')).toBeLessThan(types.indexOf('widget.load'));
		expect(example.sim.emailForToken(loaded.settings?.identificationToken as string)).toBe(visitor.email);
	});
});

describe('a second page view in the same session makes no webhook call', () => {
	test('the reloaded page identifies the visitor with the token kept in sessionStorage', async () => {
		const { page, webhookPosts } = await openTab();
		const visitor = newVisitor('Alan', 'Turing');
		await visitDemoPage(page, visitor);
		const [first] = await waitForWidgetLoads(page);
		expect(webhookPosts).toHaveLength(1);

		await page.reload();
		const [second] = await waitForWidgetLoads(page);

		expect(webhookPosts).toHaveLength(1);
		expect(second.settings?.identificationToken).toBe(first.settings?.identificationToken);
		expect(second.settings?.identificationEmail).toBe(visitor.email);
		expect(await snippetResult(page)).toMatchObject({ identified: true, source: 'session' });
	});
});

describe('an expired stored token is refreshed', () => {
	test.each([
		['expired an hour ago', -60 * 60_000],
		['expiring within the refresh margin (in one minute)', 60_000],
	])('a stored token %s is replaced by one from the webhook', async (_label, expiresInMs) => {
		const { page, webhookPosts } = await openTab();
		const visitor = newVisitor('Edsger', 'Dijkstra');
		await visitDemoPage(page, visitor);
		await waitForWidgetLoads(page);
		const stored = await storedToken(page);
		expect(stored).not.toBeNull();
		const staleToken = `stale-${randomBytes(16).toString('hex')}`;
		await overwriteStoredToken(page, {
			...stored!,
			identificationToken: staleToken,
			expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
		});

		await page.reload();
		const [loaded] = await waitForWidgetLoads(page);

		expect(webhookPosts).toHaveLength(2);
		const token = loaded.settings?.identificationToken as string;
		expect(token).not.toBe(staleToken);
		expect(example.sim.emailForToken(token)).toBe(visitor.email);
		const refreshed = await storedToken(page);
		expect(refreshed?.identificationToken).toBe(token);
		expect(Date.parse(refreshed!.expiresAt)).toBeGreaterThan(Date.now() + 60 * 60_000);
	});
});

describe('a failing webhook still loads the widget, unidentified', () => {
	async function expectUnidentifiedWidget(page: Page, reason: RegExp): Promise<void> {
		const loads = await waitForWidgetLoads(page);
		expect(loads).toHaveLength(1);
		expect(loads[0].settings).toEqual({ loadImmediately: false });
		expect(await snippetResult(page)).toEqual({ identified: false, reason: expect.stringMatching(reason) });
		expect(await storedToken(page)).toBeNull();
	}

	test('HubSpot refuses the access token: the webhook answers 502 with its error code', async () => {
		const { page, webhookPosts } = await openTab();
		const visitor = newVisitor('Barbara', 'Liskov');
		example.sim.injectFault({ status: 401, forEmail: visitor.email });
		await visitDemoPage(page, visitor);
		await expectUnidentifiedWidget(page, /HTTP 502 \(HUBSPOT_UNAUTHORIZED\)/);
		expect(webhookPosts).toHaveLength(1);
	});

	test('the webhook URL is unreachable', async () => {
		const { page } = await openTab();
		const nobodyListens = `http://127.0.0.1:${await freePort()}/webhook/hubspot-visitor-token`;
		await visitDemoPage(page, { ...newVisitor('Frances', 'Allen'), webhookUrl: nobodyListens });
		await expectUnidentifiedWidget(page, /fetch/i);
	});

	test('the webhook answers too late: the widget does not wait for it', async () => {
		const { page } = await openTab();
		const visitor = newVisitor('Radia', 'Perlman');
		example.sim.injectFault({ latencyMs: 6_000, forEmail: visitor.email });
		const startedAt = Date.now();
		await visitDemoPage(page, { ...visitor, timeoutMs: 1_000 });
		await expectUnidentifiedWidget(page, /did not answer within 1000 ms/);
		expect(Date.now() - startedAt).toBeLessThan(6_000);
	});

	test("the webhook's CORS allowed origins do not include the page's origin", async () => {
		const { page } = await openTab();
		const visitor = newVisitor('Hedy', 'Lamarr');
		await visitDemoPage(page, { ...visitor, webhookUrl: example.otherSiteWebhookUrl });
		await expectUnidentifiedWidget(page, /fetch/i);
		// The browser stopped at n8n's preflight answer: the workflow never asked HubSpot for a token.
		expect(tokenCallsFor(visitor.email)).toHaveLength(0);
	});
});

describe('logout and switching visitors clear the chat and reload it', () => {
	test('logout clears the chat cookies, rebuilds the widget anonymous and forgets the token', async () => {
		const { page, webhookPosts } = await openTab();
		const visitor = newVisitor('Claude', 'Shannon');
		await visitDemoPage(page, visitor);
		await waitForWidgetLoads(page);

		await page.click('#logout');
		const loads = await waitForWidgetLoads(page, 2);

		const events = await standInEvents(page);
		expect(events.filter((event) => event.type === 'clear').map((event) => event.options)).toEqual([{ resetWidget: true }]);
		expect(loads[1].via).toBe('resetWidget');
		expect(loads[1].settings).toEqual({ loadImmediately: false });
		expect(await storedToken(page)).toBeNull();

		// The next page view of the logged-out visitor: anonymous chat, no webhook call.
		await visitDemoPage(page);
		const [anonymous] = await waitForWidgetLoads(page);
		expect(anonymous.settings).toEqual({ loadImmediately: false });
		expect(webhookPosts).toHaveLength(1);
	});

	test('switching to another visitor rebuilds the widget with a token made for the new email', async () => {
		const { page, webhookPosts } = await openTab();
		const first = newVisitor('John', 'Backus');
		const second = newVisitor('Jean', 'Sammet');
		await visitDemoPage(page, first);
		await waitForWidgetLoads(page);

		await switchVisitorOnDemoPage(page, second);
		const loads = await waitForWidgetLoads(page, 2);

		const events = await standInEvents(page);
		expect(events.filter((event) => event.type === 'clear').map((event) => event.options)).toEqual([{ resetWidget: true }]);
		expect(loads[1].via).toBe('resetWidget');
		expect(loads[1].settings?.identificationEmail).toBe(second.email);
		expect(example.sim.emailForToken(loads[1].settings?.identificationToken as string)).toBe(second.email);
		expect(webhookPosts.map((post) => (post.body as { email: string }).email)).toEqual([first.email, second.email]);
		expect((await storedToken(page))?.email).toBe(second.email);
	});
});

describe('nothing token-related is written to localStorage or cookies', () => {
	test('after identifying, a session page view, a switch and a logout, both are empty', async () => {
		const { page, context } = await openTab();
		const first = newVisitor('Sophie', 'Wilson');
		const second = newVisitor('Lynn', 'Conway');
		const steps: Array<[string, () => Promise<unknown>]> = [
			['identified by the webhook', async () => await visitDemoPage(page, first)],
			['identified from the session', async () => await page.reload()],
			['switched visitor', async () => await switchVisitorOnDemoPage(page, second)],
			['logged out', async () => await page.click('#logout')],
		];
		const traces: Record<string, string> = {};
		for (const [step, run] of steps) {
			await run();
			// Each step ends with the widget (re)loaded: the first load of a fresh page, then one more per reset.
			await waitForWidgetLoads(page, step === 'switched visitor' ? 2 : step === 'logged out' ? 3 : 1);
			traces[step] = await persistentTraces(page, context);
		}

		const issued = [...tokenCallsFor(first.email), ...tokenCallsFor(second.email)].map((call) => call.token);
		expect(issued).toHaveLength(2);
		for (const trace of Object.values(traces)) expect(trace).toBe(JSON.stringify({ localStorage: {}, cookies: [] }));
	});
});

describe('the demo page', () => {
	test('shows who the chat was identified as; its screenshot is kept as a test artifact', async () => {
		const { page } = await openTab();
		await page.setViewportSize({ width: 1100, height: 900 });
		const visitor = newVisitor('Margaret', 'Hamilton');
		await visitDemoPage(page, visitor);
		await waitForWidgetLoads(page);
		await page.waitForFunction(() => (globalThis as { document?: { getElementById(id: string): { textContent: string } | null } })
			.document?.getElementById('widget-status')?.textContent === 'loaded');

		expect(await page.textContent('#identification')).toBe(`identified as ${visitor.email}`);
		expect(await page.textContent('#token-source')).toMatch(/^from the webhook, valid until /);
		expect(await page.textContent('#hubspot-chat-stand-in')).toContain(`identified as ${visitor.email}`);
		const token = (await storedToken(page))?.identificationToken as string;
		expect(await page.content()).not.toContain(token);

		await mkdir(join(REPO_ROOT, 'reports', 'browser'), { recursive: true });
		await page.screenshot({ path: SCREENSHOT, fullPage: true });
		const png = await readFile(SCREENSHOT);
		expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
	});
});
