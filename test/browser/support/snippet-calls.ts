import type { BrowserContext, Page } from 'playwright-core';

import type { SnippetResult } from './demo-page';

/** One start() or switchVisitor() call as the page made it, with what its promise resolved to once it has. */
export interface SnippetCall {
	method: 'start' | 'switchVisitor';
	email: string;
	result?: SnippetResult;
}

/**
 * Wraps the snippet's start() and switchVisitor() in every page of the context, before the page's own
 * scripts run, so a test sees what each call resolved to even when the page's wiring (the demo page
 * shows only its latest result) overwrites it.
 */
export async function recordSnippetCalls(context: BrowserContext): Promise<void> {
	await context.addInitScript(() => {
		type Api = Record<string, (options?: { email?: string }) => Promise<unknown>>;
		const calls: Array<{ method: string; email: string; result?: unknown }> = [];
		const page = globalThis as unknown as { __snippetCalls: typeof calls; HubspotVisitorIdentification?: Api };
		page.__snippetCalls = calls;
		let wrapped: Api | undefined;
		Object.defineProperty(globalThis, 'HubspotVisitorIdentification', {
			configurable: true,
			get: () => wrapped,
			set: (api: Api) => {
				wrapped = { ...api };
				for (const method of ['start', 'switchVisitor']) {
					wrapped[method] = (options) => {
						const call: (typeof calls)[number] = { method, email: String(options?.email ?? '') };
						calls.push(call);
						return api[method](options).then((result) => {
							call.result = result;
							return result;
						});
					};
				}
			},
		});
	});
}

/** The page's `index`-th snippet call (0 = the first), once its promise has resolved. */
export async function settledCall(page: Page, index: number, timeoutMs = 30_000): Promise<Required<SnippetCall>> {
	const handle = await page.waitForFunction(
		(wanted) => {
			const calls = (globalThis as { __snippetCalls?: Array<{ result?: unknown }> }).__snippetCalls ?? [];
			return calls[wanted]?.result !== undefined ? calls[wanted] : undefined;
		},
		index,
		{ timeout: timeoutMs },
	);
	return (await handle.jsonValue()) as Required<SnippetCall>;
}

/** Every call made on the page so far, settled or not. */
export async function snippetCalls(page: Page): Promise<SnippetCall[]> {
	return await page.evaluate(() => ((globalThis as { __snippetCalls?: unknown[] }).__snippetCalls ?? []) as never);
}
