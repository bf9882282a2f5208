import { NodeApiError, NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type JsonObject } from 'n8n-workflow';

import { HubSpotFailure } from './hubspotFailure';
import { InvalidInputError, type VisitorIdentity } from './identity';
import { IdTokenFailure } from './idToken/failure';
import type { IdentifiedVisitor } from './visitorIdentity';

/** What became of one input item: its token, or why it got none. */
export interface Issued {
	identity: VisitorIdentity;
	token: string;
	expiresAt: number;
	cached: boolean;
}

export type Outcome = Issued | InvalidInputError | IdTokenFailure | HubSpotFailure;

export function toOutputItem(issued: Issued, itemIndex: number, verifiedBy: IdentifiedVisitor['verifiedBy']): INodeExecutionData {
	const { identity, token, expiresAt, cached } = issued;
	return {
		json: {
			token,
			email: identity.email,
			firstName: identity.firstName,
			lastName: identity.lastName,
			expiresAt: new Date(expiresAt).toISOString(),
			cached,
			hsConversationsSettings: { identificationEmail: identity.email, identificationToken: token },
			// Who the login provider says the visitor is, in its own terms: only with a verified ID token.
			...(verifiedBy ? { subject: verifiedBy.subject, issuer: verifiedBy.issuer } : {}),
		},
		pairedItem: { item: itemIndex },
	};
}

/**
 * An item that failed, for "On Error: Continue". Everything sits under `error`: n8n moves an item to the
 * error output only when `error` is its only field (n8n 1.x) or its fields are among error, message and
 * details (n8n 2.x), and then merges in the input item's fields (the webhook's body, headers…).
 */
export function toErrorItem(failure: InvalidInputError | IdTokenFailure | HubSpotFailure, itemIndex: number): INodeExecutionData {
	const message = `Item ${itemIndex}: ${failure.message}`;
	const error: IDataObject =
		failure instanceof InvalidInputError
			? { message, errorCode: 'INVALID_INPUT', httpStatus: 400, field: failure.field }
			: failure instanceof IdTokenFailure
				? { message, errorCode: failure.code, httpStatus: failure.httpStatus }
				: { message, errorCode: failure.code, httpStatus: failure.details.respondWith };
	if (failure instanceof HubSpotFailure && failure.details.correlationId) error.correlationId = failure.details.correlationId;
	return { json: { error }, pairedItem: { item: itemIndex } };
}

/** What NodeApiError keeps as context. No key n8n reads as an HTTP status (status, code, errorCode…). */
function toApiErrorResponse(failure: HubSpotFailure): JsonObject {
	const response: JsonObject = { failureCode: failure.code, respondWith: failure.details.respondWith };
	if (failure.details.hubspotStatus !== undefined) response.hubspotStatus = failure.details.hubspotStatus;
	if (failure.details.correlationId) response.correlationId = failure.details.correlationId;
	return response;
}

/** The node's error for an item that failed while "On Error" is "Stop Workflow". */
export function toNodeError(context: IExecuteFunctions, failure: InvalidInputError | IdTokenFailure | HubSpotFailure, itemIndex: number): Error {
	const message = `Item ${itemIndex}: ${failure.message}`;
	const orContinue = 'the node\'s "On Error" setting to continue so that the other items still get their tokens.';
	if (failure instanceof InvalidInputError) {
		return new NodeOperationError(context.getNode(), message, { itemIndex, description: `Field: ${failure.field}. Fix the value, or set ${orContinue}` });
	}
	if (failure instanceof IdTokenFailure) {
		return new NodeOperationError(context.getNode(), message, { itemIndex, description: `Error code: ${failure.code} (answer the website with ${failure.httpStatus}). Set ${orContinue}` });
	}
	return new NodeApiError(context.getNode(), toApiErrorResponse(failure), {
		itemIndex,
		message,
		description: `Error code: ${failure.code}. Set ${orContinue}`,
		httpCode: failure.details.hubspotStatus === undefined ? undefined : String(failure.details.hubspotStatus),
	});
}

