// HubSpot-shaped error bodies. HubSpot tells clients to treat every field as optional, so the shapes here
// carry the fields the reference names (status, message, correlationId, category, errors[].context) and
// nothing a client could come to depend on that HubSpot does not promise.

import { VISITOR_IDENTIFICATION_SCOPE, type RateLimitPolicy } from './types';

export interface ErrorDetail {
	message: string;
	in?: string;
	code?: string;
	context?: Record<string, string[]>;
}

export interface HubspotErrorBody {
	status: 'error';
	message: string;
	correlationId: string;
	category: string;
	subCategory?: string;
	errors?: ErrorDetail[];
	links?: Record<string, string>;
}

/** HubSpot's answer to an account below Professional, word for word as HubSpot's material quotes it. */
export const TIER_MESSAGE =
	'Access to the Visitor Identification API requires a Professional or Enterprise level subscription';

export function errorBody(
	correlationId: string,
	category: string,
	message: string,
	extra: Partial<Pick<HubspotErrorBody, 'errors' | 'links' | 'subCategory'>> = {},
): HubspotErrorBody {
	return { status: 'error', message, correlationId, category, ...extra };
}

export function missingCredentials(correlationId: string): HubspotErrorBody {
	return errorBody(
		correlationId,
		'INVALID_AUTHENTICATION',
		'No access token was sent. Send a private app or service key token as "Authorization: Bearer <token>".',
	);
}

export function invalidCredentials(correlationId: string): HubspotErrorBody {
	return errorBody(
		correlationId,
		'INVALID_AUTHENTICATION',
		'The access token is not valid: it is unknown, revoked or expired.',
	);
}

export function missingScope(correlationId: string): HubspotErrorBody {
	return errorBody(
		correlationId,
		'MISSING_SCOPES',
		'This app has not been granted every scope this call requires.',
		{
			errors: [
				{
					message: 'At least one of these scopes is required.',
					context: { requiredGranularScopes: [VISITOR_IDENTIFICATION_SCOPE] },
				},
			],
			links: { scopes: 'https://developers.hubspot.com/scopes' },
		},
	);
}

export function tierTooLow(correlationId: string): HubspotErrorBody {
	return errorBody(correlationId, 'FORBIDDEN', TIER_MESSAGE);
}

export function validationError(correlationId: string, errors: ErrorDetail[]): HubspotErrorBody {
	const first = errors[0]?.message ?? 'Invalid input.';
	return errorBody(correlationId, 'VALIDATION_ERROR', `Invalid input: ${first}`, { errors });
}

export function notFound(correlationId: string, path: string): HubspotErrorBody {
	return errorBody(correlationId, 'OBJECT_NOT_FOUND', `No API endpoint answers ${path}.`);
}

export function methodNotAllowed(correlationId: string, method: string): HubspotErrorBody {
	return errorBody(correlationId, 'METHOD_NOT_ALLOWED', `${method} is not supported on this endpoint.`);
}

export function tooLarge(correlationId: string): HubspotErrorBody {
	return errorBody(correlationId, 'VALIDATION_ERROR', 'The request body is too large.');
}

/** The category an injected fault of a given status gets unless the fault names one. */
export function categoryForStatus(status: number): string {
	if (status === 400) return 'VALIDATION_ERROR';
	if (status === 401) return 'INVALID_AUTHENTICATION';
	if (status === 403) return 'MISSING_SCOPES';
	if (status === 404) return 'OBJECT_NOT_FOUND';
	if (status === 409) return 'CONFLICT';
	if (status === 429) return 'RATE_LIMITS';
	if (status >= 500) return 'INTERNAL_ERROR';
	return 'ERROR';
}

/** An injected fault's body: a 403 fault looks like the missing-scope answer, as that is the common one. */
export function faultBody(
	correlationId: string,
	status: number,
	overrides: { message?: string; category?: string },
): HubspotErrorBody {
	if (status === 403 && overrides.category === undefined && overrides.message === undefined) {
		return missingScope(correlationId);
	}
	const category = overrides.category ?? categoryForStatus(status);
	const message = overrides.message ?? `Simulated HubSpot failure (HTTP ${status}).`;
	return errorBody(correlationId, category, message);
}

export interface RateLimitBody {
	status: 'error';
	message: string;
	errorType: 'RATE_LIMIT';
	correlationId: string;
	policyName: RateLimitPolicy;
}

const RATE_LIMIT_MESSAGES: Record<RateLimitPolicy, string> = {
	TEN_SECONDLY_ROLLING: 'You have reached your ten-secondly rolling limit.',
	SECONDLY: 'You have reached your secondly limit.',
	DAILY: 'You have reached your daily limit.',
};

export function rateLimited(correlationId: string, policyName: RateLimitPolicy): RateLimitBody {
	return {
		status: 'error',
		message: RATE_LIMIT_MESSAGES[policyName],
		errorType: 'RATE_LIMIT',
		correlationId,
		policyName,
	};
}
