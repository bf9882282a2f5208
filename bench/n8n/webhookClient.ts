import { Agent, request } from 'node:http';

import { elapsedMs, nowNs } from '../timing';

/** Keep-alive, as a website's server or a browser would reuse its connection; no cap on sockets. */
const agent = new Agent({ keepAlive: true, maxSockets: Infinity });

export interface Answer {
	status: number;
	body: Record<string, unknown> | undefined;
	/** From sending the request to having read the whole answer. */
	ms: number;
}

/**
 * POSTs a JSON body as the website does; never rejects for an HTTP status, only for a broken connection.
 * A kept-alive connection the server closed just as it was reused is retried once on a new one, as
 * Node's documentation advises: that race is the client's, not n8n's, and must not count as a failure.
 */
export async function postJson(url: string, body: unknown, timeoutMs = 60_000): Promise<Answer> {
	try {
		return await postOnce(url, body, timeoutMs);
	} catch (error) {
		if ((error as { reusedSocket?: boolean }).reusedSocket !== true) throw error;
		return await postOnce(url, body, timeoutMs);
	}
}

async function postOnce(url: string, body: unknown, timeoutMs: number): Promise<Answer> {
	const payload = JSON.stringify(body);
	const start = nowNs();
	return await new Promise<Answer>((resolve, reject) => {
		const outgoing = request(
			url,
			{
				method: 'POST',
				agent,
				timeout: timeoutMs,
				headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
			},
			(response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('error', reject);
				response.on('end', () => {
					const ms = elapsedMs(start);
					let parsed: Record<string, unknown> | undefined;
					try {
						parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
					} catch {
						parsed = undefined;
					}
					resolve({ status: response.statusCode ?? 0, body: parsed, ms });
				});
			},
		);
		outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)));
		outgoing.on('error', (error: Error & { code?: string }) => {
			const raced = outgoing.reusedSocket && (error.code === 'ECONNRESET' || error.message === 'socket hang up');
			reject(Object.assign(error, { reusedSocket: raced }));
		});
		outgoing.end(payload);
	});
}

export function closeConnections(): void {
	agent.destroy();
}

/** The visitor token in an answer shaped like the example's (`hsConversationsSettings.identificationToken`). */
export function tokenOf(answer: Answer): string | undefined {
	const settings = answer.body?.hsConversationsSettings as { identificationToken?: unknown } | undefined;
	return typeof settings?.identificationToken === 'string' ? settings.identificationToken : undefined;
}
