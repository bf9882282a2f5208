import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { checkBaseUrl } from './baseUrl';
import { deriveCacheSecrets, type CacheSecrets } from './cacheSecrets';
import { clock } from './clock';
import { HubSpotFailure } from './hubspotFailure';
import { InvalidInputError, readVisitorIdentity, type VisitorIdentity } from './identity';
import { createBurstLimiter, DEFAULT_PACING, forEachConcurrently } from './pacing';
import { rememberIssued, shareFor, type IssuedToken, type SharedCall } from './processShare';
import { withRetries } from './retry';
import { InvalidOptionError, readSettings, type Settings } from './settings';
import { isOldStoredForm, nextStoredCache, readStoredEntries } from './storedCache';
import { findServable, TOKEN_LIFETIME_MS, type CachedToken, type CachePolicy } from './tokenCache';
import { CREDENTIAL_TYPE, createVisitorToken, type HubSpotConnection } from './transport';

/** Where in the node's static data the cache lives. */
const CACHE_PROPERTY = 'tokenCache';

interface Issued {
	identity: VisitorIdentity;
	token: string;
	expiresAt: number;
	cached: boolean;
}

type Outcome = Issued | InvalidInputError | HubSpotFailure;

/** All items of one execution that ask for the same identity: they share one HubSpot call. */
interface Miss {
	entryKey: string;
	identity: VisitorIdentity;
	itemIndexes: number[];
}

let lastSecrets: { accessToken: string; secrets: CacheSecrets } | undefined;

/** Key derivation is the one costly step of a cache hit, and the access token rarely changes. */
function secretsFor(accessToken: string): CacheSecrets {
	if (lastSecrets?.accessToken !== accessToken) lastSecrets = { accessToken, secrets: deriveCacheSecrets(accessToken) };
	return lastSecrets.secrets;
}

/** The sealed token is bound to its entry key and expiry, so neither can be swapped in static data. */
function sealContext(entryKey: string, expiresAt: number): string {
	return `${entryKey}|${expiresAt}`;
}

/** The token of an entry that may still be served and opens with these keys; else undefined. */
function openServable(entries: Record<string, unknown>, entryKey: string, now: number, policy: CachePolicy, secrets: CacheSecrets): IssuedToken | undefined {
	const hit = findServable(entries, entryKey, now, policy);
	const token = hit && secrets.open(hit[0], sealContext(entryKey, hit[1]));
	return hit && token !== undefined ? { token, expiresAt: hit[1] } : undefined;
}

function readIdentity(context: IExecuteFunctions, itemIndex: number): VisitorIdentity | InvalidInputError {
	const raw: Record<'email' | 'firstName' | 'lastName', unknown> = { email: undefined, firstName: undefined, lastName: undefined };
	for (const field of ['email', 'firstName', 'lastName'] as const) {
		try {
			raw[field] = context.getNodeParameter(field, itemIndex, '');
		} catch (error) {
			// An expression that fails for this item (e.g. a missing body field) is this item's bad input.
			return new InvalidInputError(field, `The "${field}" field could not be read: ${(error as Error).message}`);
		}
	}
	return readVisitorIdentity(raw);
}

function toOutputItem(issued: Issued, itemIndex: number): INodeExecutionData {
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
		},
		pairedItem: { item: itemIndex },
	};
}

/**
 * An item that failed, for "On Error: Continue". Everything sits under `error`: n8n moves an item to the
 * error output only when `error` is its only field (n8n 1.x) or its fields are among error, message and
 * details (n8n 2.x), and then merges in the input item's fields (the webhook's body, headers…).
 */
