import type { Page } from 'playwright-core';

/** What the snippet's start() / switchVisitor() resolved to, as the demo page keeps it in window.demoLastResult. */
export interface SnippetResult {
	identified: boolean;
	email?: string;
	expiresAt?: string;
	source?: 'webhook' | 'session';
	reason?: string;
}

/** Waits for the demo page's latest snippet result on the current document. */
export async function snippetResult(page: Page, timeoutMs = 30_000): Promise<SnippetResult> {
	const handle = await page.waitForFunction(() => (globalThis as { demoLastResult?: unknown }).demoLastResult, undefined, {
		timeout: timeoutMs,
	});
	return (await handle.jsonValue()) as SnippetResult;
}
