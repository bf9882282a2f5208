// The snippet in headless Chromium against a real n8n running examples/verified.json (ID-token mode):
// - a visitor whose email is not ASCII (zoë@exämple.com) is identified: the snippet reads the ID token's
//   claims as UTF-8 and compares them with n8n's answer;
// - a start() that a later start() superseded while the login provider was still answering neither calls
//   the webhook nor touches the new visitor's stored token;
// - with waitForConsent nothing of HubSpot's loads, no cookie is set and the webhook is not asked before
//   the visitor agrees, and the visitor is identified right after; with waitForConsent: 'hubspot' (HubSpot's
//   own cookie banner, part of HubSpot's script) the script loads but the chat and the webhook wait.
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { credentialsFor, loadExample, webhookPathOf } from '../support/example-workflows';
import { fakeAccessToken, startHubspotSimulator, type HubspotSimulator } from '../support/hubspot-simulator';
import { LoginProviderStandIn, makeSigningKey, signToken, type SigningKey } from '../support/login-provider';
import { N8nInstance } from '../support/n8n';
import { storedToken } from './support/browser-storage';
import { launchChromium } from './support/chromium';
import { standInEvents, startHubspotLoaderStandIn, waitForWidgetLoads, type HubspotLoaderStandIn } from './support/hubspot-loader-stand-in';
import { startWebsite, type Website } from './support/static-site';
import { BROWSER_N8N_VERSION, packedTarball } from './support/suite-settings';

const PORTAL_ID = '13572468';
const AUDIENCE = 'spa-client-id';
const verified = loadExample('verified');

/** How long to watch for something that must not happen before consent. */
const QUIET_PERIOD_MS = 1_500;

let sim: HubspotSimulator;
let provider: LoginProviderStandIn;
let key: SigningKey;
let n8n: N8nInstance;
let site: Website;
let hubspotLoader: HubspotLoaderStandIn;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
	const accessToken = fakeAccessToken();
	sim = await startHubspotSimulator({ accounts: [{ accessToken }] });
	key = makeSigningKey('RSA-2048');
	provider = await LoginProviderStandIn.start({ keys: [key] });
	n8n = await N8nInstance.create({ version: BROWSER_N8N_VERSION, tarball: packedTarball() });
	await n8n.importCredentials(
		credentialsFor([verified], {
			hubspotVisitorIdentificationApi: { accessToken, baseUrl: sim.url },
			hubspotVisitorLoginProviderApi: { issuer: provider.issuer, audience: AUDIENCE },
		}),
	);
	await n8n.importWorkflows([verified]);
	await n8n.activateWorkflow(verified.id);
	await n8n.start();
	await n8n.waitForWebhook(webhookPathOf(verified));
	site = await startWebsite();
	hubspotLoader = await startHubspotLoaderStandIn();
	browser = await launchChromium([`--host-resolver-rules=${hubspotLoader.hostResolverRules}`]);
}, 300_000);

afterAll(async () => {
	await browser?.close();
	await hubspotLoader?.stop();
	await site?.stop();
	await n8n?.dispose();
	await provider?.stop();
	await sim?.stop();
});

afterEach(async () => {
	hubspotLoader.reset();
	for (const context of contexts.splice(0)) await context.close();
});

function webhookUrl(): string {
	return n8n.webhookUrl(webhookPathOf(verified));
}

function unique(local: string): string {
	return `${local}.${Date.now()}${Math.floor(Math.random() * 1000)}`;
}

interface Tab {
	page: Page;
	context: BrowserContext;
	/** Every request the page sent to the webhook, held or answered, in order (OPTIONS preflights left out). */
	webhookRequests: string[];
	/** Emails the page asked the login provider for ID tokens for, in order. */
	idTokensAskedFor: string[];
}

/** A fresh tab on the snippet's bare test page; the login provider signs a token for whichever email the page asks. */
async function openTab(): Promise<Tab> {
	const context = await browser.newContext();
	contexts.push(context);
	const idTokensAskedFor: string[] = [];
	await context.exposeFunction('loginProviderIdToken', (email: string) => {
		idTokensAskedFor.push(email);
		const now = Math.floor(Date.now() / 1000);
		return signToken({ iss: provider.issuer, aud: AUDIENCE, sub: `user:${email}`, iat: now, exp: now + 600, email, email_verified: true }, { alg: 'RS256', key: key.privateKey }, { kid: key.kid });
	});
	const webhookRequests: string[] = [];
	context.on('request', (request) => {
		if (request.method() === 'POST' && request.url() === webhookUrl()) webhookRequests.push(request.method());
	});
	const page = await context.newPage();
	await page.goto(`${site.url}/snippet-lab.html`);
	return { page, context, webhookRequests, idTokensAskedFor };
}