function toErrorItem(failure: InvalidInputError | HubSpotFailure, itemIndex: number): INodeExecutionData {
	const error: IDataObject =
		failure instanceof InvalidInputError
			? { message: `Item ${itemIndex}: ${failure.message}`, errorCode: 'INVALID_INPUT', httpStatus: 400, field: failure.field }
			: { message: `Item ${itemIndex}: ${failure.message}`, errorCode: failure.code, httpStatus: failure.details.respondWith };
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

function optionsOf(context: IExecuteFunctions): Settings {
	const settings = readSettings(context.getNodeParameter('options', 0, {}) as IDataObject);
	if (settings instanceof InvalidOptionError) throw new NodeOperationError(context.getNode(), settings.message);
	return settings;
}

async function connectionOf(context: IExecuteFunctions, settings: Settings): Promise<{ connection: HubSpotConnection; accessToken: string }> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	const accessToken = typeof credentials.accessToken === 'string' ? credentials.accessToken.trim() : '';
	if (accessToken === '') {
		throw new NodeOperationError(context.getNode(), 'The HubSpot Visitor Identification credential has no Access Token. Paste a service key or private app token with the scope conversations.visitor_identification.tokens.create.');
	}
	const base = checkBaseUrl(credentials.baseUrl ?? 'https://api.hubapi.com');
	if (!base.ok) throw new NodeOperationError(context.getNode(), base.problem);
	return { accessToken, connection: { baseUrl: base.baseUrl, host: base.host, apiVersion: settings.apiVersion, timeoutMs: settings.timeoutMs } };
}

/**
 * The node's one operation. Data flows one way: input item → validated identity → cache lookup →
 * (miss) HubSpot → cache write → output item. A cache hit writes nothing, because n8n rewrites the
 * workflow's whole static-data blob in its database after any execution that changed it.
 */
