import { randomBytes } from 'node:crypto';

import { HubspotVisitorIdentificationApi } from '../../../credentials/HubspotVisitorIdentificationApi.credentials';
import { startFakeHubspot, type FakeHubspot } from './fakeHubspot';
import { InProcessN8n, type WorkflowDefinition } from './inProcessN8n';
import { useTemporaryN8nHome } from './n8nHome';

/** An access token of HubSpot's shape, made per test file: never a real one. */
export function fakeAccessToken(): string {
	return `pat-na1-${randomBytes(16).toString('hex')}`;
}

/** Credential ids the in-process n8n has stored. */
export const CREDENTIAL = {
	/** The token HubSpot accepts. */
	valid: 'hubspot',
	/** The same token as pasted with stray whitespace around it. */
	pasted: 'hubspot-pasted',
	/** A token HubSpot does not know (revoked, or from another portal). */
	revoked: 'hubspot-revoked',
} as const;

/**
 * Per test file: a temporary n8n home, a fake HubSpot on 127.0.0.1 and an in-process n8n holding the
 * package's credential type with three stored credentials. Workflows published by a test are deactivated
 * after it; the server and the folder are removed after the file.
 */
export function setUpEngine() {
	const env = { logs: [] as string[] } as { n8n: InProcessN8n; hubspot: FakeHubspot; accessToken: string; revokedToken: string; logs: string[] };
	const deactivations: Array<() => Promise<void>> = [];
	let removeHome: (() => void) | undefined;

	beforeAll(async () => {
		// n8n's logger writes errors to the console: keep them for the tests to inspect instead of printing them.
		for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
			jest.spyOn(console, level).mockImplementation((...args: unknown[]) => void env.logs.push(args.map(String).join(' ')));
		}
		// n8n's logger (winston) writes straight to the console's underlying streams when it has them.
		const streams = console as unknown as Partial<Record<'_stdout' | '_stderr', NodeJS.WritableStream>>;
		for (const stream of [streams._stdout, streams._stderr]) {
			if (stream) jest.spyOn(stream, 'write').mockImplementation((chunk: unknown) => (env.logs.push(String(chunk)), true));
		}
		removeHome = useTemporaryN8nHome();
		env.accessToken = fakeAccessToken();
		env.revokedToken = fakeAccessToken();
		env.hubspot = await startFakeHubspot(env.accessToken);
		const stored = (id: string, accessToken: string) => ({ id, name: id, type: 'hubspotVisitorIdentificationApi', data: { accessToken, baseUrl: env.hubspot.url } });
		env.n8n = new InProcessN8n({
			credentialTypes: [new HubspotVisitorIdentificationApi()],
			credentials: [stored(CREDENTIAL.valid, env.accessToken), stored(CREDENTIAL.pasted, ` ${env.accessToken}\n`), stored(CREDENTIAL.revoked, env.revokedToken)],
		});
	});

	afterEach(async () => {
		while (deactivations.length > 0) await deactivations.pop()?.();
		env.hubspot.received.length = 0;
		env.hubspot.issuedTokens.length = 0;
	});

	afterAll(async () => {
		await env.hubspot?.stop();
		removeHome?.();
		jest.restoreAllMocks();
	});

	return {
		env,
		/** Saves and activates a workflow, as publishing it in n8n would. */
		async publish(definition: WorkflowDefinition): Promise<string> {
			env.n8n.saveWorkflow(definition);
			const { deactivate } = await env.n8n.activate(definition.id);
			deactivations.push(deactivate);
			return definition.id;
		},
	};
}
