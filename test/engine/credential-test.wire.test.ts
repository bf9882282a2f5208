// The HubSpot credential's Test button as it reaches the wire, through n8n-core's RoutingNode and HTTP
// client (support/credentialTest.ts): the request asks for a JSON answer and sends the reserved address as
// JSON. HubSpot is a small local server that records every header (the shared fake HubSpot records fewer).
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

import { HubspotVisitorIdentificationApi } from '../../credentials/HubspotVisitorIdentificationApi.credentials';
import { fakeAccessToken } from './support/engineFixture';
import { pressTestButton } from './support/credentialTest';
import { useTemporaryN8nHome } from './support/n8nHome';

interface Seen {
	method?: string;
	url?: string;
	headers: IncomingHttpHeaders;
	body: string;
}

const seen: Seen[] = [];
const server = createServer((request, response) => {
	let body = '';
	request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
	request.on('end', () => {
		seen.push({ method: request.method, url: request.url, headers: request.headers, body });
		response.writeHead(200, { 'content-type': 'application/json' });
		response.end(JSON.stringify({ token: 'visitor-token' }));
	});
});
let baseUrl: string;
let removeHome: () => void;

beforeAll(async () => {
	removeHome = useTemporaryN8nHome();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
	await new Promise<void>((resolve) => server.close(() => resolve()));
	removeHome();
});

describe('the HubSpot credential\'s Test button on the wire', () => {
	it('POSTs the reserved test address as JSON, asks for a JSON answer and carries the token', async () => {
		const accessToken = fakeAccessToken();
		// Built here, not at the file's top level: StrykerJS runs a mutant only against the tests that reached it.
		await expect(pressTestButton(new HubspotVisitorIdentificationApi(), { accessToken, baseUrl })).resolves.toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(seen).toHaveLength(1);
		const [request] = seen;
		expect(request).toMatchObject({ method: 'POST', url: '/visitor-identification/2026-09/tokens/create' });
		// JSON only (n8n's client would otherwise send axios's "application/json, text/plain, */*").
		expect(request.headers.accept).toBe('application/json');
		expect(request.headers['content-type']).toMatch(/^application\/json/);
		expect(JSON.parse(request.body)).toEqual({ email: 'n8n-credential-test@example.com' });
		expect(request.headers.authorization).toBe(`Bearer ${accessToken}`);
	});
});
