import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import { PUBLIC_KEY_ALGORITHMS } from '../nodes/HubspotVisitorIdentification/shared/idToken/algorithms';
import { DEFAULT_ALGORITHMS } from '../nodes/HubspotVisitorIdentification/shared/idToken/loginProvider';

/**
 * Who may vouch for a visitor: the login provider whose ID tokens the node verifies in "Verified ID Token"
 * mode. The field names are part of the public contract (workflows and exports refer to them). Its test
 * lives on the node (methods.credentialTest), because it has to fetch two documents and count keys.
 */
export class HubspotVisitorLoginProviderApi implements ICredentialType {
	name = 'hubspotVisitorLoginProviderApi';

	displayName = 'Visitor Login Provider API';

	icon = {
		light: 'file:hubspotVisitorIdentification.svg',
		dark: 'file:hubspotVisitorIdentification.dark.svg',
	} as const;

	documentationUrl = 'https://github.com/n8n-nodes-hubspot-visitor-identification/n8n-nodes-hubspot-visitor-identification#before-you-start-the-spoofing-trade-off';

	properties: INodeProperties[] = [
		{
			displayName: 'Issuer',
			name: 'issuer',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'https://your-tenant.eu.auth0.com/',
			description: 'The exact "iss" of your login provider\'s tokens, trailing slash included if they have one. Also where the JWKS is discovered when no JWKS URL is given.',
		},
		{
			displayName: 'Audience',
			name: 'audience',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'your-client-id',
			description: 'Your app\'s client ID (one or more, comma-separated). The token\'s "aud" must contain one; a token without "aud" passes only if its "azp" is one of them (Clerk: your site\'s origin).',
		},
		{
			displayName: 'JWKS URL',
			name: 'jwksUrl',
			type: 'string',
			default: '',
			placeholder: 'https://your-tenant.eu.auth0.com/.well-known/jwks.json',
			description: 'Where the provider publishes its signing keys. Empty: read from {Issuer}/.well-known/openid-configuration. https:// only (http:// only for this machine).',
		},
		{
			displayName: 'Algorithms',
			name: 'algorithms',
			type: 'multiOptions',
			options: PUBLIC_KEY_ALGORITHMS.map((alg) => ({ name: alg, value: alg })),
			default: DEFAULT_ALGORITHMS,
			description: 'The signing algorithms your provider uses; tokens signed any other way are refused. None chosen means RS256 and ES256, what most providers use. Ignored when a Shared Secret is set.',
		},
		{
			displayName: 'Shared Secret',
			name: 'sharedSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Only for providers that sign with a shared secret (HS256/384/512, e.g. a Supabase project\'s legacy JWT secret). When set, only HS tokens are accepted and no JWKS is used. At least 32 characters.',
		},
		{
			displayName: 'Email Claim',
			name: 'emailClaim',
			type: 'string',
			default: 'email',
			description: 'The claim that holds the visitor\'s email address',
		},
		{
			displayName: 'Require Verified Email',
			name: 'requireVerifiedEmail',
			type: 'boolean',
			default: true,
			description: 'Whether the token must say the email is verified (the Email Verified Claim is true). Turn off only for providers that verify emails before signing anyone in and do not put such a claim in their tokens.',
		},
		{
			displayName: 'Email Verified Claim',
			name: 'emailVerifiedClaim',
			type: 'string',
			default: '',
			placeholder: 'email_verified',
			displayOptions: { show: { requireVerifiedEmail: [true] } },
			description: 'The claim that must be true (or "true") for the Email Claim\'s address to count as verified. Empty: "email_verified" when the Email Claim is "email"; with any other Email Claim it must be entered, since "email_verified" speaks of the "email" claim only.',
		},
		{
			displayName: 'Clock Tolerance (Seconds)',
			name: 'clockToleranceSeconds',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 600 },
			default: 60,
			description: 'How far the login provider\'s clock and this machine\'s may disagree when checking "exp", "nbf" and "iat"',
		},
	];
}
