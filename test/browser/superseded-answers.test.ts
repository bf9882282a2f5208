// Webhook answers that no longer belong to the visitor in the tab: a logout or another visitor's login
// came first, or the webhook answered for someone else. The snippet (examples/website/) runs on its
// demo page in headless Chromium against a real n8n running examples/basic.json; the test holds n8n's
// answer back until it wants it delivered, so which answer arrives first is decided, not timed.
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { storageContents, storedToken, SESSION_KEY } from './support/browser-storage';
import { startBrowserSuite, type BrowserSuite } from './support/browser-suite';
import { newVisitor, switchVisitorOnDemoPage, type Visitor } from './support/demo-page';
import { standInEvents, waitForWidgetLoads, type HubspotLoaderStandIn } from './support/hubspot-loader-stand-in';
import { BasicExampleOnN8n } from './support/n8n-with-basic-example';
import { recordSnippetCalls, settledCall, snippetCalls } from './support/snippet-calls';
import type { Website } from './support/static-site';
import { answerForAnotherEmail, holdWebhookAnswers } from './support/webhook-interception';

const PORTAL_ID = String(10_000_000 + Math.floor(Math.random() * 89_999_999));

let example: BasicExampleOnN8n;
let site: Website;
let hubspotLoader: HubspotLoaderStandIn;
let browser: Browser;
let context: BrowserContext | undefined;

let suite: BrowserSuite | undefined;

beforeAll(async () => {
	suite = await startBrowserSuite();
	({ example, site, hubspotLoader, browser } = suite);
}, 300_000);

afterAll(async () => {
	await suite?.stop();
});

afterEach(async () => {
	hubspotLoader.reset();
	await context?.close();
	context = undefined;
});

/** A fresh tab (empty storage) whose snippet calls are recorded. */
async function openTab(): Promise<{ page: Page; tab: BrowserContext }> {
	const tab = await browser.newContext();
	context = tab;
	await recordSnippetCalls(tab);
	return { page: await tab.newPage(), tab };
}

/** The demo page calls start() for this visitor as it loads. */
async function visitDemoPage(page: Page, visitor: Visitor): Promise<void> {
	await page.goto(site.demoPageUrl({ webhookUrl: example.webhookUrl, portalId: PORTAL_ID, ...visitor }));
}

/**
 * Tokens are shown by whom HubSpot issued them for, so a failing assertion prints emails, never a token.
 * `undefined` for no token; 'unknown token' for one HubSpot never issued.
 */
function whoseToken(token: unknown): string | undefined {
	if (token === undefined) return undefined;
	return (typeof token === 'string' && example.sim.emailForToken(token)) || 'unknown token';
}

/** The sessionStorage entry with its token replaced by whose it is. */
async function storedEntry(page: Page): Promise<Record<string, unknown> | null> {
	const stored = await storedToken(page);
	if (stored === null) return null;
	const { identificationToken, ...rest } = stored;
	return { ...rest, tokenIssuedFor: whoseToken(identificationToken) };
}

/** Whose tokens the page ever handed HubSpot's widget API, in any event the stand-in recorded. */
async function tokensGivenToWidget(page: Page): Promise<Array<string | undefined>> {
	return (await standInEvents(page)).map((event) => event.settings?.identificationToken).filter((token) => token !== undefined).map(whoseToken);
}

/** The widget API's settings now, with the token replaced by whose it is. */
async function widgetIdentity(page: Page): Promise<Record<string, unknown>> {
	const { identificationToken, ...rest } = await page.evaluate(() => ({ ...(globalThis as { hsConversationsSettings?: object }).hsConversationsSettings }) as Record<string, unknown>);
	return identificationToken === undefined ? rest : { ...rest, tokenIssuedFor: whoseToken(identificationToken) };
}

/** How many tokens HubSpot issued for this email. */
function tokensIssuedFor(email: string): number {
	return example.sim.tokenCalls().filter((call) => call.email === email).length;
}

