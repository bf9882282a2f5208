import { request, Agent } from 'node:http';
import { fakeAccessToken, startHubspotSimulator } from '../support/hubspot-simulator';

function keepAliveGet(agent: Agent, url: string): Promise<number> {
	return new Promise((resolve, reject) => {
		request(url, { agent }, (response) => {
			response.resume();
			response.on('end', () => resolve(response.statusCode ?? 0));
		})
			.on('error', reject)
			.end();
	});
}

describe('stop() ends everything promptly', () => {
	it('closes idle keep-alive connections instead of waiting for them to time out', async () => {
		const sim = await startHubspotSimulator();
		const agent = new Agent({ keepAlive: true });
		try {
			expect(await keepAliveGet(agent, `${sim.url}/account-info/v3/details`)).toBe(401);
			const idleSockets = Object.values(agent.freeSockets).flat().length;
			expect(idleSockets).toBe(1);
			const started = Date.now();
			await sim.stop();
			expect(Date.now() - started).toBeLessThan(1000);
		} finally {
			agent.destroy();
		}
	});

	it('cuts short a call waiting out simulated latency', async () => {
		const accessToken = fakeAccessToken();
		const sim = await startHubspotSimulator({ accounts: [{ accessToken }], latencyMs: 60_000 });
		const pending = fetch(`${sim.url}/visitor-identification/2026-03/tokens/create`, {
			method: 'POST',
			headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
			body: JSON.stringify({ email: 'slow@example.com' }),
		});
		const outcome = pending.then(
			() => 'answered',
			() => 'failed',
		);
		await new Promise((resolve) => setTimeout(resolve, 200));
		const started = Date.now();
		await sim.stop();
		expect(Date.now() - started).toBeLessThan(1000);
		expect(await outcome).toBe('failed');
		// The call never completed, so it is not in the log as if it had.
		expect(sim.calls).toEqual([]);
	});

	it('refuses connections afterwards and can be called twice', async () => {
		const sim = await startHubspotSimulator();
		await sim.stop();
		await expect(sim.stop()).resolves.toBeUndefined();
		await expect(fetch(`${sim.url}/account-info/v3/details`)).rejects.toThrow(/fetch failed/);
	});
});

describe('port selection', () => {
	it('gives two simulators different random ports', async () => {
		const [a, b] = await Promise.all([startHubspotSimulator(), startHubspotSimulator()]);
		try {
			expect(a.port).not.toBe(b.port);
		} finally {
			await Promise.all([a.stop(), b.stop()]);
		}
	});

	it('fails to start on a port already taken', async () => {
		const first = await startHubspotSimulator();
		try {
			await expect(startHubspotSimulator({ port: first.port })).rejects.toThrow(/EADDRINUSE/);
		} finally {
			await first.stop();
		}
	});
});
