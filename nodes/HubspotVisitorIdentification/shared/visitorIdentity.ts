import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { clock } from './clock';
import { InvalidInputError, readVisitorIdentity, type VisitorIdentity } from './identity';
import { IdTokenFailure } from './idToken/failure';
import { documentFetcherFor } from './idToken/keyTransport';
import { LOGIN_PROVIDER_CREDENTIAL_TYPE, LoginProviderProblem, readLoginProvider } from './idToken/loginProvider';
import { KeysNeeded, verifyWithFetchedKeys, verifyWithKeysAtHand, type VerifiedVisitor } from './idToken/verifyIdToken';

/** Who an item's visitor is, and, when a login provider vouched for it, which of its users. */
export interface IdentifiedVisitor {
	identity: VisitorIdentity;
	verifiedBy?: { subject: string; issuer: string };
}

export type IdentityOutcome = IdentifiedVisitor | InvalidInputError | IdTokenFailure;

type NameField = 'firstName' | 'lastName';

function readParameter(context: IExecuteFunctions, field: 'email' | NameField, itemIndex: number): unknown {
	// An expression that fails for this item (e.g. a missing body field) is this item's bad input.
	try {
		return context.getNodeParameter(field, itemIndex, '');
	} catch (error) {
		return new InvalidInputError(field, `The "${field}" field could not be read: ${(error as Error).message}`);
	}
}

/** Email mode: the email and names exactly as the workflow hands them over. */
function identityFromWorkflow(context: IExecuteFunctions, itemIndex: number): IdentityOutcome {
	const raw: Record<'email' | NameField, unknown> = { email: undefined, firstName: undefined, lastName: undefined };
	for (const field of ['email', 'firstName', 'lastName'] as const) {
		raw[field] = readParameter(context, field, itemIndex);
		if (raw[field] instanceof InvalidInputError) return raw[field] as InvalidInputError;
	}
	const identity = readVisitorIdentity(raw);
	return identity instanceof InvalidInputError ? identity : { identity };
}

/** ID-token mode: the email only from the verified token; names from the parameters, else from its claims. */
function identityFromToken(context: IExecuteFunctions, itemIndex: number, visitor: VerifiedVisitor): IdentityOutcome {
	const names: Record<NameField, unknown> = { firstName: visitor.givenName, lastName: visitor.familyName };
	for (const field of ['firstName', 'lastName'] as const) {
		const value = readParameter(context, field, itemIndex);
		if (value instanceof InvalidInputError) return value;
		if (typeof value !== 'string' || value.trim() !== '') names[field] = value;
	}
	const identity = readVisitorIdentity({ email: visitor.email, ...names });
	return identity instanceof InvalidInputError ? identity : { identity, verifiedBy: { subject: visitor.subject, issuer: visitor.issuer } };
}

/**
 * Reads who each item's visitor is, per the Identify By parameter. With a verified ID token, a refused
 * token becomes that item's IdTokenFailure (no HubSpot call follows), and the token itself goes no further
 * than this function: it is in no outcome, cache, output or message.
 */
export async function identifyVisitors(context: IExecuteFunctions, itemCount: number, timeoutMs: number): Promise<IdentityOutcome[]> {
	const outcomes: IdentityOutcome[] = [];
	if (context.getNodeParameter('identifyBy', 0, 'email') !== 'idToken') {
		for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) outcomes.push(identityFromWorkflow(context, itemIndex));
		return outcomes;
	}
	const provider = readLoginProvider(await context.getCredentials(LOGIN_PROVIDER_CREDENTIAL_TYPE));
	if (provider instanceof LoginProviderProblem) throw new NodeOperationError(context.getNode(), provider.message);
	const fetchDocument = documentFetcherFor(context, timeoutMs);
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		let raw: unknown;
		try {
			raw = context.getNodeParameter('idToken', itemIndex, '');
		} catch (error) {
			outcomes.push(new IdTokenFailure('ID_TOKEN_MISSING', 'presence', `the ID Token field could not be read: ${(error as Error).message}`));
			continue;
		}
		// Keys in memory, stale ones included (refreshed beside this visit): no await at all. Otherwise
		// fetched as the key cache's rules allow.
		const source = { fetchDocument, timeoutMs, now: clock.now() };
		const atHand = verifyWithKeysAtHand(raw, provider, source);
		const visitor = atHand instanceof KeysNeeded ? await verifyWithFetchedKeys(atHand, provider, source) : atHand;
		outcomes.push(visitor instanceof IdTokenFailure ? visitor : identityFromToken(context, itemIndex, visitor));
	}
	return outcomes;
}