describe('an answer that arrives after logout() is neither kept nor applied', () => {
	test('start(alice), logout() before the webhook answered: storage stays empty, start() resolves not identified', async () => {
		const alice = newVisitor('Alice', 'Late');
		const { page, tab } = await openTab();
		const held = await holdWebhookAnswers(tab, example.webhookUrl, [alice.email]);
		await visitDemoPage(page, alice);
		await held.answered(alice.email);

		await page.click('#logout');
		const [anonymous] = await waitForWidgetLoads(page);
		expect(anonymous.settings).toEqual({ loadImmediately: false });
		expect(await storedToken(page)).toBeNull();

		held.release(alice.email);
		const start = await settledCall(page, 0);

		expect(await storedEntry(page)).toBeNull();
		expect(Object.keys(await storageContents(page, 'sessionStorage'))).toEqual([]);
		expect(start).toEqual({
			method: 'start',
			email: alice.email,
			result: { identified: false, reason: expect.stringMatching(/^superseded: /) },
		});
		// The late answer really carried a token: HubSpot issued one for Alice, and the page got it.
		expect(tokensIssuedFor(alice.email)).toBe(1);
		expect(await widgetIdentity(page)).toEqual({ loadImmediately: false });
		expect(await tokensGivenToWidget(page)).toEqual([]);
		expect((await standInEvents(page)).filter((event) => event.type === 'widget-loaded')).toHaveLength(1);
	});
});

describe("switchVisitor() while the first visitor's answer is in flight keeps only the new visitor's token", () => {
	test("start(alice), switchVisitor(bob), Bob answered first, Alice's answer last: storage and widget hold Bob's token", async () => {
		const alice = newVisitor('Alice', 'Slow');
		const bob = newVisitor('Bob', 'Fast');
		const { page, tab } = await openTab();
		const held = await holdWebhookAnswers(tab, example.webhookUrl, [alice.email]);
		await visitDemoPage(page, alice);
		await held.answered(alice.email);

		await switchVisitorOnDemoPage(page, bob);
		const switched = await settledCall(page, 1);
		expect(switched).toMatchObject({ method: 'switchVisitor', email: bob.email, result: { identified: true, email: bob.email, source: 'webhook' } });
		const [loaded] = await waitForWidgetLoads(page);

		held.release(alice.email);
		const start = await settledCall(page, 0);

		expect(Object.keys(await storageContents(page, 'sessionStorage'))).toEqual([SESSION_KEY]);
		expect(await storedEntry(page)).toEqual({ email: bob.email, identificationEmail: bob.email, tokenIssuedFor: bob.email, expiresAt: expect.any(String) });
		expect(start).toMatchObject({ method: 'start', email: alice.email, result: { identified: false, reason: expect.stringMatching(/^superseded: /) } });
		expect([tokensIssuedFor(alice.email), tokensIssuedFor(bob.email)]).toEqual([1, 1]);
		expect(loaded.settings?.identificationEmail).toBe(bob.email);
		expect(whoseToken(loaded.settings?.identificationToken)).toBe(bob.email);
		expect(await widgetIdentity(page)).toEqual({ loadImmediately: false, identificationEmail: bob.email, tokenIssuedFor: bob.email });
		expect(await tokensGivenToWidget(page)).not.toContain(alice.email);
		expect(await snippetCalls(page)).toHaveLength(2);
	});
});

describe('an answer for another email than the one asked for identifies nobody', () => {
	test('the webhook answers with a token made for mallory: not identified, nothing stored, widget anonymous', async () => {
		const alice = newVisitor('Alice', 'Asked');
		const mallory = newVisitor('Mallory', 'Answered');
		const { page, tab } = await openTab();
		await answerForAnotherEmail(tab, example.webhookUrl, mallory.email);
		await visitDemoPage(page, alice);

		const start = await settledCall(page, 0);
		const [loaded] = await waitForWidgetLoads(page);

		expect(await storedEntry(page)).toBeNull();
		expect(Object.keys(await storageContents(page, 'sessionStorage'))).toEqual([]);
		expect(await widgetIdentity(page)).toEqual({ loadImmediately: false });
		expect(await tokensGivenToWidget(page)).toEqual([]);
		expect(loaded.settings).toEqual({ loadImmediately: false });
		expect(start.result).toEqual({ identified: false, reason: expect.stringMatching(/another email/) });
		// n8n did issue a real token, for Mallory: the page received it and refused it.
		expect([tokensIssuedFor(mallory.email), tokensIssuedFor(alice.email)]).toEqual([1, 0]);
	});
});
