// What the n8n editor shows must be what the README documents and what the code then does: parameter and
// option names, defaults and ranges. Written out here from the README, not read from the node's code.
import { NodeHelpers, type INodeProperties } from 'n8n-workflow';

import { HubspotVisitorIdentification } from '../../nodes/HubspotVisitorIdentification/HubspotVisitorIdentification.node';
import { HubspotVisitorIdentificationApi } from '../../credentials/HubspotVisitorIdentificationApi.credentials';
import { HubspotVisitorIdentificationOAuth2Api } from '../../credentials/HubspotVisitorIdentificationOAuth2Api.credentials';
import { InvalidOptionError, readSettings } from '../../nodes/HubspotVisitorIdentification/shared/settings';

// Built inside each test (StrykerJS runs a mutant only against the tests that reached it while running).
const nodeDescription = () => new HubspotVisitorIdentification().description;
const byName = (name: string) => nodeDescription().properties.find((property) => property.name === name) as INodeProperties;
const allOptions = () => (byName('options').options ?? []) as INodeProperties[];
/** The options the editor shows a node of this version, as n8n's own displayParameter decides (@version conditions). */
function optionsShownIn(nodeVersion: number): INodeProperties[] {
	return allOptions().filter((option) => NodeHelpers.displayParameter({}, option, { typeVersion: nodeVersion }, nodeDescription()));
}
const optionList = () => optionsShownIn(1);
const shownForGetToken = { show: { operation: ['getToken'] } };

