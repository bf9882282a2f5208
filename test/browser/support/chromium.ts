import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium package: Playwright cannot download its own browsers on this machine. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless Chromium with nothing of its own talking to the network. Playwright gives it a fresh,
 * temporary profile and removes it on close; each test then works in its own context (fresh storage).
 */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
	return await chromium.launch({
		executablePath: CHROMIUM_PATH,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
			'--disable-quic',
			...extraArgs,
		],
		timeout: 60_000,
	});
}
