import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';

/**
 * A plain-http server on this machine's own network address (not loopback), recording every request it
 * gets. It stands for "another machine" that really answers: a credential that sent the access token there
 * would be seen doing it, unlike a host name that never resolves. It listens on that one address only.
 */
export interface PlainHttpListener {
	/** http://<non-loopback address>:<port> */
	url: string;
	received: Array<{ method: string; path: string; headers: IncomingHttpHeaders }>;
	stop(): Promise<void>;
}

/** The first IPv4 address of a non-loopback interface, or an error saying why the test cannot run. */
function nonLoopbackAddress(): string {
	for (const addresses of Object.values(networkInterfaces())) {
		const found = addresses?.find((address) => address.family === 'IPv4' && !address.internal);
		if (found) return found.address;
	}
	throw new Error('This machine has no non-loopback IPv4 address, so there is no "other host" to prove the token is not sent to.');
}

export async function startPlainHttpListener(): Promise<PlainHttpListener> {
	const received: PlainHttpListener['received'] = [];
	const server = createServer((request, response) => {
		received.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers });
		request.resume();
		response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: 'a-token-from-the-wrong-server' }));
	});
	const host = nonLoopbackAddress();
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, host, resolve);
	});
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://${host}:${port}`,
		received,
		stop: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
