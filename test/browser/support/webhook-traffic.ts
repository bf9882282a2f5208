import type { BrowserContext } from 'playwright-core';

export interface WebhookRequest {
	url: string;
	/** The JSON the page sent. */
	body: unknown;
	contentType: string | undefined;
}

/**
 * Every POST the browser sends to `baseUrl` (n8n) from this context, as the browser reports it:
 * the tests' measure of "the page called the webhook", independent of what n8n or HubSpot did with it.
 */
export function recordWebhookPosts(context: BrowserContext, baseUrl: string): WebhookRequest[] {
	const posts: WebhookRequest[] = [];
	context.on('request', (request) => {
		if (request.method() !== 'POST' || !request.url().startsWith(`${baseUrl}/`)) return;
		posts.push({ url: request.url(), body: request.postDataJSON(), contentType: request.headers()['content-type'] });
	});
	return posts;
}
