import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import type { CacheSecrets } from './cacheSecrets';
import { clock } from './clock';
import { HubSpotFailure } from './hubspotFailure';
import { hubSpotAccessOf, withoutSecrets } from './hubspotConnection';
import { InvalidInputError, type VisitorIdentity } from './identity';
import { IdTokenFailure } from './idToken/failure';
import { toErrorItem, toNodeError, toOutputItem, type Outcome } from './itemResults';
import { createBurstLimiter, DEFAULT_PACING, forEachConcurrently } from './pacing';
import { rememberIssued, shareFor, type IssuedToken, type ProcessShare, type SharedCall } from './processShare';
import { withRetries } from './retry';
import { InvalidOptionError, readSettings, type Settings } from './settings';
import { isOldStoredForm, nextStoredCache, readStoredEntries } from './storedCache';
import { findServable, TOKEN_LIFETIME_MS, type CachedToken, type CachePolicy } from './tokenCache';
import { createVisitorToken, type HubSpotConnection } from './transport';
import { identifyVisitors, type IdentifiedVisitor, type IdentityOutcome } from './visitorIdentity';

/** Where in the node's static data the cache lives. */
const CACHE_PROPERTY = 'tokenCache';

/** All items of one execution that ask for the same identity: they share one HubSpot call. */
interface Miss {
	entryKey: string;
	identity: VisitorIdentity;
	itemIndexes: number[];
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

function optionsOf(context: IExecuteFunctions): Settings {
	const settings = readSettings(context.getNodeParameter('options', 0, {}) as IDataObject, context.getNode().typeVersion);
	if (settings instanceof InvalidOptionError) throw new NodeOperationError(context.getNode(), settings.message);
	return settings;
}

/** What the phases of one execution share: settings, the HubSpot connection, the cache and its keys, results. */
interface Run {
	context: IExecuteFunctions;
	settings: Settings;
	connection: HubSpotConnection;
	accessToken: string;
	secrets: CacheSecrets;
	policy: CachePolicy;
	staticData: IDataObject;
	/** The cache entries in this execution's copy of static data (none with the cache off). */
	entries: Record<string, unknown>;
	/** What this n8n process shares between executions (nothing with the cache off). */
	share?: ProcessShare;
	/** One per input item, filled in by the phases. */
	outcomes: Outcome[];
	/** Tokens HubSpot issued in this execution, sealed, for the static-data write. */
	newTokens: Map<string, CachedToken>;
	/** This process issued entries that this execution's copy of static data lost to an overlapping execution. */
	staticDataLostEntries: boolean;
}

async function startRun(context: IExecuteFunctions): Promise<Run> {
	const settings = optionsOf(context);
	const { connection, accessToken, secrets } = await hubSpotAccessOf(context, settings);
	const staticData = context.getWorkflowStaticData('node');
	return {
		context,
		settings,
		connection,
		accessToken,
		secrets,
		policy: { refreshMarginMs: settings.refreshMarginMs, maxEntries: settings.maxEntries },
		staticData,
		entries: settings.useCache ? readStoredEntries(staticData[CACHE_PROPERTY], secrets.keyId) : {},
		share: settings.useCache ? shareFor(context.getWorkflow().id ?? '', context.getNode().name, secrets.keyId) : undefined,
		outcomes: new Array<Outcome>(context.getInputData().length),
		newTokens: new Map(),
		staticDataLostEntries: false,
	};
}

/** Look up: each identified visitor's token in the cache, or in what this process issued; the rest are misses. */
function lookUp(run: Run, identities: IdentityOutcome[]): Miss[] {
	const { settings, secrets, policy, share, outcomes } = run;
	const now = clock.now();
	const misses = new Map<string, Miss>();
	identities.forEach((identified, itemIndex) => {
		if (identified instanceof InvalidInputError || identified instanceof IdTokenFailure) {
			outcomes[itemIndex] = identified;
			return;
		}
		const { identity } = identified;
		const entryKey = secrets.entryKey(identity);
		const cached = settings.useCache ? openServable(run.entries, entryKey, now, policy, secrets) : undefined;
		const remembered = !cached && share ? openServable(share.issued.entries, entryKey, now, policy, secrets) : undefined;
		const found = cached ?? remembered;
		if (found) {
			outcomes[itemIndex] = { identity, ...found, cached: true };
			// Only a cache that lost the entry is repaired. n8n 2.x queue-mode workers get no static data at all:
			// writing it back on their hits would rewrite the whole cache on every request for nothing.
			if (remembered && run.staticData[CACHE_PROPERTY] !== undefined) run.staticDataLostEntries = true;
			return;
		}
		// With the cache off nothing is shared, not even within the execution: every item calls HubSpot.
		const miss = settings.useCache ? misses.get(entryKey) : undefined;
		if (miss) miss.itemIndexes.push(itemIndex);
		else misses.set(settings.useCache ? entryKey : `item ${itemIndex}`, { entryKey, identity, itemIndexes: [itemIndex] });
	});
	return [...misses.values()];
}

/** Resolve misses: one HubSpot call per identity (or a concurrent execution's call for it), paced and retried. */
async function resolveMisses(run: Run, misses: Miss[]): Promise<void> {
	const { context, settings, connection, secrets, policy, share, outcomes } = run;
	const waitForTurn = createBurstLimiter(DEFAULT_PACING, clock);
	const callHubSpot = async (miss: Miss): Promise<IssuedToken | HubSpotFailure> => {
		let issuedAt = 0;
		const result = await withRetries(
			async () => {
				await waitForTurn();
				// Counted from before the request: HubSpot's 12 hours start no earlier than that.
				issuedAt = clock.now();
				return await createVisitorToken(context, connection, miss.identity, clock.now);
			},
			{ maxRetries: settings.maxRetries, maxTotalWaitMs: settings.maxTotalWaitMs },
			clock.sleep,
		);
		// Every HubSpot failure passes here before it is shared, output or thrown: HubSpot or a proxy may echo the token.
		return result.failure ? withoutSecrets(result.failure, connection.secretsToRedact) : { token: result.token, expiresAt: issuedAt + TOKEN_LIFETIME_MS };
	};

	await forEachConcurrently(misses, DEFAULT_PACING.concurrency, async (miss) => {
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
					run.newTokens.set(miss.entryKey, sealed);
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
}

/**
 * Persist: only when something is new, was lost or is stored in an older form, because n8n rewrites the workflow's whole static-data
 * blob after any execution that changed it. Tokens already paid for are kept even if a later item fails the
 * execution; every write carries all tokens this process issued, so an overlapping write cannot erase them.
 */
function persist(run: Run): void {
	const { share, staticData, secrets, policy } = run;
	const outdated = isOldStoredForm(staticData[CACHE_PROPERTY], secrets.keyId);
	if (!share || (run.newTokens.size === 0 && !run.staticDataLostEntries && !outdated)) return;
	const everythingIssuedHere = new Map(Object.entries(share.issued.entries));
	staticData[CACHE_PROPERTY] = nextStoredCache(staticData[CACHE_PROPERTY], secrets.keyId, everythingIssuedHere, clock.now(), policy);
}

/** Emit: one output item per input item, or its error (an error item, or the node's error with "Stop Workflow"). */
function emit(run: Run, identities: IdentityOutcome[]): INodeExecutionData[] {
	const { context } = run;
	return run.outcomes.map((outcome, itemIndex) => {
		if (outcome instanceof InvalidInputError || outcome instanceof IdTokenFailure || outcome instanceof HubSpotFailure) {
			if (context.continueOnFail()) return toErrorItem(outcome, itemIndex);
			throw toNodeError(context, outcome, itemIndex);
		}
		return toOutputItem(outcome, itemIndex, (identities[itemIndex] as IdentifiedVisitor).verifiedBy);
	});
}

/**
 * The node's one operation. Data flows one way: input item → identified visitor → cache lookup →
 * (miss) HubSpot → cache write → output item. A cache hit makes no request and writes nothing.
 */
export async function getVisitorTokens(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const run = await startRun(this);
	const identities = await identifyVisitors(this, run.outcomes.length, run.settings.timeoutMs);
	const misses = lookUp(run, identities);
	await resolveMisses(run, misses);
	persist(run);
	return [emit(run, identities)];
}
