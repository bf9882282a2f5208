// The HTTP server: loopback only, one handler per route, every call recorded, and a stop() that does
// not wait for keep-alive clients or pending simulated latency.

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { accountDetails } from './account-info-endpoint';
import { upsertContacts } from './contacts-endpoint';
import { createContact } from './contact-create-endpoint';
import { methodNotAllowed, notFound, errorBody, tooLarge } from './error-bodies';
import { json, readBody, writeReply, type Exchange, type Outcome } from './exchange';
import { resolveRoute, type Route } from './routes';
import type { Sleeper } from './sleeper';
import type { SimulatorState } from './state';
import { receiveWebhook } from './third-party-endpoint';
import { createVisitorToken } from './token-endpoint';
import { grantOAuthTokens } from './oauth-token-endpoint';

export interface RunningServer {
	port: number;
	stop(): Promise<void>;
}

export async function listen(state: SimulatorState, sleeper: Sleeper, port: number): Promise<RunningServer> {
	let stopped = false;

	const server = createServer((req, res) => {
		handle(req, res).catch((error: unknown) => {
			// A bug in the simulator must show up as a failing test, not as a hung request.
			if (!stopped && !res.headersSent) {
				const message = error instanceof Error ? error.message : String(error);
				writeReply(res, json(500, errorBody(randomUUID(), 'INTERNAL_ERROR', `Simulator error: ${message}`)), randomUUID());
			}
		});
	});

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const correlationId = randomUUID();
		const at = Date.now();
		const method = req.method ?? 'GET';
		const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
		const route = resolveRoute(path);
		const body = await readBody(req);
		if (!body.ok && body.reason === 'aborted') return;

		const exchange: Exchange = {
			method,
			path,
			contentType: req.headers['content-type'],
			authorization: req.headers.authorization,
			body: body.ok ? body.text : '',
			correlationId,
			at,
		};
		const outcome: Outcome = body.ok ? await dispatch(route, exchange) : { reply: json(413, tooLarge(correlationId)) };
		// Stopped while waiting out simulated latency: the socket is gone and the call never completed.
		if (stopped) return;

		const status = outcome.reply.kind === 'drop' ? 0 : outcome.reply.status;
		state.log.record({ method, path, route: route.name, status, correlationId, at, ...outcome.record });
		writeReply(res, outcome.reply, correlationId);
	}

	async function dispatch(route: Route, exchange: Exchange): Promise<Outcome> {
		const id = exchange.correlationId;
		if (route.name === 'unknown') return { reply: json(404, notFound(id, exchange.path)) };
		if (route.method !== exchange.method) {
			return { reply: json(405, methodNotAllowed(id, exchange.method), { Allow: route.method ?? 'POST' }) };
		}
		switch (route.name) {
			case 'token':
				return createVisitorToken(exchange, route.apiVersion ?? '2026-03', state);
			case 'contactsUpsert':
				return upsertContacts(exchange, state);
			case 'contactsCreate':
				return createContact(exchange, state);
			case 'accountInfo':
				return accountDetails(exchange, state);
			case 'oauthToken':
				return grantOAuthTokens(exchange, state);
			case 'thirdParty':
				return receiveWebhook(exchange, route.thirdPartyName ?? '', state);
		}
	}

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});

	let stopping: Promise<void> | undefined;
	return {
		port: (server.address() as AddressInfo).port,
		stop() {
			stopping ??= new Promise<void>((resolve) => {
				stopped = true;
				sleeper.cancelAll();
				server.close(() => resolve());
				// Idle keep-alive sockets and requests still in simulated latency alike: close() alone would wait for them.
				server.closeAllConnections();
			});
			return stopping;
		},
	};
}
