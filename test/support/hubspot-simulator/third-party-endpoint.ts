// POST /third-party/<name>/...: a stand-in for webhooks an example workflow calls after the token step
// (a Discord channel alert, say). Point the workflow's URL here and read what it sent via webhookCalls.

import type { Exchange, Outcome } from './exchange';
import { json } from './exchange';
import type { SimulatorState } from './state';
import { parseJson } from './visitor-request';

export function receiveWebhook(exchange: Exchange, name: string, state: SimulatorState): Outcome {
	const failWith = state.thirdPartyFaults.take(name);
	// Discord answers a plain webhook post with 204 No Content.
	const status = failWith ?? 204;
	state.log.recordWebhook(name, { path: exchange.path, body: readBody(exchange.body), status, at: exchange.at });
	if (failWith === undefined) return { reply: { kind: 'empty', status } };
	return {
		reply: json(status, { message: `Simulated ${name} failure (HTTP ${status}).`, code: 0 }),
		record: { fault: 'thirdParty' },
	};
}

function readBody(text: string): unknown {
	if (text === '') return undefined;
	const parsed = parseJson(text);
	return parsed === undefined ? text : parsed;
}
