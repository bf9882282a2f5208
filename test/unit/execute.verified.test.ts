import { NodeOperationError } from 'n8n-workflow';

import { forgetPublishedKeys, keyFetchesSettled } from '../../nodes/HubspotVisitorIdentification/shared/idToken/jwks';
import { errorsOf, jsonOf, runNode, type RunSetup } from '../support/executeContext';
import { HOUR, takeOverClock } from '../support/fakeClock';
import { encodeSegment, LoginProviderStandIn, makeSigningKey, signToken, type SigningKey } from '../support/login-provider';

let time: ReturnType<typeof takeOverClock>;
let key: SigningKey;
let provider: LoginProviderStandIn;

beforeAll(async () => {
	key = makeSigningKey('RSA-2048');
	provider = await LoginProviderStandIn.start({ keys: [key] });
});
afterAll(async () => await provider.stop());
beforeEach(() => {
	time = takeOverClock();
	forgetPublishedKeys();
	provider.setOutage('none');
	provider.fetches.length = 0;
});
afterEach(async () => {
	provider.setOutage('none');
	provider.releaseHeld();
	await keyFetchesSettled();
	time.release();
});

function idToken(overrides: Record<string, unknown> = {}, signer: SigningKey = key): string {
	const now = Math.floor(time.now / 1000);
	const claims: Record<string, unknown> = { iss: provider.issuer, aud: 'client-123', sub: 'auth0|ada', exp: now + 600, email: 'Ada@Example.com', email_verified: true, given_name: 'Ada', family_name: 'Lovelace', ...overrides };
	return signToken(claims, { alg: 'RS256', key: signer.privateKey }, { kid: signer.kid });
}

function verified(items: RunSetup['items'], extra: Partial<RunSetup> = {}): RunSetup {
	return { identifyBy: 'idToken', loginProvider: { issuer: provider.issuer, audience: 'client-123' }, items, ...extra };
}

