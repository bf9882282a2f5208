import { createServer } from 'node:net';

/** A loopback port nobody listens on right now (the OS picks it, so parallel runs do not collide). */
export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => {
				if (address && typeof address === 'object') resolve(address.port);
				else reject(new Error('could not read the port the OS assigned'));
			});
		});
	});
}
