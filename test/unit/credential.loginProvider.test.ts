// The Visitor Login Provider API credential as the editor shows it: the README's fields, names and defaults
// (written out here from the README's table, not read from the code), and an editor that asks for, limits
// and hides exactly what the node itself requires, accepts and keeps secret. The credential is built inside
// each test: StrykerJS runs a mutant only against the tests that reached it while running.
import type { INodeProperties } from 'n8n-workflow';

import { HubspotVisitorLoginProviderApi } from '../../credentials/HubspotVisitorLoginProviderApi.credentials';
import { HubspotVisitorIdentification } from '../../nodes/HubspotVisitorIdentification/HubspotVisitorIdentification.node';
import { LOGIN_PROVIDER_CREDENTIAL_TYPE, LoginProviderProblem, MIN_SHARED_SECRET_BYTES, readLoginProvider } from '../../nodes/HubspotVisitorIdentification/shared/idToken/loginProvider';

const fieldsOf = () => new HubspotVisitorLoginProviderApi().properties;
const field = (name: string) => fieldsOf().find((property) => property.name === name) as INodeProperties;
const editorDefaults = () => Object.fromEntries(fieldsOf().map((property) => [property.name, property.default]));
/** The two fields a user must fill in, filled in. */
const filledIn = { issuer: 'https://login.example.com/', audience: 'client-123' };

describe('the Visitor Login Provider API credential as the editor shows it', () => {
	it('is the README\'s credential, and the one the node asks for and reads', () => {
		const credential = new HubspotVisitorLoginProviderApi();
		expect(credential).toMatchObject({ name: 'hubspotVisitorLoginProviderApi', displayName: 'Visitor Login Provider API' });
		// The node lists it under this name, and reads its fields under the same one when it runs.
		expect(new HubspotVisitorIdentification().description.credentials?.map((entry) => entry.name)).toContain(credential.name);
		expect(LOGIN_PROVIDER_CREDENTIAL_TYPE).toBe(credential.name);
	});

	it('has the README\'s fields, in its order, with its defaults', () => {
		expect(fieldsOf().map((property) => [property.displayName, property.name, property.type, property.default])).toEqual([
			['Issuer', 'issuer', 'string', ''],
			['Audience', 'audience', 'string', ''],
			['JWKS URL', 'jwksUrl', 'string', ''],
			['Algorithms', 'algorithms', 'multiOptions', ['RS256', 'ES256']],
			['Shared Secret', 'sharedSecret', 'string', ''],
			['Email Claim', 'emailClaim', 'string', 'email'],
			['Require Verified Email', 'requireVerifiedEmail', 'boolean', true],
			['Email Verified Claim', 'emailVerifiedClaim', 'string', ''],
			[expect.stringMatching(/^Clock Tolerance \(Seconds\)$/), 'clockToleranceSeconds', 'number', 60],
		]);
	});

	it('offers the README\'s algorithms, and never a shared-secret one or "none"', () => {
		const choices = (field('algorithms').options ?? []) as Array<{ name: string; value: string }>;
		expect(choices.map((choice) => choice.value).sort()).toEqual(['ES256', 'ES384', 'ES512', 'EdDSA', 'PS256', 'PS384', 'PS512', 'RS256', 'RS384', 'RS512']);
		for (const choice of choices) expect(choice.name).toBe(choice.value);
	});

	it('the editor\'s defaults give the same settings as leaving the fields out', () => {
		const fromEditor = readLoginProvider({ ...editorDefaults(), ...filledIn });
		expect(fromEditor).not.toBeInstanceOf(LoginProviderProblem);
		expect(fromEditor).toEqual(readLoginProvider(filledIn));
		// The README's promises about those defaults, as the node applies them.
		expect(fromEditor).toMatchObject({ jwksUrl: undefined, sharedSecret: undefined, emailClaim: 'email', requireVerifiedEmail: true, emailVerifiedClaim: 'email_verified', clockToleranceSeconds: 60, algorithms: ['RS256', 'ES256'] });
	});

	it('shows Email Verified Claim only while Require Verified Email is on, with the claim the default Email Claim uses as example', () => {
		expect(field('emailVerifiedClaim').displayOptions).toEqual({ show: { requireVerifiedEmail: [true] } });
		expect(field('emailVerifiedClaim').placeholder).toBe('email_verified');
		expect(readLoginProvider({ ...filledIn, emailVerifiedClaim: field('emailVerifiedClaim').placeholder })).toEqual(readLoginProvider(filledIn));
	});

	it('marks as required exactly the fields the node cannot do without', () => {
		const defaults = editorDefaults();
		const required = fieldsOf().filter((property) => property.required === true).map((property) => property.name);
		expect(required).toEqual(['issuer', 'audience']);
		// Left at its default (the other fields filled in), a required field makes the credential unusable; any other does not.
		for (const property of fieldsOf()) {
			const leftEmpty = readLoginProvider({ ...defaults, ...filledIn, [property.name]: property.default });
			expect([property.name, leftEmpty instanceof LoginProviderProblem]).toEqual([property.name, required.includes(property.name)]);
		}
	});

	it('limits Clock Tolerance to what the node accepts', () => {
		const { minValue, maxValue } = field('clockToleranceSeconds').typeOptions ?? {};
		expect([minValue, maxValue]).toEqual([expect.any(Number), expect.any(Number)]);
		const accepts = (seconds: number) => !(readLoginProvider({ ...filledIn, clockToleranceSeconds: seconds }) instanceof LoginProviderProblem);
		expect([accepts(minValue as number), accepts((minValue as number) - 1)]).toEqual([true, false]);
		expect([accepts(maxValue as number), accepts((maxValue as number) + 1)]).toEqual([true, false]);
	});

	it('hides the Shared Secret as a password, and only it (the other fields are public settings)', () => {
		const hidden = fieldsOf().filter((property) => property.typeOptions?.password === true).map((property) => property.name);
		expect(hidden).toEqual(['sharedSecret']);
	});

	it('tells the Shared Secret\'s minimum length the node enforces', () => {
		expect(field('sharedSecret').description).toContain(`At least ${MIN_SHARED_SECRET_BYTES} characters`);
		const secret = (length: number) => readLoginProvider({ ...filledIn, sharedSecret: 'x'.repeat(length) });
		expect(secret(MIN_SHARED_SECRET_BYTES)).not.toBeInstanceOf(LoginProviderProblem);
		expect(secret(MIN_SHARED_SECRET_BYTES - 1)).toBeInstanceOf(LoginProviderProblem);
	});

	it('shows as examples in the empty fields a setting the node accepts: an issuer, a client id and that issuer\'s JWKS', () => {
		const example = { issuer: field('issuer').placeholder, audience: field('audience').placeholder, jwksUrl: field('jwksUrl').placeholder };
		const provider = readLoginProvider(example);
		expect(provider).not.toBeInstanceOf(LoginProviderProblem);
		expect(provider).toMatchObject({ issuer: example.issuer, audiences: [example.audience], jwksUrl: example.jwksUrl });
		expect(new URL(example.jwksUrl as string).origin).toBe(new URL(example.issuer as string).origin);
	});
});
