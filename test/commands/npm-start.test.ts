import { NpmCommand } from './support/npm-command';

/**
 * README's quick start: `npm start` on a checkout gives a local n8n with the basic example answering its
 * webhook with tokens from the HubSpot simulator, and the demo page; Ctrl-C takes all of it away.
 */
describe('npm start, as the README describes it', () => {
	let demo: NpmCommand;
	let webhookUrl: string;

	beforeAll(async () => {
		demo = await NpmCommand.start(['start']);
		await demo.waitFor(/Press Ctrl-C to stop\./);
		webhookUrl = demo.printedValue('Webhook URL');
	});

	afterAll(async () => {
		await demo?.forceStop();
	});

	it('uses the HubSpot simulator when no access token is set', () => {
		expect(demo.printed).toMatch(/HubSpot:\s+the HubSpot simulator at http:\/\/127\.0\.0\.1:\d+/);
	});

	it("answers the basic example's webhook with a visitor token, then the same token from the cache", async () => {
		const ask = async (): Promise<{ status: number; body: Record<string, any> }> => {
			const response = await fetch(webhookUrl, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ email: 'Ada.Lovelace@example.com', firstName: 'Ada' }),
			});
			return { status: response.status, body: (await response.json()) as Record<string, any> };
		};
		const first = await ask();
		expect(first.status).toBe(200);
		expect(first.body.hsConversationsSettings.identificationEmail).toBe('ada.lovelace@example.com');
		// The simulator's tokens: 192 random bytes in base64url.
		expect(first.body.hsConversationsSettings.identificationToken).toMatch(/^[A-Za-z0-9_-]{256}$/);
		expect(first.body).not.toHaveProperty('cached');

		const second = await ask();
		// The same token again: from the node's cache (the example does not tell a caller so).
		expect(second.body.hsConversationsSettings.identificationToken).toBe(first.body.hsConversationsSettings.identificationToken);
	});

	it('serves the demo page, pointed at the webhook', async () => {
		const pageUrl = new URL(demo.printedValue('Demo page'));
		expect(pageUrl.searchParams.get('webhook')).toBe(webhookUrl);
		const page = await fetch(pageUrl);
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('<script src="hubspot-visitor-identification.js"></script>');
		const snippet = await fetch(new URL('hubspot-visitor-identification.js', pageUrl));
		expect(snippet.status).toBe(200);
		expect(await snippet.text()).toContain('HubspotVisitorIdentification');
	});

	it('stops on Ctrl-C, leaving no process and no folder behind', async () => {
		await demo.interrupt();
		expect(demo.printed).toContain('[demo] stopping');
		expect(await demo.leftoverProcesses()).toEqual([]);
		expect(await demo.leftoverFiles()).toEqual([]);
		await expect(fetch(webhookUrl)).rejects.toThrow();
	});
});
