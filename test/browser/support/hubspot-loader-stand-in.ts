import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import type { Page } from 'playwright-core';

const STAND_IN_SOURCE = readFileSync(join(__dirname, 'hubspot-loader-stand-in.js'), 'utf8');

/** The hosts HubSpot serves its loader from: most portals, and EU-hosted ones. */
export const LOADER_HOSTS = ['js.hs-scripts.com', 'js-eu1.hs-scripts.com'] as const;

export interface LoaderRequest {
	host: string;
	portalId: string;
}

export interface StandInOptions {
	/** How long the loader script takes to arrive (a slow CDN). */
	responseDelayMs?: number;
	/** How long after running the loader's API takes to be ready. */
	readyDelayMs?: number;
}

export interface HubspotLoaderStandIn {
	/** Loader requests since the last reset, oldest first. */
	readonly requests: LoaderRequest[];
	/**
	 * Chromium's --host-resolver-rules: HubSpot's loader hosts resolve to the stand-in, every other name
	 * fails to resolve (the machine is offline, and no test may depend on the internet), loopback is untouched.
	 */
	readonly hostResolverRules: string;
	/** Options for the next page views; `reset` restores the defaults and forgets the requests. */
	configure(options: StandInOptions): void;
	reset(): void;
	stop(): Promise<void>;
}

/**
 * Serves the stand-in for HubSpot's loader over plain HTTP on loopback, reached through Chromium's host
 * resolver rather than Playwright's request routing: routing any request makes Playwright answer every
 * CORS preflight itself with "allow all", which would hide how n8n really answers the page.
 */
export async function startHubspotLoaderStandIn(): Promise<HubspotLoaderStandIn> {
	const requests: LoaderRequest[] = [];
	let options: StandInOptions = {};
	const server = createServer((request, response) => {
		void (async () => {
			const host = (request.headers.host ?? '').replace(/:\d+$/, '');
			const match = /^\/([^/?#]+)\.js(?:[?#].*)?$/.exec(request.url ?? '');
			if (request.method !== 'GET' || !(LOADER_HOSTS as readonly string[]).includes(host) || !match) {
				response.writeHead(404).end();
				return;
			}
			requests.push({ host, portalId: decodeURIComponent(match[1]) });
			if (options.responseDelayMs) await sleep(options.responseDelayMs);
			const source = STAND_IN_SOURCE.replace('__READY_DELAY_MS__', String(options.readyDelayMs ?? 20));
			response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }).end(source);
		})();
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	const { port } = server.address() as AddressInfo;
	return {
		requests,
		hostResolverRules: [...LOADER_HOSTS.map((host) => `MAP ${host} 127.0.0.1:${port}`), 'MAP * ~NOTFOUND', 'EXCLUDE 127.0.0.1'].join(', '),
		configure: (next) => {
			options = { ...next };
		},
		reset: () => {
			options = {};
			requests.length = 0;
		},
		stop: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

export interface StandInEvent {
	type:
		| 'loader-run'
		| 'api-ready'
		| 'widget-loaded'
		| 'widget-load-ignored'
		| 'widget.load'
		| 'widget.remove'
		| 'widget.refresh'
		| 'clear'
		| 'privacy-listener-added'
		| 'consent-decided';
	/** window.hsConversationsSettings as it was at that moment (a copy). */
	settings: {
		loadImmediately?: boolean;
		identificationEmail?: string;
		identificationToken?: string;
		[key: string]: unknown;
	} | null;
	via?: 'loadImmediately' | 'widget.load' | 'resetWidget';
	options?: Record<string, unknown> | null;
	src?: string | null;
}

/** What the stand-in has seen on the page's current document (empty before the loader ran). */
export async function standInEvents(page: Page): Promise<StandInEvent[]> {
	return await page.evaluate(() => {
		const record = (globalThis as { __hubspotStandIn?: { events: unknown[] } }).__hubspotStandIn;
		return (record?.events ?? []) as never;
	});
}

/** Waits until the widget has been loaded `count` times on this document (a reset counts as a load). */
export async function waitForWidgetLoads(page: Page, count = 1, timeoutMs = 30_000): Promise<StandInEvent[]> {
	await page.waitForFunction(
		(wanted) => {
			const record = (globalThis as { __hubspotStandIn?: { events: Array<{ type: string }> } }).__hubspotStandIn;
			return (record?.events ?? []).filter((event) => event.type === 'widget-loaded').length >= wanted;
		},
		count,
		{ timeout: timeoutMs },
	);
	return (await standInEvents(page)).filter((event) => event.type === 'widget-loaded');
}
