import type { IAuthenticateRuleResponseCode, IAuthenticateRuleResponseSuccessBody, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { REDIRECT_RULES, REDIRECT_STATUSES } from '../nodes/HubspotVisitorIdentification/shared/credentialTestRedirects';
import { REQUIRED_SCOPE } from '../nodes/HubspotVisitorIdentification/shared/hubspotFailure';
import { CURRENT_API_VERSION } from '../nodes/HubspotVisitorIdentification/shared/settings';

/** HubSpot's documented answer for accounts below Professional. */
const TIER_MESSAGE = 'Access to the Visitor Identification API requires a Professional or Enterprise level subscription';

/**
 * HubSpot asks for `oauth` beside an app's own scopes, and the install URL's scope list must equal the app's
 * required scopes exactly: the app is set up with these two and no other required scope.
 */
export const OAUTH_SCOPES = ['oauth', REQUIRED_SCOPE];

/**
 * n8n signs an OAuth2 credential's requests itself (a credential's own authenticate() is not used for them), so
 * the Test's address is checked here, in the same terms as the node's Base URL check: https anywhere, http only
 * to this machine. Any other Base URL is replaced by a reserved name that never resolves (RFC 2606), so the
 * access token is never sent over plain http to another machine.
 */
const TESTED_BASE_URL =
	'={{ (/^https:\\/\\//i.test($credentials.baseUrl.trim()) || /^http:\\/\\/(localhost|127(\\.\\d{1,3}){3}|\\[::1\\])(:\\d+)?(\\/|$)/i.test($credentials.baseUrl.trim())) ? $credentials.baseUrl.trim().replace(/\\/+$/, "") : "https://base-url-must-use-https.invalid" }}';

export class HubspotVisitorIdentificationOAuth2Api implements ICredentialType {
	name = 'hubspotVisitorIdentificationOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'HubSpot Visitor Identification OAuth2 API';

	icon = {
		light: 'file:hubspotVisitorIdentification.svg',
		dark: 'file:hubspotVisitorIdentification.dark.svg',
	} as const;

	documentationUrl = 'https://github.com/n8n-nodes-hubspot-visitor-identification/n8n-nodes-hubspot-visitor-identification#hubspot-setup';

	properties: INodeProperties[] = [
		{
			// n8n's own line under the redirect URL says "In HubSpot Visitor Identification"; this says where in HubSpot.
			displayName: `In your HubSpot app's Auth settings: add the OAuth Redirect URL shown here, copy the app's Client ID and Client Secret into the fields below, and set the app's required scopes to exactly ${OAUTH_SCOPES.join(' and ')}. Then click Connect my account.`,
			name: 'setupNotice',
			type: 'notice',
			default: '',
		},
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'authorizationCode' },
		{ displayName: 'Authorization URL', name: 'authUrl', type: 'hidden', default: 'https://app.hubspot.com/oauth/authorize', required: true },
		{ displayName: 'Access Token URL', name: 'accessTokenUrl', type: 'hidden', default: 'https://api.hubapi.com/oauth/v1/token', required: true },
		{ displayName: 'Scope', name: 'scope', type: 'hidden', default: OAUTH_SCOPES.join(' ') },
		// HubSpot's authorize URL takes client_id, redirect_uri, scope and state, which n8n adds itself.
		{ displayName: 'Auth URI Query Parameters', name: 'authQueryParameters', type: 'hidden', default: '' },
		// HubSpot reads client_id and client_secret from the form body of its token requests.
		{ displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'body' },
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.hubapi.com',
			description: 'HubSpot\'s API address. Change it only to go through a proxy: it must use https:// (http:// only for this machine).',
		},
	];

	// As the access-token credential's Test: asks for a visitor token for a reserved example.com address on the line
	// the newest node version calls, and tells HubSpot's answers apart by their own fields. n8n renews an expired
	// access token only for requests that throw, and this one reads every status as an answer.
	test: ICredentialTestRequest = {
		request: {
			baseURL: TESTED_BASE_URL,
			url: `/visitor-identification/${CURRENT_API_VERSION}/tokens/create`,
			method: 'POST',
			body: { email: 'n8n-credential-test@example.com' },
			json: true,
			// A redirect would carry the access token to wherever it points.
			disableFollowRedirect: true,
			ignoreHttpStatusErrors: { ignore: true, except: REDIRECT_STATUSES },
		},
		// Both kinds of rule in one list, as n8n's tester reads them (its type wants one kind per list).
		rules: [
			...REDIRECT_RULES,
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'category',
					value: 'INVALID_AUTHENTICATION',
					message: 'HubSpot did not accept the access token (401). Either the app was uninstalled or its access revoked, or the access token expired: HubSpot\'s last about 30 minutes, and n8n renews them when the node runs but not for this Test. Reconnect the credential, then test again.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'category',
					value: 'MISSING_SCOPES',
					message: `The app's access token lacks the scope ${REQUIRED_SCOPE}. Add it to the app's required scopes in HubSpot, then reconnect the credential.`,
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'message',
					value: TIER_MESSAGE,
					message: 'HubSpot refused visitor identification for this account: it needs a Professional or Enterprise subscription.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'errorType',
					value: 'RATE_LIMIT',
					message: 'HubSpot\'s rate limit was exceeded, so the token could not be checked. Test again in a few seconds.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'token',
					value: undefined,
					message: `HubSpot did not create a visitor token. Check that the account has a Professional or Enterprise subscription, that the app has the scope ${REQUIRED_SCOPE}, and that the Base URL is right (it must answer itself: a redirect is never followed).`,
				},
			},
		] as Array<IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody> as ICredentialTestRequest['rules'],
	};
}
