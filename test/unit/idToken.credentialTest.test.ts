import { testLoginProviderCredential } from '../../nodes/HubspotVisitorIdentification/shared/idToken/credentialCheck';
import { HubspotVisitorIdentification } from '../../nodes/HubspotVisitorIdentification/HubspotVisitorIdentification.node';
import { HubspotVisitorLoginProviderApi } from '../../credentials/HubspotVisitorLoginProviderApi.credentials';
import { LoginProviderStandIn, loopbackFetcher, makeSigningKey } from '../support/login-provider';

let provider: LoginProviderStandIn;

beforeAll(async () => {
	provider = await LoginProviderStandIn.start({ keys: [makeSigningKey('RSA-2048'), makeSigningKey('RSA-2048'), makeSigningKey('P-256'), makeSigningKey('RSA-1024'), makeSigningKey('Ed25519')] });
});
afterAll(async () => await provider.stop());
beforeEach(() => provider.setOutage('none'));

const check = async (fields: Record<string, unknown>) => await testLoginProviderCredential({ issuer: provider.issuer, audience: 'client-123', ...fields }, loopbackFetcher(500));

describe('the credential test says how many usable keys it found, or what is wrong', () => {
	it('counts the keys that fit the allowed algorithms (a 1024-bit RSA key does not count)', async () => {
		expect(await check({})).toEqual({ status: 'OK', message: expect.stringMatching(/^Found 3 usable key\(s\) of 5 at .*jwks\.json for RS256, ES256\.$/) });
		expect(await check({ algorithms: ['EdDSA'] })).toMatchObject({ status: 'OK', message: expect.stringMatching(/^Found 1 usable/) });
	});

	it('fails when no key fits', async () => {
		expect(await check({ algorithms: ['ES384'] })).toMatchObject({ status: 'Error', message: expect.stringMatching(/publishes 5 key\(s\), none usable for ES384/) });
	});

	it.each([
		['error-503', /answered HTTP 503/],
		['not-json', /did not answer with a JSON object/],
		['redirect', /redirect/],
	] as const)('reports an unreachable or broken provider (%s)', async (outage, reason) => {
		provider.setOutage(outage);
		expect(await check({})).toMatchObject({ status: 'Error', message: expect.stringMatching(reason) });
	});

	it('reports a credential the node could not use, by field', async () => {
		expect(await check({ issuer: 'http://login.example.com' })).toMatchObject({ status: 'Error', message: expect.stringMatching(/https:\/\//) });
		expect(await check({ sharedSecret: 'x'.repeat(40) })).toMatchObject({ status: 'OK', message: expect.stringMatching(/Shared Secret/) });
	});

	it('refuses a custom Email Claim with Require Verified Email on and no Email Verified Claim, and takes one with it', async () => {
		expect(await check({ emailClaim: 'work_email' })).toMatchObject({ status: 'Error', message: expect.stringContaining('no Email Verified Claim is given') });
		expect(await check({ emailClaim: 'work_email', emailVerifiedClaim: 'work_email_verified' })).toMatchObject({ status: 'OK' });
		expect(await check({ emailClaim: 'work_email', requireVerifiedEmail: false })).toMatchObject({ status: 'OK' });
	});

	it('is wired as the node\'s credentialTest for the credential, which exposes exactly the public field names', () => {
		const node = new HubspotVisitorIdentification();
		const entry = node.description.credentials?.find((credential) => credential.name === 'hubspotVisitorLoginProviderApi');
		expect(entry).toMatchObject({ required: true, testedBy: 'hubspotVisitorLoginProviderApiTest', displayOptions: { show: { identifyBy: ['idToken'] } } });
		expect(typeof node.methods.credentialTest[entry?.testedBy as 'hubspotVisitorLoginProviderApiTest']).toBe('function');
		expect(new HubspotVisitorLoginProviderApi().properties.map((property) => property.name)).toEqual([
			'issuer', 'audience', 'jwksUrl', 'algorithms', 'sharedSecret', 'emailClaim', 'requireVerifiedEmail', 'emailVerifiedClaim', 'clockToleranceSeconds',
		]);
	});
});
