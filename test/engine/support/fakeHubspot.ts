import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as it arrived on the wire, after n8n's HTTP client and the credential had their say. */
export interface ReceivedRequest {
	method: string;
	path: string;
	authorization: string | undefined;
	contentType: string | undefined;
	/** The parsed JSON body, or the raw text when it is not JSON. */
	body: unknown;
}

/** A one-off answer for the next token request, instead of HubSpot's normal behaviour. */
export type ScriptedReply = { status: number; body: unknown; headers?: Record<string, string> } | 'drop-connection';

/**
 * The HubSpot token endpoint as a real HTTP server on 127.0.0.1: it accepts only its own access token
 * (401 with HubSpot's error shape otherwise, as for a revoked token) and issues a fresh opaque token per call.
 * Deliberately tiny: the full simulator lives in test/support/hubspot-simulator.
 */
export async function startFakeHubspot(accessToken: string) {
	const received: ReceivedRequest[] = [];
	const issuedTokens: string[] = [];
	const script: ScriptedReply[] = [];
	const sockets = new Set<Socket>();

	const server = createServer((request, response) => {
		void readBody(request).then((raw) => answer(request, response, raw));
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});

	function answer(request: IncomingMessage, response: ServerResponse, raw: string): void {
		received.push({
			method: request.method ?? '',
			path: request.url ?? '',
			authorization: request.headers.authorization,
			contentType: request.headers['content-type'],
			body: parseJson(raw),
		});
		const correlationId = randomUUID();
		const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
			response.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'x-hubspot-correlation-id': correlationId, ...headers });
			response.end(JSON.stringify(body));
		};
		if (request.method !== 'POST' || !/^\/visitor-identification\/(2026-09|2026-03|v3)\/tokens\/create$/.test(request.url ?? '')) {
			return send(404, { status: 'error', message: 'Not found', correlationId, category: 'OBJECT_NOT_FOUND' });
		}
		if (request.headers.authorization !== `Bearer ${accessToken}`) {
			return send(401, {
				status: 'error',
				message: 'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
				correlationId,
				category: 'INVALID_AUTHENTICATION',
			});
		}
		const scripted = script.shift();
		if (scripted === 'drop-connection') return void request.socket.destroy();
		if (scripted) return send(scripted.status, scripted.body, scripted.headers);
		const token = randomBytes(120).toString('base64url');
		issuedTokens.push(token);
		send(200, { token });
	}

	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;

	return {
		url: `http://127.0.0.1:${port}`,
		received,
		issuedTokens,
		/** The next token requests get these answers, in order, instead of a token. */
		reply(...replies: ScriptedReply[]) {
			script.push(...replies);
		},
		async stop() {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
		},
	};
}

export type FakeHubspot = Awaited<ReturnType<typeof startFakeHubspot>>;

async function readBody(request: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

function parseJson(raw: string): unknown {
	try {
		return JSON.parse(raw);
	} catch {
		return raw;
	}
}
