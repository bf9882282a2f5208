import type {
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { checkBaseUrl } from '../nodes/HubspotVisitorIdentification/shared/baseUrl';
import { REDIRECT_RULES, REDIRECT_STATUSES } from '../nodes/HubspotVisitorIdentification/shared/credentialTestRedirects';
import { REQUIRED_SCOPE } from '../nodes/HubspotVisitorIdentification/shared/hubspotFailure';
import { CURRENT_API_VERSION } from '../nodes/HubspotVisitorIdentification/shared/settings';

/** HubSpot's documented answer for accounts below Professional. */
const TIER_MESSAGE = 'Access to the Visitor Identification API requires a Professional or Enterprise level subscription';

/**
 * Where a request will go, as n8n's HTTP client will send it: `url` on its own, or relative to `baseURL`
 * (n8n's credential test passes the test request that way). The legacy request helper names them
 * `uri` and `baseUrl`. Undefined when it cannot be told: such a request gets no token.
 */
function requestOrigin(requestOptions: IHttpRequestOptions): string | undefined {
	const legacy = requestOptions as { uri?: unknown; baseUrl?: unknown };
	const url = requestOptions.url ?? legacy.uri;
	const baseURL = requestOptions.baseURL ?? legacy.baseUrl;
	if (typeof url !== 'string') return undefined;
	try {
		return new URL(url, typeof baseURL === 'string' ? baseURL : undefined).origin;
	} catch {
		return undefined;
	}
}

/**
 * Whether n8n's HTTP client would follow a redirect with this request. n8n copies the Authorization header
 * to wherever a redirect points, even another host over plain http, so the token goes only on requests that
 * say they will not. The legacy request helper (`uri`) follows redirects of GET and HEAD unless
 * `followRedirect: false`, and of any method with `followAllRedirects`; the current one (`url`) follows unless
 * `disableFollowRedirect: true`. `maxRedirects: 0` stops both.
 */
function followsRedirects(requestOptions: IHttpRequestOptions): boolean {
	const legacy = requestOptions as { uri?: unknown; followRedirect?: unknown; followAllRedirects?: unknown };
	if (requestOptions.maxRedirects === 0) return false;
	if (requestOptions.url === undefined && legacy.uri !== undefined) {
		if (legacy.followAllRedirects === true) return true;
		const method = (requestOptions.method ?? 'GET').toUpperCase();
		return legacy.followRedirect !== false && (method === 'GET' || method === 'HEAD');
	}
	return requestOptions.disableFollowRedirect !== true;
}

/** The redirect statuses n8n's client would otherwise follow; the Test names the one it got. */
export class HubspotVisitorIdentificationApi implements ICredentialType {
	name = 'hubspotVisitorIdentificationApi';

	displayName = 'HubSpot Visitor Identification API';

	icon = {
		light: 'file:hubspotVisitorIdentification.svg',
		dark: 'file:hubspotVisitorIdentification.dark.svg',
	} as const;

	documentationUrl = 'https://github.com/n8n-nodes-hubspot-visitor-identification/n8n-nodes-hubspot-visitor-identification#hubspot-setup';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: `The access token of your HubSpot app (developer platform, static auth) or of a legacy private app (no new ones since Oct 2026; unsupported from Sept 2027). It needs the scope ${REQUIRED_SCOPE}, and the account must be Professional or Enterprise. Service keys (beta) may not offer it. For OAuth, use the HubSpot Visitor Identification OAuth2 API credential instead.`,
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.hubapi.com',
			description: 'HubSpot\'s API address. Change it only to go through a proxy: it must use https:// (http:// only for this machine).',
		},
	];

	// A function rather than a header template, so the token is never attached to a request that would carry
	// it over plain http to another machine, nor to any machine but the Base URL's (this credential can be
	// picked in any node that accepts a predefined credential, e.g. the HTTP Request node).
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const base = checkBaseUrl(credentials.baseUrl);
		if (!base.ok) throw new Error(base.problem);
		if (requestOrigin(requestOptions) !== base.origin) {
			throw new Error('The HubSpot Visitor Identification credential sends its access token only to the host of its Base URL, and this request goes elsewhere, so it was not sent. Use the credential only for requests to its Base URL.');
		}
		if (followsRedirects(requestOptions)) {
			throw new Error('The HubSpot Visitor Identification credential sends its access token only on requests that do not follow redirects (a redirect would carry it to another host), and this request would, so it was not sent. Turn off the request\'s Follow Redirects option.');
		}
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.accessToken).trim()}` },
		};
	}

	// n8n's built-in HubSpot credential test reads account details, which passes for tokens that cannot create
	// visitor tokens. This one asks for a token for a reserved example.com address. n8n hands the rules only
	// the response body, so HTTP errors are read as bodies and told apart by HubSpot's own fields.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ $credentials.baseUrl.trim().replace(/\\/+$/, "") }}',
			// The line the newest node version calls: a Test cannot know which node version will use the credential.
			url: `/visitor-identification/${CURRENT_API_VERSION}/tokens/create`,
			method: 'POST',
			body: { email: 'n8n-credential-test@example.com' },
			json: true,
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
					message: 'HubSpot did not accept the access token (401): it is invalid, revoked or expired.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'category',
					value: 'MISSING_SCOPES',
					message: `The access token lacks the scope ${REQUIRED_SCOPE}. Add it to the app (or legacy private app, or service key) in HubSpot.`,
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
					message: `HubSpot did not create a visitor token. Check that the account has a Professional or Enterprise subscription, that the token has the scope ${REQUIRED_SCOPE}, and that the Base URL is right (it must answer itself: a redirect is never followed).`,
				},
			},
		] as Array<IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody> as ICredentialTestRequest['rules'],
	};
}