export async function getVisitorTokens(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const settings = optionsOf(this);
	const { connection, accessToken } = await connectionOf(this, settings);
	const secrets = secretsFor(accessToken);
	const staticData = this.getWorkflowStaticData('node');
	const policy = { refreshMarginMs: settings.refreshMarginMs, maxEntries: settings.maxEntries };
	const entries = settings.useCache ? readStoredEntries(staticData[CACHE_PROPERTY], secrets.keyId) : {};
	const share = settings.useCache ? shareFor(this.getWorkflow().id ?? '', this.getNode().name, secrets.keyId) : undefined;
	const startedAt = clock.now();

	const outcomes: Outcome[] = new Array<Outcome>(items.length);
	const misses = new Map<string, Miss>();
	// Entries this process issued that this execution's copy of static data lost to an overlapping execution.
	let staticDataLostEntries = false;
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const identity = readIdentity(this, itemIndex);
		if (identity instanceof InvalidInputError) {
			outcomes[itemIndex] = identity;
			continue;
		}
		const entryKey = secrets.entryKey(identity);
		const cached = settings.useCache ? openServable(entries, entryKey, startedAt, policy, secrets) : undefined;
		const remembered = !cached && share ? openServable(share.issued.entries, entryKey, startedAt, policy, secrets) : undefined;
		const found = cached ?? remembered;
		if (found) {
			outcomes[itemIndex] = { identity, ...found, cached: true };
			// Only a cache that lost the entry is repaired. n8n 2.x queue-mode workers get no static data at all:
			// writing it back on their hits would rewrite the whole cache on every request for nothing.
			if (remembered && staticData[CACHE_PROPERTY] !== undefined) staticDataLostEntries = true;
			continue;
		}
		// With the cache off nothing is shared, not even within the execution: every item calls HubSpot.
		const miss = settings.useCache ? misses.get(entryKey) : undefined;
		if (miss) miss.itemIndexes.push(itemIndex);
		else misses.set(settings.useCache ? entryKey : `item ${itemIndex}`, { entryKey, identity, itemIndexes: [itemIndex] });
	}

	const newTokens = new Map<string, CachedToken>();
	const waitForTurn = createBurstLimiter(DEFAULT_PACING, clock);
	const callHubSpot = async (miss: Miss): Promise<IssuedToken | HubSpotFailure> => {
		let issuedAt = 0;
		const result = await withRetries(
			async () => {
				await waitForTurn();
				// Counted from before the request: HubSpot's 12 hours start no earlier than that.
				issuedAt = clock.now();
				return await createVisitorToken(this, connection, miss.identity, clock.now);
			},
			{ maxRetries: settings.maxRetries, maxTotalWaitMs: settings.maxTotalWaitMs },
			clock.sleep,
		);
		// Every HubSpot failure passes here before it is shared, output or thrown: HubSpot or a proxy may echo the token.
		return result.failure ? result.failure.withoutSecret(accessToken) : { token: result.token, expiresAt: issuedAt + TOKEN_LIFETIME_MS };
	};

	await forEachConcurrently([...misses.values()], DEFAULT_PACING.concurrency, async (miss) => {
		// A concurrent execution already asking HubSpot for this visitor: share its answer, not a second call.
		const sharedCall = share?.inFlight.get(miss.entryKey);
		let result: IssuedToken | HubSpotFailure;
		if (sharedCall) {
			result = await sharedCall;
		} else {
			const call: SharedCall = callHubSpot(miss);
			share?.inFlight.set(miss.entryKey, call);
			try {
				result = await call;
				if (share && !(result instanceof HubSpotFailure)) {
					const sealed: CachedToken = [secrets.seal(result.token, sealContext(miss.entryKey, result.expiresAt)), result.expiresAt];
					newTokens.set(miss.entryKey, sealed);
					// Shared before the call leaves `inFlight`, not when the batch ends: an execution asking for this
					// visitor in between must find the token rather than call HubSpot again.
					rememberIssued(share, new Map([[miss.entryKey, sealed]]), clock.now(), policy);
				}
			} finally {
				share?.inFlight.delete(miss.entryKey);
			}
		}
		if (result instanceof HubSpotFailure) {
			for (const itemIndex of miss.itemIndexes) outcomes[itemIndex] = result;
			return;
		}
		// Later items with the same identity reuse the token just issued: only the first one is new.
		const issued = result;
		miss.itemIndexes.forEach((itemIndex, position) => {
			outcomes[itemIndex] = { identity: miss.identity, ...issued, cached: sharedCall !== undefined || position > 0 };
		});
	});

	// Tokens already paid for are kept even if a later item fails the execution below. Every write carries
	// all tokens this process issued, so an overlapping execution's write cannot erase them for good.
	if (share && (newTokens.size > 0 || staticDataLostEntries || isOldStoredForm(staticData[CACHE_PROPERTY], secrets.keyId))) {
		const everythingIssuedHere = new Map(Object.entries(share.issued.entries));
		staticData[CACHE_PROPERTY] = nextStoredCache(staticData[CACHE_PROPERTY], secrets.keyId, everythingIssuedHere, clock.now(), policy);
	}

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < outcomes.length; itemIndex++) {
		const outcome = outcomes[itemIndex];
		if (outcome instanceof InvalidInputError || outcome instanceof HubSpotFailure) {
			if (this.continueOnFail()) {
				output.push(toErrorItem(outcome, itemIndex));
				continue;
			}
			if (outcome instanceof InvalidInputError) {
				throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: ${outcome.message}`, {
					itemIndex,
					description: `Field: ${outcome.field}. Fix the value, or set the node's "On Error" setting to continue so that the other items still get their tokens.`,
				});
			}
			throw new NodeApiError(this.getNode(), toApiErrorResponse(outcome), {
				itemIndex,
				message: `Item ${itemIndex}: ${outcome.message}`,
				description: `Error code: ${outcome.code}. Set the node's "On Error" setting to continue so that the other items still get their tokens.`,
				httpCode: outcome.details.hubspotStatus === undefined ? undefined : String(outcome.details.hubspotStatus),
			});
		}
		output.push(toOutputItem(outcome, itemIndex));
	}
	return [output];
}