interface StartOptions {
	/** The signed-in visitor, as the login provider names them. */
	email: string;
	/** getIdToken waits for window.release(email) before asking the provider. */
	holdIdToken?: boolean;
	/** 'page': waitForConsent resolves with window.decideConsent(answer); 'hubspot': HubSpot's own banner. */
	consent?: 'page' | 'hubspot';
}

/** Calls start() on the page; its result lands in window.results[index]. */
async function start(page: Page, index: number, options: StartOptions): Promise<void> {
	await page.evaluate(
		({ index, options, webhookUrl, portalId }) => {
			const page = globalThis as unknown as {
				results: unknown[];
				holds: Record<string, () => void>;
				decideConsent?: (answer: unknown) => void;
				consentAnswer?: Promise<unknown>;
				loginProviderIdToken(email: string): Promise<string>;
				HubspotVisitorIdentification: { start(options: object): Promise<unknown> };
			};
			page.results = page.results ?? [];
			page.holds = page.holds ?? {};
			const held = options.holdIdToken ? new Promise<void>((resolve) => (page.holds[options.email] = resolve)) : Promise.resolve();
			if (options.consent === 'page' && !page.consentAnswer) page.consentAnswer = new Promise((resolve) => (page.decideConsent = resolve));
			void page.HubspotVisitorIdentification.start({
				webhookUrl,
				portalId,
				getIdToken: () => held.then(() => page.loginProviderIdToken(options.email)),
				...(options.consent === 'page' ? { waitForConsent: () => page.consentAnswer } : {}),
				...(options.consent === 'hubspot' ? { waitForConsent: 'hubspot' } : {}),
			}).then((result) => (page.results[index] = result));
		},
		{ index, options, webhookUrl: webhookUrl(), portalId: PORTAL_ID },
	);
}

async function result(page: Page, index: number): Promise<Record<string, unknown>> {
	const handle = await page.waitForFunction((wanted) => (globalThis as { results?: unknown[] }).results?.[wanted], index, { timeout: 30_000 });
	return (await handle.jsonValue()) as Record<string, unknown>;
}

/** Whose token the tab keeps, by the email HubSpot issued it for (never the token itself). */
async function storedFor(page: Page): Promise<unknown> {
	const stored = await storedToken(page);
	return stored === null ? null : { email: stored.email, tokenIssuedFor: sim.emailForToken(String(stored.identificationToken)) };
}

/** Everything HubSpot's script would leave on the page: its script tag, a loader request, cookies. */
async function hubspotTraces(tab: Tab): Promise<{ loaderRequests: number; scriptTags: number; cookies: number; documentCookie: string }> {
	return {
		loaderRequests: hubspotLoader.requests.length,
		scriptTags: await tab.page.locator('script[src*="hs-scripts.com"]').count(),
		cookies: (await tab.context.cookies()).length,
		documentCookie: await tab.page.evaluate(() => (globalThis as unknown as { document: { cookie: string } }).document.cookie),
	};
}

describe('a visitor whose email is not ASCII', () => {
	test('ID-token mode identifies zoë@exämple.com: the claims are read as UTF-8 and match n8n\'s answer', async () => {
		const email = `${unique('zoë')}@exämple.com`;
		const tab = await openTab();
		await start(tab.page, 0, { email });

		expect(await result(tab.page, 0)).toMatchObject({ identified: true, email, source: 'webhook' });
		const [loaded] = await waitForWidgetLoads(tab.page);
		expect(loaded.settings?.identificationEmail).toBe(email);
		expect(await storedFor(tab.page)).toEqual({ email, tokenIssuedFor: email });
	});
});

describe('a start() superseded by another start() while the login provider answers', () => {
	test('does not call the webhook and leaves the new visitor\'s stored token alone', async () => {
		const alice = `${unique('alice')}@example.com`;
		const bob = `${unique('bob')}@example.com`;
		const tab = await openTab();
		await start(tab.page, 0, { email: alice, holdIdToken: true });
		await start(tab.page, 1, { email: bob });
		expect(await result(tab.page, 1)).toMatchObject({ identified: true, email: bob, source: 'webhook' });
		expect(await storedFor(tab.page)).toEqual({ email: bob, tokenIssuedFor: bob });

		await tab.page.evaluate((email) => (globalThis as unknown as { holds: Record<string, () => void> }).holds[email](), alice);

		expect(await result(tab.page, 0)).toEqual({ identified: false, reason: expect.stringMatching(/^superseded: /) });
		expect(await storedFor(tab.page)).toEqual({ email: bob, tokenIssuedFor: bob });
		expect(tab.webhookRequests).toHaveLength(1);
		expect(sim.tokenCalls().filter((call) => call.email === alice)).toHaveLength(0);
		const loads = await waitForWidgetLoads(tab.page);
		expect(loads.map((load) => load.settings?.identificationEmail)).toEqual([bob]);
	});
});

