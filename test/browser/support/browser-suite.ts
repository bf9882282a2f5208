import type { Browser } from 'playwright-core';

import { launchChromium } from './chromium';
import { startHubspotLoaderStandIn, type HubspotLoaderStandIn } from './hubspot-loader-stand-in';
import { BasicExampleOnN8n } from './n8n-with-basic-example';
import { startWebsite, type Website } from './static-site';
import { BROWSER_N8N_VERSION, packedTarball } from './suite-settings';

/** What every browser test file drives: the demo site, HubSpot's loader stand-in, Chromium and a real n8n. */
export interface BrowserSuite {
	example: BasicExampleOnN8n;
	site: Website;
	hubspotLoader: HubspotLoaderStandIn;
	browser: Browser;
	stop(): Promise<void>;
}

/** Starts everything a browser test file needs; whatever did start is stopped again if a later step fails. */
export async function startBrowserSuite(): Promise<BrowserSuite> {
	const started: Partial<Omit<BrowserSuite, 'stop'>> = {};
	const stop = async () => {
		await started.browser?.close();
		await started.hubspotLoader?.stop();
		await started.site?.stop();
		await started.example?.stop();
	};
	try {
		started.example = new BasicExampleOnN8n(BROWSER_N8N_VERSION, packedTarball());
		started.site = await startWebsite();
		const hubspotLoader = (started.hubspotLoader = await startHubspotLoaderStandIn());
		started.browser = await launchChromium([`--host-resolver-rules=${hubspotLoader.hostResolverRules}`]);
		await started.example.start();
		return { ...(started as Required<typeof started>), stop };
	} catch (error) {
		await stop();
		throw error;
	}
}
