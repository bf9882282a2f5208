import type { INodeProperties } from 'n8n-workflow';

import { MAX_EMAIL_OCTETS } from './identity';
import { DEFAULT_NEW_VISITORS_PER_MINUTE, defaultApiVersion, MAX_CACHE_ENTRIES, MAX_NEW_VISITORS_PER_MINUTE } from './settings';

/** Which HubSpot credential the node uses; existing workflows have none saved and keep the access token. */
export const authenticationField: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Access Token',
			value: 'accessToken',
			description: 'A static token: a developer-platform app with static auth, a legacy private app, or a service key',
		},
		{
			name: 'OAuth2',
			value: 'oAuth2',
			description: 'Install your HubSpot app in the account with OAuth; n8n renews the access token',
		},
	],
	default: 'accessToken',
};

export const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Get Token',
			value: 'getToken',
			description: 'Get a token that lets the HubSpot chat widget show the visitor as a known contact',
			action: 'Get a visitor identification token',
		},
	],
	default: 'getToken',
};

const onGetToken = { show: { operation: ['getToken'] } };

const onEmailMode = { show: { operation: ['getToken'], identifyBy: ['email'] } };
const onIdTokenMode = { show: { operation: ['getToken'], identifyBy: ['idToken'] } };

export const identityFields: INodeProperties[] = [
	{
		displayName: 'Identify By',
		name: 'identifyBy',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Email From the Workflow',
				value: 'email',
				description: 'The workflow hands the node the email. Whoever can call the workflow can name any email: protect it (see the README).',
			},
			{
				name: 'Verified ID Token',
				value: 'idToken',
				description: 'Safe behind a public webhook: the node checks the visitor\'s ID token from your login provider (Auth0, Clerk, Firebase, Supabase, Cognito…) and takes the email from it',
			},
		],
		default: 'email',
		displayOptions: onGetToken,
		description: 'Where the visitor\'s email comes from',
	},
	{
		displayName:
			'Anyone who can call this workflow can get a token for any email, and the chat widget then shows them that contact\'s conversations. Behind a public webhook, choose Identify By → Verified ID Token, or protect the webhook (the node\'s Docs link explains how).',
		name: 'emailModeNotice',
		type: 'notice',
		default: '',
		displayOptions: onEmailMode,
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		required: true,
		default: '',
		displayOptions: onEmailMode,
		hint: 'Behind a Webhook node, usually the expression {{ $json.body.email }}',
		description: `The visitor's email address (behind a Webhook node, usually the email field of the request body). Spaces around it are removed and it is lower-cased; at most ${MAX_EMAIL_OCTETS} bytes (as many characters for a plain ASCII address).`,
	},
	{
		displayName: 'ID Token',
		name: 'idToken',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '={{ $json.headers.authorization }}',
		displayOptions: onIdTokenMode,
		hint: 'The website sends it as "Authorization: Bearer <token>"; the "Bearer " prefix is optional',
		description: 'The visitor\'s ID token (a JWT) from the login provider named in the Visitor Login Provider API credential. It is verified, then kept nowhere.',
	},
	{
		displayName: 'First Name',
		name: 'firstName',
		type: 'string',
		default: '',
		displayOptions: onGetToken,
		description: 'Optional. HubSpot sets it only on new contacts and on contacts whose first name is unknown. With a verified ID token, empty means the token\'s given_name claim.',
	},
	{
		displayName: 'Last Name',
		name: 'lastName',
		type: 'string',
		default: '',
		displayOptions: onGetToken,
		description: 'Optional. HubSpot sets it only on new contacts and on contacts whose last name is unknown. With a verified ID token, empty means the token\'s family_name claim.',
	},
];

export const optionsField: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	displayOptions: onGetToken,
	options: [
		// One entry per node version: the editor shows the default the node then uses (see defaultApiVersion).
		...[1, 2].map(
			(nodeVersion): INodeProperties => ({
				displayName: 'API Version',
				name: 'apiVersion',
				type: 'options',
				options: [
					{ name: '2026-03 (Supported Until About September 2027)', value: '2026-03' },
					{ name: '2026-09 (Current)', value: '2026-09' },
					{ name: 'V3 (Legacy, Unsupported From September 2027)', value: 'v3' },
				],
				default: defaultApiVersion(nodeVersion),
				displayOptions: { show: { '@version': nodeVersion === 1 ? [1] : [{ _cnd: { gte: 2 } }] } },
				description: 'Which line of HubSpot\'s Visitor Identification API to call',
			}),
		),
		{
			displayName: 'Max Cache Entries',
			name: 'maxCacheEntries',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_CACHE_ENTRIES },
			default: 1000,
			description: 'The cache never keeps more tokens than this; when full, tokens never served again make room first (so a flood of new emails cannot push returning visitors out), those that expire first before others. Each entry takes about 330 bytes of workflow static data, which n8n reads on every request of the workflow: size it to the visitors of 12 hours.',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 10 },
			default: 3,
			description: 'How often to try again after a rate limit (429), a HubSpot server error (5xx) or a network error. Other errors are never retried.',
		},
		{
			displayName: 'Max Retry Wait (Seconds)',
			name: 'maxRetryWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 60 },
			default: 8,
			description: 'The most time all waits between retries of one request may add up to. The visitor waits for the webhook meanwhile, so keep it short.',
		},
		{
			displayName: 'New Visitors per Minute',
			name: 'newVisitorsPerMinute',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: MAX_NEW_VISITORS_PER_MINUTE },
			default: DEFAULT_NEW_VISITORS_PER_MINUTE,
			description: 'The most visitors not in the cache this node asks HubSpot about per minute (per n8n process). Beyond it an item fails with NEW_VISITOR_LIMIT (answer 429) without calling HubSpot; cached visitors are always served. It stops a stranger from spending your HubSpot API quota through a public webhook. 0 means no limit.',
		},
		{
			displayName: 'Refresh Margin (Minutes)',
			name: 'refreshMarginMinutes',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 719 },
			default: 60,
			description: 'A cached token is reused only while more than this much of its 12-hour life remains, so the website never holds a token about to expire. 0 reuses tokens until they expire.',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 60 },
			default: 10,
			description: 'The most one request may take, from connecting to the last byte of the answer (for HubSpot, and for the login provider\'s keys)',
		},
		{
			displayName: 'Use Cache',
			name: 'useCache',
			type: 'boolean',
			default: true,
			description: 'Whether to reuse tokens from this node\'s cache in workflow static data. Off: every item calls HubSpot and nothing is stored.',
		},
	],
};
