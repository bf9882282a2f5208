import type { BrowserContext, Page } from 'playwright-core';

/** The sessionStorage key the snippet keeps its token under (documented in examples/website/README.md). */
export const SESSION_KEY = 'hubspotVisitorIdentification';

export interface StoredToken {
	email: string;
	identificationEmail: string;
	identificationToken: string;
	expiresAt: string;
}

interface WebStorage {
	length: number;
	key(index: number): string | null;
	getItem(key: string): string | null;
	setItem(key: string, value: string): void;
}

type StorageName = 'localStorage' | 'sessionStorage';

/** Every key and value of one of the page's storages. */
export async function storageContents(page: Page, which: StorageName): Promise<Record<string, string>> {
	return await page.evaluate((name) => {
		const storage = (globalThis as unknown as Record<StorageName, WebStorage>)[name];
		const contents: Record<string, string> = {};
		for (let index = 0; index < storage.length; index++) {
			const key = storage.key(index) as string;
			contents[key] = storage.getItem(key) as string;
		}
		return contents;
	}, which);
}

export async function storedToken(page: Page): Promise<StoredToken | null> {
	const value = (await storageContents(page, 'sessionStorage'))[SESSION_KEY];
	return value === undefined ? null : (JSON.parse(value) as StoredToken);
}

/** Rewrites the stored entry, as time passing (or a stale tab) would leave it. */
export async function overwriteStoredToken(page: Page, entry: StoredToken): Promise<void> {
	await page.evaluate(
		([key, value]) => (globalThis as unknown as { sessionStorage: WebStorage }).sessionStorage.setItem(key, value),
		[SESSION_KEY, JSON.stringify(entry)] as const,
	);
}

/**
 * Everything a token could have leaked into outside sessionStorage: localStorage, and cookies as the
 * browser holds them (including HttpOnly ones, which document.cookie would not show).
 */
export async function persistentTraces(page: Page, context: BrowserContext): Promise<string> {
	const local = await storageContents(page, 'localStorage');
	const cookies = await context.cookies();
	return JSON.stringify({ localStorage: local, cookies });
}
