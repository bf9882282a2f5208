import type { BrowserContext, Route } from 'playwright-core';

/**
 * The page's POSTs to the webhook go to the real n8n, but their answers reach the page only when the
 * test says so: the test decides which answer arrives first, with no timing involved.
 *
 * Playwright's routing answers the CORS preflight of a routed URL itself, so tests using this do not
 * exercise n8n's CORS answer; the chat-widget tests do, without routing.
 */
export interface HeldWebhookAnswers {
	/** Resolves once n8n has answered the page's request for this email (the answer is then held). */
	answered(email: string): Promise<void>;
	/** Lets the held answer for this email through to the page. */
	release(email: string): void;
}

interface Deferred {
	promise: Promise<void>;
	resolve: () => void;
}

function deferred(): Deferred {
	let resolve!: () => void;
	const promise = new Promise<void>((done) => (resolve = done));
	return { promise, resolve };
}

function emailOf(route: Route): string {
	const body = route.request().postDataJSON() as { email?: unknown } | null;
	return String(body?.email ?? '');
}

/** Holds n8n's answers to the webhook requests for `heldEmails`; other requests pass straight through. */
export async function holdWebhookAnswers(context: BrowserContext, webhookUrl: string, heldEmails: string[]): Promise<HeldWebhookAnswers> {
	const answered = new Map(heldEmails.map((email) => [email, deferred()]));
	const released = new Map(heldEmails.map((email) => [email, deferred()]));
	const known = (email: string, gates: Map<string, Deferred>): Deferred => {
		const gate = gates.get(email);
		if (!gate) throw new Error(`${email} is not one of the held emails`);
		return gate;
	};
	await context.route(webhookUrl, async (route) => {
		if (route.request().method() !== 'POST') return await route.continue();
		const email = emailOf(route);
		const response = await route.fetch();
		const gate = answered.get(email);
		if (gate) {
			gate.resolve();
			await known(email, released).promise;
		}
		await route.fulfill({ response });
	});
	return {
		answered: (email) => known(email, answered).promise,
		release: (email) => known(email, released).resolve(),
	};
}

/**
 * A webhook that answers with a token for someone else: the page's request is sent to the real n8n with
 * `answeredEmail` in place of the email the page asked for, and n8n's answer goes back to the page as is.
 */
export async function answerForAnotherEmail(context: BrowserContext, webhookUrl: string, answeredEmail: string): Promise<void> {
	await context.route(webhookUrl, async (route) => {
		if (route.request().method() !== 'POST') return await route.continue();
		const body = route.request().postDataJSON() as Record<string, unknown>;
		const response = await route.fetch({ postData: JSON.stringify({ ...body, email: answeredEmail }) });
		await route.fulfill({ response });
	});
}
