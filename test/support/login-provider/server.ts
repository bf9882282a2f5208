import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import type { SigningKey } from './signingKeys';

/**
 * How the stand-in misbehaves: answers 503, never answers (for timeouts), answers HTML, answers a JWKS
 * over 1 MB, or answers a redirect to plain http elsewhere.
 */
export type Outage = 'none' | 'error-503' | 'hang' | 'not-json' | 'huge' | 'redirect';

export interface LoginProviderOptions {
	keys: SigningKey[];
	/** `Cache-Control: max-age` of the JWKS; undefined sends no Cache-Control. */
	maxAgeSeconds?: number;
	/** Serve the JWKS at this path (the discovery document names it). */
	jwksPath?: string;
	/** Make the issuer end in a slash, as Auth0's does. */
	issuerTrailingSlash?: boolean;
}

/**
 * A local login provider: OpenID discovery and a JWKS over loopback http, with key rotation, Cache-Control,
 * outages and a count of every fetch. It only publishes keys; tests sign tokens with the same keys.
 */
export class LoginProviderStandIn {
	private server = createServer((req, res) => this.handle(req, res));
	private readonly sockets = new Set<Socket>();
	private port = 0;
	private keys: SigningKey[];
	private outage: Outage = 'none';
	/** Every request by path, in order: what the tests count. */
	readonly fetches: string[] = [];
	/** Requests left unanswered while the outage was 'hang', until releaseHeld(). */
	private readonly held: Array<{ path: string; res: ServerResponse }> = [];
	maxAgeSeconds: number | undefined;
	readonly jwksPath: string;

	constructor(private readonly options: LoginProviderOptions) {
		this.keys = [...options.keys];
		this.maxAgeSeconds = options.maxAgeSeconds;
		this.jwksPath = options.jwksPath ?? '/.well-known/jwks.json';
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
	}

	static async start(options: LoginProviderOptions): Promise<LoginProviderStandIn> {
		const standIn = new LoginProviderStandIn(options);
		await new Promise<void>((resolve) => standIn.server.listen(0, '127.0.0.1', resolve));
		standIn.port = (standIn.server.address() as AddressInfo).port;
		return standIn;
	}

	get origin(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	get issuer(): string {
		return this.options.issuerTrailingSlash ? `${this.origin}/` : this.origin;
	}

	get jwksUrl(): string {
		return `${this.origin}${this.jwksPath}`;
	}

	get discoveryUrl(): string {
		return `${this.origin}/.well-known/openid-configuration`;
	}

	/** The JWKS as currently published. */
	jwks(): { keys: Array<Record<string, unknown>> } {
		return { keys: this.keys.map((key) => key.publicJwk) };
	}

	jwksFetches(): number {
		return this.fetches.filter((path) => path === this.jwksPath).length;
	}

	discoveryFetches(): number {
		return this.fetches.filter((path) => path === '/.well-known/openid-configuration').length;
	}

	/** Publishes a new set of keys, as a provider does when it rotates. */
	publish(keys: SigningKey[]): void {
		this.keys = [...keys];
	}

	setOutage(outage: Outage): void {
		this.outage = outage;
	}

	/** Answers the requests held during a 'hang', as the current outage says (set it to 'none' first to serve them). */
	releaseHeld(): void {
		for (const { path, res } of this.held.splice(0)) this.respond(path, res);
	}

	/** How many requests are waiting for releaseHeld(). */
	heldCount(): number {
		return this.held.length;
	}

	async stop(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	private handle(req: IncomingMessage, res: ServerResponse): void {
		const path = new URL(req.url ?? '/', this.origin).pathname;
		this.fetches.push(path);
		this.respond(path, res);
	}

	private respond(path: string, res: ServerResponse): void {
		if (res.destroyed) return;
		if (this.outage === 'hang') {
			this.held.push({ path, res });
			return;
		}
		if (this.outage === 'error-503') return this.reply(res, 503, '{"error":"unavailable"}');
		if (this.outage === 'not-json') return this.reply(res, 200, '<html>maintenance</html>', 'text/html');
		if (this.outage === 'redirect') {
			res.writeHead(302, { Location: `http://keys.example.com${path}` });
			res.end();
			return;
		}
		if (path === '/.well-known/openid-configuration') {
			return this.reply(res, 200, JSON.stringify({ issuer: this.issuer, jwks_uri: this.jwksUrl, id_token_signing_alg_values_supported: ['RS256', 'ES256'] }));
		}
		if (path === this.jwksPath) {
			const jwks = this.jwks();
			const body = this.outage === 'huge' ? JSON.stringify({ ...jwks, padding: 'x'.repeat(1024 * 1024) }) : JSON.stringify(jwks);
			const headers: Record<string, string> = this.maxAgeSeconds === undefined ? {} : { 'Cache-Control': `public, max-age=${this.maxAgeSeconds}` };
			return this.reply(res, 200, body, 'application/json', headers);
		}
		this.reply(res, 404, '{"error":"not found"}');
	}

	private reply(res: ServerResponse, status: number, body: string, contentType = 'application/json', headers: Record<string, string> = {}): void {
		res.writeHead(status, { 'Content-Type': contentType, ...headers });
		res.end(body);
	}
}