describe('the node as the editor shows it', () => {
	it('is the HubSpot Visitor Identification node, using the package credential', () => {
		const description = nodeDescription();
		expect(description).toMatchObject({ displayName: 'HubSpot Visitor Identification', name: 'hubspotVisitorIdentification', version: [1, 2], defaultVersion: 2, defaults: { name: 'HubSpot Visitor Identification' } });
		// One HubSpot credential, picked by Authentication; the login provider's only in the Verified ID Token mode.
		expect(description.credentials).toEqual([
			{ name: new HubspotVisitorIdentificationApi().name, required: true, displayOptions: { show: { authentication: ['accessToken'] } } },
			{ name: new HubspotVisitorIdentificationOAuth2Api().name, required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
			{ name: 'hubspotVisitorLoginProviderApi', required: true, testedBy: 'hubspotVisitorLoginProviderApiTest', displayOptions: { show: { identifyBy: ['idToken'] } } },
		]);
		expect(description.inputs).toEqual(['main']);
		expect(description.outputs).toEqual(['main']);
	});

	it('has one operation, Get Token, and the parameters of the README\'s table', () => {
		expect(byName('operation')).toMatchObject({ displayName: 'Operation', type: 'options', default: 'getToken', options: [{ name: 'Get Token', value: 'getToken' }] });
		expect(byName('email')).toMatchObject({ displayName: 'Email', type: 'string', required: true, default: '', displayOptions: shownForGetToken });
		expect(byName('firstName')).toMatchObject({ displayName: 'First Name', type: 'string', default: '', displayOptions: shownForGetToken });
		expect(byName('lastName')).toMatchObject({ displayName: 'Last Name', type: 'string', default: '', displayOptions: shownForGetToken });
		expect(byName('options')).toMatchObject({ type: 'collection', default: {}, displayOptions: shownForGetToken });
		expect(byName('email').description).toContain('at most 254 bytes');
	});

	it('lists the README\'s options with the README\'s defaults', () => {
		const options = optionList();
		expect(Object.fromEntries(options.map((option) => [option.displayName, option.default]))).toEqual({
			'Use Cache': true,
			'Refresh Margin (Minutes)': 60,
			'Max Cache Entries': 1000,
			'API Version': '2026-03',
			'Max Retries': 3,
			'Max Retry Wait (Seconds)': 8,
			'New Visitors per Minute': 60,
			'Timeout (Seconds)': 10,
		});
		expect(options.find((option) => option.name === 'apiVersion')?.options).toEqual([
			{ name: expect.stringContaining('2026-03'), value: '2026-03' },
			{ name: expect.stringContaining('2026-09'), value: '2026-09' },
			{ name: expect.stringContaining('September 2027'), value: 'v3' },
		]);
	});

	it.each([1, 2])('in node version %i, the editor\'s defaults give the same settings as no options at all', (nodeVersion) => {
		const defaults = Object.fromEntries(optionsShownIn(nodeVersion).map((option) => [option.name, option.default]));
		expect(readSettings(defaults, nodeVersion)).toEqual(readSettings({}, nodeVersion));
	});

	it('shows one API Version option per node version: 2026-03 by default in version 1, 2026-09 in version 2, each offering all three lines', () => {
		const apiVersionIn = (nodeVersion: number) => optionsShownIn(nodeVersion).filter((option) => option.name === 'apiVersion');
		expect(apiVersionIn(1).map((option) => option.default)).toEqual(['2026-03']);
		expect(apiVersionIn(2).map((option) => option.default)).toEqual(['2026-09']);
		expect(apiVersionIn(3).map((option) => option.default)).toEqual(['2026-09']);
		for (const nodeVersion of [1, 2]) expect(apiVersionIn(nodeVersion)[0].options?.map((line) => (line as { value: string }).value)).toEqual(['2026-03', '2026-09', 'v3']);
	});

	it('asks for Authentication first: Access Token by default (what every saved workflow used), or OAuth2', () => {
		const properties = nodeDescription().properties;
		expect(properties[0]).toMatchObject({ displayName: 'Authentication', name: 'authentication', type: 'options', default: 'accessToken' });
		expect(properties[0].options?.map((option) => (option as { name: string; value: string }).value)).toEqual(['accessToken', 'oAuth2']);
		expect(properties[0].options?.map((option) => (option as { name: string }).name)).toEqual(['Access Token', 'OAuth2']);
	});

	it('the editor\'s limits are the limits the node accepts', () => {
		const options = optionList();
		for (const option of options.filter((candidate) => candidate.type === 'number')) {
			const { minValue, maxValue } = option.typeOptions ?? {};
			expect(minValue).toEqual(expect.any(Number));
			expect(readSettings({ [option.name]: minValue })).not.toBeInstanceOf(InvalidOptionError);
			expect(readSettings({ [option.name]: (minValue as number) - 1 })).toBeInstanceOf(InvalidOptionError);
			if (maxValue !== undefined) {
				expect(readSettings({ [option.name]: maxValue })).not.toBeInstanceOf(InvalidOptionError);
				expect(readSettings({ [option.name]: (maxValue as number) + 1 })).toBeInstanceOf(InvalidOptionError);
			}
		}
	});
});

describe('the credential as the editor shows it', () => {
	let credential: HubspotVisitorIdentificationApi;
	beforeEach(() => {
		credential = new HubspotVisitorIdentificationApi();
	});

	it('has the README\'s two fields: a secret Access Token and a Base URL defaulting to HubSpot\'s API', () => {
		expect(credential).toMatchObject({ name: 'hubspotVisitorIdentificationApi', displayName: 'HubSpot Visitor Identification API' });
		expect(credential.properties.map((property) => [property.displayName, property.name, property.type, property.default])).toEqual([
			['Access Token', 'accessToken', 'string', ''],
			['Base URL', 'baseUrl', 'string', 'https://api.hubapi.com'],
		]);
		expect(credential.properties[0]).toMatchObject({ typeOptions: { password: true }, required: true });
		expect(credential.properties[0].description).toContain('conversations.visitor_identification.tokens.create');
	});

	it('authenticate() adds the trimmed token as a Bearer header and keeps the request\'s own headers', async () => {
		const request = await credential.authenticate({ accessToken: '  pat-na1-x \n', baseUrl: 'https://api.hubapi.com' }, { url: 'https://api.hubapi.com/x', headers: { Accept: 'application/json' }, disableFollowRedirect: true });
		expect(request).toMatchObject({ url: 'https://api.hubapi.com/x' });
		expect(request.headers).toEqual({ Accept: 'application/json', Authorization: 'Bearer pat-na1-x' });
	});

	it('authenticate() refuses a Base URL that would carry the token over plain http to another machine', async () => {
		await expect(credential.authenticate({ accessToken: 'pat-na1-x', baseUrl: 'http://api.hubapi.com' }, { url: 'http://api.hubapi.com/x' })).rejects.toThrow(/must start with https:\/\//);
	});
});

describe('in Email From the Workflow mode the panel warns that any caller can name any email', () => {
	const notice = () => new HubspotVisitorIdentification().description.properties.find((property) => property.type === 'notice');

	it('shows a notice only in email mode, pointing to Verified ID Token', () => {
		const shown = notice();
		expect(shown?.displayOptions?.show?.identifyBy).toEqual(['email']);
		expect(shown?.displayName).toMatch(/any email/);
		expect(shown?.displayName).toMatch(/Verified ID Token/);
	});
});
