import { LoginProviderStandIn, makeSigningKey } from '../support/login-provider';
import { N8nInstance, pressCredentialTest, setUpOwner } from '../support/n8n';
import { packedTarball, versionsUnderTest } from './support/suite-settings';

/**
 * The Visitor Login Provider API credential's Test button, pressed through n8n's REST API: n8n finds the
 * node's credentialTest method (testedBy) and runs it with its own request helper, against a loopback
 * login provider.
 */
describe.each(versionsUnderTest())('the Visitor Login Provider credential test in n8n %s', (version) => {
	let provider: LoginProviderStandIn;
	let n8n: N8nInstance;
	let cookie: string;

	beforeAll(async () => {
		provider = await LoginProviderStandIn.start({ keys: [makeSigningKey('RSA-2048'), makeSigningKey('P-256'), makeSigningKey('RSA-1024')] });
		n8n = await N8nInstance.create({ version, tarball: packedTarball() });
		await n8n.start();
		({ cookie } = await setUpOwner(n8n.baseUrl));
	}, 300_000);

	afterAll(async () => {
		await n8n?.dispose();
		await provider?.stop();
	});

	const testCredential = (data: Record<string, unknown>) => pressCredentialTest(n8n.baseUrl, cookie, 'hubspotVisitorLoginProviderApi', data);

	it('counts the usable keys it found through discovery (the 1024-bit RSA key does not count)', async () => {
		const result = await testCredential({ issuer: provider.issuer, audience: 'spa-client-id', algorithms: ['RS256', 'ES256'] });
		expect(result).toEqual({ status: 'OK', message: expect.stringMatching(/^Found 2 usable key\(s\) of 3 at http:\/\/127\.0\.0\.1:\d+\/\.well-known\/jwks\.json/) });
		expect(provider.discoveryFetches()).toBeGreaterThanOrEqual(1);
	});

	it('says what is wrong when the provider is down', async () => {
		provider.setOutage('error-503');
		const result = await testCredential({ issuer: provider.issuer, audience: 'spa-client-id' });
		provider.setOutage('none');
		expect(result).toMatchObject({ status: 'Error', message: expect.stringMatching(/answered HTTP 503/) });
	});

	it('refuses plain http to another machine before fetching anything', async () => {
		const result = await testCredential({ issuer: 'http://login.example.com', audience: 'spa-client-id' });
		expect(result).toMatchObject({ status: 'Error', message: expect.stringMatching(/must start with https:\/\//) });
	});
});
