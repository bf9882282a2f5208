// The snippet's getIdToken option in headless Chromium against a real n8n running examples/verified.json:
// the page sends the login provider's ID token, n8n verifies it (keys from a loopback login-provider
// stand-in) and answers with a HubSpot token for the email in it. Includes an ID token that expires
// between page views.
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { credentialsFor, loadExample, webhookPathOf } from '../support/example-workflows';
import { fakeAccessToken, startHubspotSimulator, type HubspotSimulator } from '../support/hubspot-simulator';
import { LoginProviderStandIn, makeSigningKey, signToken, type SigningKey } from '../support/login-provider';
import { N8nInstance } from '../support/n8n';
import { launchChromium } from './support/chromium';
import { snippetResult } from './support/demo-page';
import { startHubspotLoaderStandIn, waitForWidgetLoads, type HubspotLoaderStandIn } from './support/hubspot-loader-stand-in';
import { startWebsite, type Website } from './support/static-site';
import { BROWSER_N8N_VERSION, packedTarball } from './support/suite-settings';

const PORTAL_ID = '24680135';
const AUDIENCE = 'spa-client-id';
const verified = loadExample('verified');

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

/** The login provider as the page's SDK sees it: who is signed in, and whether its cached token has expired. */
interface SignedIn {
	email: string;
	emailVerified: boolean;
	/** The SDK's cached token is past its exp (and the clock tolerance) until a forced refresh. */
	cachedTokenExpired: boolean;
	/** forceRefresh of each getIdToken call, in order. */
	calls: boolean[];
}

function issue(visitor: SignedIn, forceRefresh: boolean): string {
	visitor.calls.push(forceRefresh);
	if (forceRefresh) visitor.cachedTokenExpired = false;
	const now = Math.floor(Date.now() / 1000);
	const exp = visitor.cachedTokenExpired ? now - 300 : now + 600;
	return signToken({ iss: provider.issuer, aud: AUDIENCE, sub: `user:${visitor.email}`, iat: exp - 900, exp, email: visitor.email, email_verified: visitor.emailVerified, given_name: 'Ada' }, { alg: 'RS256', key: key.privateKey }, { kid: key.kid });
}

/** A fresh tab (empty sessionStorage) whose page can ask the test's login provider for ID tokens. */
async function openTab(visitor: SignedIn): Promise<{ page: Page; webhookCalls: Array<{ status: number; authorization?: string }> }> {
	const context = await browser.newContext();
	contexts.push(context);
	await context.exposeFunction('loginProviderIdToken', (forceRefresh: boolean) => issue(visitor, forceRefresh));
	const webhookCalls: Array<{ status: number; authorization?: string }> = [];
	context.on('response', (response) => {
		const request = response.request();
		if (request.method() === 'POST' && request.url() === n8n.webhookUrl(webhookPathOf(verified))) {
			webhookCalls.push({ status: response.status(), authorization: request.headers().authorization });
		}
	});
	return { page: await context.newPage(), webhookCalls };
}

async function visit(page: Page): Promise<void> {
	const query = new URLSearchParams({ webhook: n8n.webhookUrl(webhookPathOf(verified)), portal: PORTAL_ID });
	await page.goto(`${site.url}/verified-visitor.html?${query}`);
}

function signedIn(email: string, overrides: Partial<SignedIn> = {}): SignedIn {
	return { email, emailVerified: true, cachedTokenExpired: false, calls: [], ...overrides };
}

describe('getIdToken: the page sends the login provider\'s ID token instead of an email', () => {
	test('the widget loads identified as the email in the verified token', async () => {
		const visitor = signedIn(`ada.${Date.now()}@example.com`);
		const { page, webhookCalls } = await openTab(visitor);
		await visit(page);
		const [loaded] = await waitForWidgetLoads(page);
		expect(await snippetResult(page)).toMatchObject({ identified: true, email: visitor.email, source: 'webhook' });
		expect(loaded.settings?.identificationEmail).toBe(visitor.email);
		expect(webhookCalls).toEqual([{ status: 200, authorization: expect.stringMatching(/^Bearer eyJ/) }]);
		expect(sim.tokenCalls().filter((call) => call.email === visitor.email)).toHaveLength(1);
	});

	test('an ID token that expires between page views: the tab keeps its HubSpot token, a new tab refreshes the ID token once', async () => {
		const visitor = signedIn(`grace.${Date.now()}@example.com`);
		const first = await openTab(visitor);
		await visit(first.page);
		expect(await snippetResult(first.page)).toMatchObject({ identified: true, source: 'webhook' });

		// The login provider's cached ID token expires; the next page view in the same tab needs no webhook.
		visitor.cachedTokenExpired = true;
		await visit(first.page);
		expect(await snippetResult(first.page)).toMatchObject({ identified: true, email: visitor.email, source: 'session' });
		expect(first.webhookCalls).toHaveLength(1);

		// A new tab has no stored token: n8n refuses the expired ID token (401), the snippet asks for a fresh one once.
		visitor.calls.length = 0;
		const second = await openTab(visitor);
		await visit(second.page);
		expect(await snippetResult(second.page)).toMatchObject({ identified: true, email: visitor.email, source: 'webhook' });
		expect(visitor.calls).toEqual([false, true]);
		expect(second.webhookCalls.map((call) => call.status)).toEqual([401, 200]);
	});

	test('a refused visitor (unverified email, 403) gets the chat unidentified, without a second try', async () => {
		const visitor = signedIn(`unverified.${Date.now()}@example.com`, { emailVerified: false });
		const { page, webhookCalls } = await openTab(visitor);
		await visit(page);
		const [loaded] = await waitForWidgetLoads(page);
		expect(await snippetResult(page)).toMatchObject({ identified: false, reason: expect.stringMatching(/403 \(ID_TOKEN_EMAIL_UNVERIFIED\)/) });
		expect(loaded.settings?.identificationEmail).toBeUndefined();
		expect(webhookCalls.map((call) => call.status)).toEqual([403]);
		expect(visitor.calls).toEqual([false]);
	});
});
