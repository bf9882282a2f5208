// Runs the simulator as a process, for the demo and for anything that cannot start it in-process:
//   npx tsx test/support/hubspot-simulator/cli.ts [--port N] [--latency-ms N] [--access-token T]...
// Prints one JSON line {"url": ...} on stdout once it listens (so a parent can read it), runs until
// SIGINT/SIGTERM, then stops. Each access token becomes a Professional account with the scope.

import { parseArgs } from 'node:util';
import { fakeAccessToken, startHubspotSimulator } from './index';

function nonNegativeInteger(value: string | undefined, name: string): number | undefined {
	if (value === undefined) return undefined;
	const number = Number(value);
	if (!Number.isInteger(number) || number < 0) throw new Error(`--${name} must be a whole number ≥ 0, got "${value}".`);
	return number;
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string' },
			'latency-ms': { type: 'string' },
			'access-token': { type: 'string', multiple: true },
		},
		strict: true,
	});

	let accessTokens = values['access-token'] ?? [];
	if (accessTokens.length === 0) {
		// A fake token made up for this run only; shown once so a person can paste it into an n8n credential.
		const demoToken = fakeAccessToken();
		process.stderr.write(`No --access-token given; this run accepts the demo token ${demoToken}\n`);
		accessTokens = [demoToken];
	}

	const simulator = await startHubspotSimulator({
		port: nonNegativeInteger(values.port, 'port'),
		latencyMs: nonNegativeInteger(values['latency-ms'], 'latency-ms'),
		accounts: accessTokens.map((accessToken) => ({ accessToken, tier: 'professional' as const })),
	});
	process.stdout.write(`${JSON.stringify({ url: simulator.url })}\n`);

	// `on`, not `once`: tsx relays a signal it sees to this process as well, so one Ctrl-C can arrive
	// twice, and a second arrival with no listener left would end the process before stop() finished.
	let stopping = false;
	const shutDown = () => {
		if (stopping) return;
		stopping = true;
		void simulator.stop().then(() => process.exit(0));
	};
	process.on('SIGINT', shutDown);
	process.on('SIGTERM', shutDown);
}

main().catch((error: unknown) => {
	process.stderr.write(`hubspot-simulator: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
