// The OAuth2 credential as n8n reads it: the oAuth2Api fields HubSpot needs, hidden as n8n's OAuth2 credentials
// hide them, and a Test that tells apart what the access-token credential's Test tells apart.
import type { INodeProperties } from 'n8n-workflow';

import { HubspotVisitorIdentificationApi } from '../../credentials/HubspotVisitorIdentificationApi.credentials';
import { HubspotVisitorIdentificationOAuth2Api } from '../../credentials/HubspotVisitorIdentificationOAuth2Api.credentials';
import { APP_CREDENTIAL_TYPE } from '../../nodes/HubspotVisitorIdentification/shared/hubspotConnection';

const byName = (credential: HubspotVisitorIdentificationOAuth2Api, name: string) => credential.properties.find((property) => property.name === name) as INodeProperties;

describe('the HubSpot Visitor Identification OAuth2 API credential', () => {
	it('extends n8n\'s OAuth2 credential under the name the node asks for', () => {
		const credential = new HubspotVisitorIdentificationOAuth2Api();
		expect(credential).toMatchObject({ name: APP_CREDENTIAL_TYPE, displayName: 'HubSpot Visitor Identification OAuth2 API', extends: ['oAuth2Api'] });
		expect(credential.name).toBe('hubspotVisitorIdentificationOAuth2Api');
		expect(credential.icon).toEqual(new HubspotVisitorIdentificationApi().icon);
		expect(credential.documentationUrl).toMatch(/^https:\/\/github\.com\/.+#hubspot-setup$/);
	});

	it('hides HubSpot\'s authorize and token URLs, the scopes, the grant and the client authentication', () => {
		const credential = new HubspotVisitorIdentificationOAuth2Api();
		const hidden = credential.properties.filter((property) => property.type === 'hidden').map((property) => [property.name, property.default]);
		expect(Object.fromEntries(hidden)).toEqual({
			grantType: 'authorizationCode',
			authUrl: 'https://app.hubspot.com/oauth/authorize',
			accessTokenUrl: 'https://api.hubapi.com/oauth/v1/token',
			scope: 'oauth conversations.visitor_identification.tokens.create',
			authQueryParameters: '',
			authentication: 'body',
		});
	});

	it('shows a set-up notice and the Base URL beside n8n\'s Client ID and Client Secret, defaulting to HubSpot\'s API', () => {
		const credential = new HubspotVisitorIdentificationOAuth2Api();
		expect(credential.properties.filter((property) => property.type !== 'hidden').map((property) => [property.name, property.type, property.default])).toEqual([
			['setupNotice', 'notice', ''],
			['baseUrl', 'string', 'https://api.hubapi.com'],
		]);
		// The notice says where in HubSpot the redirect URL goes and which required scopes the app must have.
		expect(credential.properties[0].displayName).toMatch(/HubSpot app's Auth settings: add the OAuth Redirect URL/);
		expect(credential.properties[0].displayName).toContain('exactly oauth and conversations.visitor_identification.tokens.create');
		expect(byName(credential, 'baseUrl').description).toMatch(/https:\/\/.*http:\/\/ only for this machine/);
	});

	it('tests on HubSpot\'s current line, reading every status but a redirect as an answer and following no redirect', () => {
		const { request } = new HubspotVisitorIdentificationOAuth2Api().test;
		expect(request).toMatchObject({ url: '/visitor-identification/2026-09/tokens/create', method: 'POST', body: { email: 'n8n-credential-test@example.com' }, json: true, ignoreHttpStatusErrors: { ignore: true, except: [301, 302, 303, 307, 308] }, disableFollowRedirect: true });
		// Both credentials' Tests call the same line.
		expect(new HubspotVisitorIdentificationApi().test.request.url).toBe(request.url);
	});

	it('has a rule for every answer the access-token credential\'s Test tells apart, in the same order', () => {
		const keysOf = (rules: HubspotVisitorIdentificationOAuth2Api['test']['rules']) => (rules ?? []).map((rule) => (rule.type === 'responseSuccessBody' ? [rule.properties.key, rule.properties.value] : [rule.type]));
		expect(keysOf(new HubspotVisitorIdentificationOAuth2Api().test.rules)).toEqual(keysOf(new HubspotVisitorIdentificationApi().test.rules));
	});
});
