// The request/answer pair handlers work with. Handlers describe the answer; only the server writes it,
// so recording a call and stamping the correlation id happen in one place for every endpoint.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RecordedCall } from './types';

export interface Exchange {
	method: string;
	path: string;
	contentType?: string;
	authorization?: string;
	/** The body as UTF-8 text; empty when there was none. */
	body: string;
	correlationId: string;
	at: number;
}

export type Reply =
	| { kind: 'json'; status: number; body: unknown; headers?: Record<string, string> }
	| { kind: 'text'; status: number; contentType: string; text: string; headers?: Record<string, string> }
	| { kind: 'empty'; status: number; headers?: Record<string, string> }
	| { kind: 'drop' };

/** A reply plus what the call log should remember about the call beyond method, path and status. */
export interface Outcome {
	reply: Reply;
	record?: Partial<Omit<RecordedCall, 'method' | 'path' | 'route' | 'status' | 'correlationId' | 'at'>>;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
	return { kind: 'json', status, body, headers };
}

export const MAX_BODY_BYTES = 1024 * 1024;

export type BodyRead = { ok: true; text: string } | { ok: false; reason: 'tooLarge' | 'aborted' };

/** Reads the whole body as UTF-8 text, refusing bodies over the limit. */
export async function readBody(req: IncomingMessage): Promise<BodyRead> {
	const chunks: Buffer[] = [];
	let size = 0;
	try {
		for await (const chunk of req) {
			const buffer = chunk as Buffer;
			size += buffer.length;
			// Keep draining past the limit so the client still gets the 413 instead of a reset.
			if (size <= MAX_BODY_BYTES) chunks.push(buffer);
		}
	} catch {
		return { ok: false, reason: 'aborted' };
	}
	if (size > MAX_BODY_BYTES) return { ok: false, reason: 'tooLarge' };
	return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
}

export function writeReply(res: ServerResponse, reply: Reply, correlationId: string): void {
	if (reply.kind === 'drop') {
		// No status line, no headers: the client sees the connection close under it.
		res.socket?.destroy();
		return;
	}
	if (res.destroyed) return;
	const headers: Record<string, string | number> = {
		'x-hubspot-correlation-id': correlationId,
		...reply.headers,
	};
	if (reply.kind === 'empty') {
		res.writeHead(reply.status, headers).end();
		return;
	}
	const payload =
		reply.kind === 'json'
			? Buffer.from(JSON.stringify(reply.body), 'utf8')
			: Buffer.from(reply.text, 'utf8');
	headers['content-type'] = reply.kind === 'json' ? 'application/json;charset=utf-8' : reply.contentType;
	headers['content-length'] = payload.length;
	res.writeHead(reply.status, headers).end(payload);
}
