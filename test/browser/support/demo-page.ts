import { randomBytes } from 'node:crypto';

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

export interface Visitor {
	email: string;
	firstName: string;
	lastName: string;
}

/** A visitor of its own per test, so n8n's cache and the simulator's log never mix tests up. */
export function newVisitor(firstName: string, lastName: string): Visitor {
	const email = `${firstName}.${lastName}.${randomBytes(3).toString('hex')}@example.com`.toLowerCase();
	return { email, firstName, lastName };
}

/** What a site does when someone else logs in: here, the demo page's visitor form (it calls switchVisitor()). */
export async function switchVisitorOnDemoPage(page: Page, visitor: Visitor): Promise<void> {
	await page.fill('#email', visitor.email);
	await page.fill('#firstName', visitor.firstName);
	await page.fill('#lastName', visitor.lastName);
	await page.click('#identify');
}
