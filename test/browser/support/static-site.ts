import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

import { REPO_ROOT } from '../../support/n8n';

/** What the website example is: the snippet and the demo page, exactly as a site owner copies them. */
export const WEBSITE_DIR = join(REPO_ROOT, 'examples', 'website');

const CONTENT_TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.svg': 'image/svg+xml',
};

/** The demo page's query parameters (see examples/website/README.md). */
export interface DemoPageOptions {
	webhookUrl: string;
	portalId: string;
	eu?: boolean;
	email?: string;
	firstName?: string;
	lastName?: string;
	timeoutMs?: number;
}

export interface Website {
	/** 'http://127.0.0.1:<port>': an origin of its own, so calls to n8n are cross-origin. */
	readonly url: string;
	demoPageUrl(options: DemoPageOptions): string;
	stop(): Promise<void>;
}

export function demoPageQuery(options: DemoPageOptions): string {
	const query = new URLSearchParams({ webhook: options.webhookUrl, portal: options.portalId });
	if (options.eu) query.set('eu', '1');
	if (options.email !== undefined) query.set('email', options.email);
	if (options.firstName !== undefined) query.set('firstName', options.firstName);
	if (options.lastName !== undefined) query.set('lastName', options.lastName);
	if (options.timeoutMs !== undefined) query.set('timeoutMs', String(options.timeoutMs));
	return query.toString();
}

/** Test-only pages (e.g. the snippet with getIdToken), served beside the website example. */
export const TEST_PAGES_DIR = join(REPO_ROOT, 'test', 'browser', 'pages');

async function answerFrom(dir: string, method: string | undefined, url: string | undefined): Promise<{ status: number; type?: string; body?: Buffer }> {
	try {
		const path = decodeURIComponent(new URL(url ?? '/', 'http://site').pathname);
		const file = normalize(join(dir, path.endsWith('/') ? `${path}index.html` : path));
		const type = CONTENT_TYPES[extname(file)];
		if (method !== 'GET' || !file.startsWith(dir + sep) || type === undefined) return { status: 404 };
		return { status: 200, type, body: await readFile(file) };
	} catch {
		return { status: 404 };
	}
}

async function answer(method: string | undefined, url: string | undefined): Promise<{ status: number; type?: string; body?: Buffer }> {
	const fromWebsite = await answerFrom(WEBSITE_DIR, method, url);
	return fromWebsite.status === 200 ? fromWebsite : await answerFrom(TEST_PAGES_DIR, method, url);
}

/** Serves examples/website/ read-only on loopback; no cookies, no caching, nothing outside that folder. */
export async function startWebsite(port = 0): Promise<Website> {
	const server: Server = createServer((request, response) => {
		void answer(request.method, request.url).then(({ status, type, body }) => {
			response.writeHead(status, type ? { 'content-type': type, 'cache-control': 'no-store' } : {}).end(body);
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', resolve);
	});
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url,
		demoPageUrl: (options) => `${url}/?${demoPageQuery(options)}`,
		stop: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
