import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { credentialsFor, loadExample, withCachedInAnswer, type ExampleWorkflow } from '../../test/support/example-workflows';
import { fakeAccessToken, startHubspotSimulator } from '../../test/support/hubspot-simulator';
import { LoginProviderStandIn, makeSigningKey, signToken } from '../../test/support/login-provider';
import { ensureInstalled, N8nInstance, packPackage } from '../../test/support/n8n';
import { distribution, round, type Distribution } from '../stats';
import { elapsedMs, nowNs } from '../timing';

export const N8N_VERSION = '2.41.1';
const AUDIENCE = 'spa-client-id';

export interface RealN8nVerifyResult {
	n8nVersion: string;
	requestsPerWorkflow: number;
	/** Milliseconds from request to answer, cache hits only. */
	ms: { unverifiedHit: Distribution; verifiedHit: Distribution };
	ratio: number;
	/** During the measured requests: JWKS and HubSpot requests (both 0 expected: keys and tokens are cached). */
	jwksFetchesMeasured: number;
	jwksFetchesTotal: number;
	hubspotCallsMeasured: number;
	unexpectedAnswers: number;
}

/** basic.json with verified.json's settings (no execution data), so the only difference is the verification. */
function unverifiedTwin(basic: ExampleWorkflow, verified: ExampleWorkflow): ExampleWorkflow {
	const twin = JSON.parse(JSON.stringify(basic)) as ExampleWorkflow & { settings: unknown };
	twin.id = 'hsBenchUnverif';
	twin.name = 'Bench: unverified hit';
	(twin as { settings: unknown }).settings = (verified as unknown as { settings: unknown }).settings;
	const webhook = twin.nodes.find((node) => node.type === 'n8n-nodes-base.webhook');
	if (!webhook) throw new Error('basic.json has no Webhook');
	webhook.parameters.path = 'bench-unverified-hit';
	webhook.webhookId = 'b3f1e0a4-5a52-4c1e-9d8e-2f6b1c0a7e11';
	return twin;
}

async function timedPost(url: string, body: unknown, headers: Record<string, string>): Promise<{ ms: number; status: number; cached: unknown }> {
	const start = nowNs();
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
	const json = (await response.json()) as { cached?: unknown };
	return { ms: elapsedMs(start), status: response.status, cached: json.cached };
}

/** Real-n8n latency of a verified cache hit against an unverified one, in one n8n, interleaved. */
export async function measureRealN8nVerify(requests: number, log: (line: string) => void): Promise<RealN8nVerifyResult> {
	const cleanups: Array<() => Promise<unknown>> = [];
	try {
		const accessToken = fakeAccessToken();
		const hubspot = await startHubspotSimulator({ latencyMs: 150, accounts: [{ accessToken }] });
		cleanups.push(() => hubspot.stop());
		const key = makeSigningKey('RSA-2048');
		const provider = await LoginProviderStandIn.start({ keys: [key], maxAgeSeconds: 3600 });
		cleanups.push(() => provider.stop());
		ensureInstalled([N8N_VERSION]);
		const packDir = await mkdtemp(join(tmpdir(), 'n8n-bench-verified-'));
		cleanups.push(() => rm(packDir, { recursive: true, force: true }));
		const n8n = await N8nInstance.create({ version: N8N_VERSION, tarball: await packPackage(packDir) });
		cleanups.push(() => n8n.dispose());

		// Both answer `cached` again (the examples do not tell a caller), so every measured request can be checked as a hit.
		const verified = withCachedInAnswer(loadExample('verified'));
		const unverified = unverifiedTwin(withCachedInAnswer(loadExample('basic')), verified);
		await n8n.importCredentials(
			credentialsFor([verified, unverified], {
				hubspotVisitorIdentificationApi: { accessToken, baseUrl: hubspot.url },
				hubspotVisitorLoginProviderApi: { issuer: provider.issuer, audience: AUDIENCE },
			}),
		);
		await n8n.importWorkflows([verified, unverified]);
		for (const workflow of [verified, unverified]) await n8n.activateWorkflow(workflow.id);
		log(`n8n ${N8N_VERSION}: starting`);
		await n8n.start();
		const urls = { verified: n8n.webhookUrl('hubspot-visitor-token-verified'), unverified: n8n.webhookUrl('bench-unverified-hit') };
		await n8n.waitForWebhook('hubspot-visitor-token-verified');
		await n8n.waitForWebhook('bench-unverified-hit');

		const seconds = Math.floor(Date.now() / 1000);
		const idToken = signToken({ iss: provider.issuer, aud: AUDIENCE, sub: 'user-1', iat: seconds, exp: seconds + 3600, email: 'ada@example.com', email_verified: true, given_name: 'Ada', family_name: 'Lovelace' }, { alg: 'RS256', key: key.privateKey }, { kid: key.kid });
		const asks = {
			verified: () => timedPost(urls.verified, {}, { Authorization: `Bearer ${idToken}` }),
			unverified: () => timedPost(urls.unverified, { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' }, {}),
		};
		// Warm: both workflows get the visitor's token once, then serve it from their caches.
		for (let pass = 0; pass < 3; pass++) {
			await asks.verified();
			await asks.unverified();
			await sleep(100);
		}
		const jwksBefore = provider.jwksFetches();
		const callsBefore = hubspot.tokenCalls().length;
		const samples = { verified: [] as number[], unverified: [] as number[] };
		let unexpectedAnswers = 0;
		log(`measuring ${requests} requests per workflow, interleaved`);
		for (let round = 0; round < requests; round++) {
			const order = round % 2 === 0 ? (['verified', 'unverified'] as const) : (['unverified', 'verified'] as const);
			for (const name of order) {
				const answer = await asks[name]();
				if (answer.status !== 200 || answer.cached !== true) unexpectedAnswers++;
				samples[name].push(answer.ms);
				await sleep(20);
			}
		}
		const verifiedHit = distribution(samples.verified);
		const unverifiedHit = distribution(samples.unverified);
		return {
			n8nVersion: N8N_VERSION,
			requestsPerWorkflow: requests,
			ms: { unverifiedHit, verifiedHit },
			ratio: round(verifiedHit.median / unverifiedHit.median),
			jwksFetchesMeasured: provider.jwksFetches() - jwksBefore,
			jwksFetchesTotal: provider.jwksFetches(),
			hubspotCallsMeasured: hubspot.tokenCalls().length - callsBefore,
			unexpectedAnswers,
		};
	} finally {
		for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
	}
}