describe('Identify By "Verified ID Token": the email comes only from the verified token', () => {
	it('gets a token for the token\'s email, with names from its claims, subject and issuer in the output', async () => {
		const result = await runNode(verified([{ idToken: `Bearer ${idToken()}`, email: 'someone-else@example.com' }]));
		const [item] = jsonOf(result);
		expect(item).toMatchObject({ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', subject: 'auth0|ada', issuer: provider.issuer, cached: false });
		expect(result.requests[0].options.body).toEqual({ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' });
	});

	it('lets First/Last Name parameters override the name claims', async () => {
		const result = await runNode(verified([{ idToken: idToken(), firstName: 'Augusta', lastName: '' }]));
		expect(jsonOf(result)[0]).toMatchObject({ firstName: 'Augusta', lastName: 'Lovelace' });
	});

	it('fetches the keys through n8n\'s HTTP helper with a timeout and without following redirects', async () => {
		const result = await runNode(verified([{ idToken: idToken() }], { options: { timeoutSeconds: 7 } }));
		expect(provider.fetches).toEqual(['/.well-known/openid-configuration', '/.well-known/jwks.json']);
		expect(result.keyRequests.map((request) => request.url)).toEqual([`${provider.issuer}/.well-known/openid-configuration`, provider.jwksUrl]);
		for (const request of result.keyRequests) expect(request).toMatchObject({ method: 'GET', timeout: 7000, disableFollowRedirect: true });
	});

	it('keeps the email mode exactly as before: no subject or issuer', async () => {
		const [item] = jsonOf(await runNode({ items: [{ email: 'a@example.com' }] }));
		expect(item).not.toHaveProperty('subject');
		expect(item).not.toHaveProperty('issuer');
	});
});

describe('a refused token: its own error item, no HubSpot call, other items unaffected', () => {
	it.each([
		['missing', 'ID_TOKEN_MISSING', () => undefined, 401],
		['signed by a stranger', 'ID_TOKEN_KEY_NOT_FOUND', () => idToken({}, makeSigningKey('RSA-2048')), 401],
		['expired', 'ID_TOKEN_EXPIRED', () => idToken({ exp: Math.floor(time.now / 1000) - 3600 }), 401],
		['for another app', 'ID_TOKEN_WRONG_AUDIENCE', () => idToken({ aud: 'another-app' }), 401],
		['with an unverified email', 'ID_TOKEN_EMAIL_UNVERIFIED', () => idToken({ email_verified: false }), 403],
	])('%s → %s', async (_what, code, make, status) => {
		const refused = make();
		const result = await runNode(verified([{ idToken: idToken({ email: 'first@example.com' }) }, { idToken: refused }, { idToken: idToken({ email: 'third@example.com' }) }], { continueOnFail: true }));
		const errors = errorsOf(result);
		expect(errors[1]).toMatchObject({ errorCode: code, httpStatus: status, message: expect.stringMatching(/^Item 1: The ID token was refused/) });
		expect(errors[0]).toBeUndefined();
		expect(errors[2]).toBeUndefined();
		expect(result.requests.map((request) => (request.options.body as { email: string }).email)).toEqual(['first@example.com', 'third@example.com']);
	});

	it('a token nesting its "iss" thousands of levels deep (about 12 KB, unsigned) is its item\'s 401 ID_TOKEN_MALFORMED, not a failed execution', async () => {
		const deep = `${'['.repeat(5500)}${']'.repeat(5500)}`;
		const unsigned = `${encodeSegment({ alg: 'none' })}.${encodeSegment(`{"iss":${deep},"aud":"client-123","exp":${Math.floor(time.now / 1000) + 600}}`)}.`;
		const result = await runNode(verified([{ idToken: idToken({ email: 'first@example.com' }) }, { idToken: unsigned }, { idToken: idToken({ email: 'third@example.com' }) }], { continueOnFail: true }));
		expect(result.error).toBeUndefined();
		const errors = errorsOf(result);
		expect(errors[1]).toMatchObject({ errorCode: 'ID_TOKEN_MALFORMED', httpStatus: 401, message: expect.stringMatching(/^Item 1: The ID token was refused \(format\): the payload nests 5501 levels deep/) });
		expect(result.requests.map((request) => (request.options.body as { email: string }).email)).toEqual(['first@example.com', 'third@example.com']);
	});

	it('answers 503 when the login provider\'s keys cannot be had, and calls HubSpot for nobody', async () => {
		provider.setOutage('error-503');
		const result = await runNode(verified([{ idToken: idToken() }], { continueOnFail: true }));
		expect(errorsOf(result)[0]).toMatchObject({ errorCode: 'ID_TOKEN_KEYS_UNAVAILABLE', httpStatus: 503 });
		expect(result.requests).toHaveLength(0);
	});

	it('fails the node with a message naming the check when On Error is "Stop Workflow"', async () => {
		const result = await runNode(verified([{ idToken: idToken({ iss: 'https://evil.example' }) }]));
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toMatch(/^Item 0: The ID token was refused \(issuer\)/);
		expect(result.requests).toHaveLength(0);
	});

	it('a custom Email Claim with Require Verified Email and no Email Verified Claim fails the node before any token is trusted', async () => {
		const token = idToken({ work_email: 'ceo@victim.example', email_verified: true });
		const result = await runNode(verified([{ idToken: token }], { loginProvider: { issuer: provider.issuer, audience: 'client-123', emailClaim: 'work_email' } }));
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toContain('Email Claim is "work_email" and Require Verified Email is on, but no Email Verified Claim is given');
		expect(result.requests).toHaveLength(0);
	});

	it('fails the whole node on a credential it cannot use, naming the field', async () => {
		const result = await runNode(verified([{ idToken: idToken() }], { loginProvider: { issuer: provider.issuer, audience: '' } }));
		expect(result.error?.message).toMatch(/no Audience/);
	});
});

describe('the ID token is kept nowhere', () => {
	it('is absent from output, static data and errors, after accepted and refused tokens alike', async () => {
		const good = idToken();
		const expired = idToken({ exp: Math.floor(time.now / 1000) - 3600 });
		const staticData = {};
		const first = await runNode(verified([{ idToken: good }, { idToken: expired }], { continueOnFail: true, staticData }));
		const second = await runNode(verified([{ idToken: good }], { staticData }));
		const thrown = await runNode(verified([{ idToken: expired }]));
		const everything = JSON.stringify([first.output, second.output, staticData, thrown.error?.message, (thrown.error as NodeOperationError).description]);
		for (const token of [good, expired]) {
			for (const part of token.split('.')) expect(everything).not.toContain(part.slice(0, 24));
		}
		expect(jsonOf(second)[0]).toMatchObject({ cached: true });
	});
});

describe('a key refresh never holds a visitor while the keys at hand are usable', () => {
	/** Turns of the event loop: enough for an execution that waits on nothing but HubSpot's stand-in. */
	async function ticks(): Promise<'still waiting'> {
		for (let turn = 0; turn < 50; turn++) await new Promise((resolve) => setImmediate(resolve));
		return 'still waiting';
	}

	it('an hour on, with the login provider hanging, the visitor gets a token at once; each document is refreshed once, beside', async () => {
		await runNode(verified([{ idToken: idToken() }]));
		time.advance(HOUR);
		provider.setOutage('hang');
		const run = runNode(verified([{ idToken: idToken({ email: 'grace@example.com' }) }, { idToken: idToken({ email: 'alan@example.com' }) }]));
		const result = await Promise.race([run, ticks()]);
		expect(result).not.toBe('still waiting');
		expect(jsonOf(result as Awaited<typeof run>).map((item) => item.email)).toEqual(['grace@example.com', 'alan@example.com']);
		// The refreshes started with the execution and are still waiting for the provider's answer.
		while (provider.heldCount() < 2) await new Promise((resolve) => setTimeout(resolve, 5));
		provider.setOutage('none');
		provider.releaseHeld();
		await keyFetchesSettled();
		expect(provider.fetches).toEqual(['/.well-known/openid-configuration', '/.well-known/jwks.json', '/.well-known/openid-configuration', '/.well-known/jwks.json']);
	});
});