describe('waitForConsent: nothing before the visitor agrees', () => {
	test('no HubSpot script, no cookie, no ID token and no webhook request before consent; identified right after it', async () => {
		const email = `${unique('consenting')}@example.com`;
		const tab = await openTab();
		await start(tab.page, 0, { email, consent: 'page' });
		await tab.page.waitForTimeout(QUIET_PERIOD_MS);

		expect(await hubspotTraces(tab)).toEqual({ loaderRequests: 0, scriptTags: 0, cookies: 0, documentCookie: '' });
		expect(tab.webhookRequests).toEqual([]);
		expect(tab.idTokensAskedFor).toEqual([]);
		expect(await tab.page.evaluate(() => (globalThis as { results?: unknown[] }).results?.[0])).toBeUndefined();

		await tab.page.evaluate(() => (globalThis as unknown as { decideConsent(answer: unknown): void }).decideConsent(true));

		expect(await result(tab.page, 0)).toMatchObject({ identified: true, email, source: 'webhook' });
		const [loaded] = await waitForWidgetLoads(tab.page);
		expect(loaded.settings?.identificationEmail).toBe(email);
		expect(hubspotLoader.requests).toEqual([{ host: 'js.hs-scripts.com', portalId: PORTAL_ID }]);
		expect(tab.webhookRequests).toHaveLength(1);
		// The snippet itself never sets a cookie (the loader stand-in sets none either): only HubSpot's real chat would.
		expect((await tab.context.cookies()).length).toBe(0);
	});

	test('a visitor who declines gets no chat at all and the webhook is never asked', async () => {
		const tab = await openTab();
		await start(tab.page, 0, { email: `${unique('declining')}@example.com`, consent: 'page' });
		await tab.page.evaluate(() => (globalThis as unknown as { decideConsent(answer: unknown): void }).decideConsent(false));

		expect(await result(tab.page, 0)).toEqual({ identified: false, reason: expect.stringMatching(/^no consent/) });
		await tab.page.waitForTimeout(QUIET_PERIOD_MS);
		expect(await hubspotTraces(tab)).toEqual({ loaderRequests: 0, scriptTags: 0, cookies: 0, documentCookie: '' });
		expect(tab.webhookRequests).toEqual([]);
		expect(tab.idTokensAskedFor).toEqual([]);
	});
});

describe("waitForConsent: 'hubspot' (HubSpot's own cookie banner)", () => {
	test('HubSpot\'s script loads for its banner, but the chat and the webhook wait for the banner\'s consent', async () => {
		const email = `${unique('banner')}@example.com`;
		const tab = await openTab();
		await start(tab.page, 0, { email, consent: 'hubspot' });
		await tab.page.waitForFunction(() => (globalThis as { __hubspotStandIn?: { events: Array<{ type: string }> } }).__hubspotStandIn?.events.some((event) => event.type === 'privacy-listener-added'));
		await tab.page.waitForTimeout(QUIET_PERIOD_MS);

		const before = await standInEvents(tab.page);
		expect(before.filter((event) => event.type === 'widget-loaded')).toEqual([]);
		expect(before.find((event) => event.type === 'loader-run')?.settings).toEqual({ loadImmediately: false });
		expect(tab.webhookRequests).toEqual([]);
		expect(tab.idTokensAskedFor).toEqual([]);
		expect((await tab.context.cookies()).length).toBe(0);

		// What HubSpot's banner reports when the visitor accepts functionality cookies (the chat's category).
		await tab.page.evaluate(() => (globalThis as unknown as { __hubspotStandIn: { decideConsent(choice: unknown): void } }).__hubspotStandIn.decideConsent({ allowed: true, categories: { necessary: true, analytics: false, advertisement: false, functionality: true } }));

		expect(await result(tab.page, 0)).toMatchObject({ identified: true, email, source: 'webhook' });
		const [loaded] = await waitForWidgetLoads(tab.page);
		expect(loaded.settings?.identificationEmail).toBe(email);
		expect(tab.webhookRequests).toHaveLength(1);
	});

	test('a visitor who refuses functionality cookies on HubSpot\'s banner gets no chat and no webhook request', async () => {
		const tab = await openTab();
		await start(tab.page, 0, { email: `${unique('banner.no')}@example.com`, consent: 'hubspot' });
		await tab.page.waitForFunction(() => (globalThis as { __hubspotStandIn?: { events: Array<{ type: string }> } }).__hubspotStandIn?.events.some((event) => event.type === 'privacy-listener-added'));
		await tab.page.evaluate(() => (globalThis as unknown as { __hubspotStandIn: { decideConsent(choice: unknown): void } }).__hubspotStandIn.decideConsent({ allowed: false, categories: { necessary: true, analytics: true, advertisement: false, functionality: false } }));

		expect(await result(tab.page, 0)).toEqual({ identified: false, reason: expect.stringMatching(/^no consent/) });
		await tab.page.waitForTimeout(QUIET_PERIOD_MS);
		expect((await standInEvents(tab.page)).filter((event) => event.type === 'widget-loaded')).toEqual([]);
		expect(tab.webhookRequests).toEqual([]);
	});
});
