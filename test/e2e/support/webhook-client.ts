export interface WebhookAnswer {
	status: number;
	/** Parsed JSON, or undefined when the body is not JSON. */
	body: unknown;
	text: string;
	headers: Headers;
}

/** What a website (or its server) does: POST a JSON body to the workflow's webhook. */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}, timeoutMs = 60_000): Promise<WebhookAnswer> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: typeof body === 'string' ? body : JSON.stringify(body),
		signal: AbortSignal.timeout(timeoutMs),
	});
	const text = await response.text();
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		parsed = undefined;
	}
	return { status: response.status, body: parsed, text, headers: response.headers };
}

/** The token the basic example hands the website, or undefined when the answer does not carry one. */
export function tokenIn(answer: WebhookAnswer): string | undefined {
	const settings = (answer.body as { hsConversationsSettings?: { identificationToken?: unknown } } | undefined)
		?.hsConversationsSettings;
	return typeof settings?.identificationToken === 'string' ? settings.identificationToken : undefined;
}
