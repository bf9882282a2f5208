import type { IAuthenticateRuleResponseCode } from 'n8n-workflow';

/** The redirects a credential Test must name rather than follow: following one carries the token away. */
export const REDIRECT_STATUSES = [301, 302, 303, 307, 308];

/**
 * One rule per redirect status, for both HubSpot credentials' Tests. Only n8n 2.x turns a status listed in
 * `ignoreHttpStatusErrors.except` into an error these rules can match by code; n8n 1.x takes any
 * `ignoreHttpStatusErrors` object as "ignore all", so there a redirect reaches the Test's last body rule.
 */
export const REDIRECT_RULES: IAuthenticateRuleResponseCode[] = REDIRECT_STATUSES.map((status) => ({
	type: 'responseCode',
	properties: {
		value: status,
		message: `The Base URL answered with a redirect (${status}), which is never followed, so the access token stays with that host. Use https://api.hubapi.com, or a proxy that forwards requests instead of redirecting them.`,
	},
}));
