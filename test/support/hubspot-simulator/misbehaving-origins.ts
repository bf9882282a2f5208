import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * Small loopback servers that misbehave the way a security review found a Base URL or a login provider can: answer
 * with a redirect to another origin, drip an answer a byte at a time, or send far more than anyone should
 * read. Each records what it was asked and how much it managed to send before the client hung up.
 */
export interface Recorded {
	method: string;
	path: string;
	authorization: string | undefined;
}

export interface Origin {
	url: string;
	received: Recorded[];
	/** Body bytes written before the client closed the connection (or all of them). */
	bytesSent: number[];
	/** One entry per request: true when the client closed the connection before the answer was complete. */
	closedEarly: boolean[];
	stop(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function stopper(server: Server, sockets: Set<Socket>) {
	return async () => {
		for (const socket of sockets) socket.destroy();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	};
}

function tracked(server: Server): Set<Socket> {
	const sockets = new Set<Socket>();
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	return sockets;
}

type Handler = (request: IncomingMessage, response: ServerResponse, sent: (bytes: number) => void) => void;

async function httpOrigin(handler: Handler): Promise<Origin> {
	const origin = { received: [], bytesSent: [], closedEarly: [] } as unknown as Origin;
	const server = createHttpServer((request, response) => {
		origin.received.push({ method: request.method ?? '', path: request.url ?? '', authorization: request.headers.authorization });
		const index = origin.bytesSent.push(0) - 1;
		origin.closedEarly.push(false);
		response.on('close', () => {
			if (!response.writableFinished) origin.closedEarly[index] = true;
		});
		request.resume();
		handler(request, response, (bytes) => (origin.bytesSent[index] += bytes));
	});
	const sockets = tracked(server);
	origin.url = await listen(server);
	origin.stop = stopper(server, sockets);
	return origin;
}

/** Answers every request with a token of its own: had the access token come here, it would be recorded. */
export async function startRecordingOrigin(): Promise<Origin> {
	return await httpOrigin((_request, response) => {
		response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: 'a-token-from-the-wrong-origin' }));
	});
}

/** Answers every request with `status` and a Location on `target` (same path). */
export async function startRedirectingOrigin(status: number, target: string): Promise<Origin> {
	return await httpOrigin((request, response) => {
		response.writeHead(status, { location: `${target}${request.url ?? '/'}`, 'content-type': 'text/plain' }).end('Moved');
	});
}

/**
 * Sends the headers at once, then `body` one byte every `everyMs`: never idle long enough for an idle timeout.
 */
export async function startDrippingOrigin(body: string, everyMs: number, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<Origin> {
	return await httpOrigin((_request, response, sent) => {
		response.writeHead(200, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
		let next = 0;
		const drip = () => {
			if (response.destroyed) return;
			if (next >= body.length) return void response.end();
			response.write(body[next++]);
			sent(1);
			setTimeout(drip, everyMs);
		};
		drip();
	});
}

/** Sends `totalBytes` of a JSON-looking body as fast as the client takes it, with or without a Content-Length. */
export async function startHugeOrigin(totalBytes: number, declareLength: boolean): Promise<Origin> {
	const chunk = Buffer.alloc(64 * 1024, 0x20);
	return await httpOrigin((_request, response, sent) => {
		response.writeHead(200, { 'content-type': 'application/json', ...(declareLength ? { 'content-length': String(totalBytes) } : {}) });
		let left = totalBytes;
		const pump = () => {
			while (left > 0 && !response.destroyed) {
				const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
				left -= piece.length;
				sent(piece.length);
				if (!response.write(piece)) return void response.once('drain', pump);
			}
			if (!response.destroyed) response.end();
		};
		pump();
	});
}

/**
 * A raw TCP server that drips even the status line and headers, one byte every `everyMs`: the request
 * never reaches a response object, so only a deadline on the whole exchange ends it.
 */
export async function startHeaderDrippingOrigin(everyMs: number): Promise<Origin> {
	const origin = { received: [], bytesSent: [], closedEarly: [] } as unknown as Origin;
	const head = 'HTTP/1.1 200 OK\r\n' + 'x-padding: ' + 'a'.repeat(400) + '\r\ncontent-type: application/json\r\ncontent-length: 11\r\n\r\n{"token":1}';
	const server = createTcpServer((socket) => {
		origin.received.push({ method: '', path: '', authorization: undefined });
		const index = origin.bytesSent.push(0) - 1;
		origin.closedEarly.push(false);
		socket.on('data', () => undefined);
		socket.on('error', () => undefined);
		let next = 0;
		socket.on('close', () => {
			if (next < head.length) origin.closedEarly[index] = true;
		});
		const drip = () => {
			if (socket.destroyed) return;
			if (next >= head.length) return void socket.end();
			socket.write(head[next++]);
			origin.bytesSent[index] += 1;
			setTimeout(drip, everyMs);
		};
		drip();
	});
	const sockets = tracked(server);
	origin.url = await listen(server);
	origin.stop = stopper(server, sockets);
	return origin;
}
