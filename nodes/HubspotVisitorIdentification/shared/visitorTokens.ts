import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import type { CacheSecrets } from './cacheSecrets';
import { clock } from './clock';
import { HubSpotFailure } from './hubspotFailure';
import { hubSpotAccessOf, withoutSecrets } from './hubspotConnection';
import { InvalidInputError, type VisitorIdentity } from './identity';
import { IdTokenFailure } from './idToken/failure';
import { toErrorItem, toNodeError, toOutputItem, type Outcome } from './itemResults';
import { createBurstLimiter, DEFAULT_PACING, forEachConcurrently } from './pacing';
import { newVisitorBudget, newVisitorLimitReached } from './newVisitorBudget';
import { markServedAgain, rememberIssued, shareFor, type IssuedToken, type ProcessShare, type SharedCall } from './processShare';
import { withRetries } from './retry';
import { InvalidOptionError, readSettings, type Settings } from './settings';
import { isOldStoredForm, nextStoredCache, readStoredEntries } from './storedCache';
import { findServable, TOKEN_LIFETIME_MS, wasServedAgain, type CachedToken, type CachePolicy } from './tokenCache';
import { createVisitorToken, type HubSpotConnection } from './transport';
import { identifyVisitors, type IdentifiedVisitor, type IdentityOutcome } from './visitorIdentity';
import { isWorkersEmptyCopy } from './workerCopy';

/** Where in the node's static data the cache lives. */
const CACHE_PROPERTY = 'tokenCache';

/** All items of one execution that ask for the same visitor (email): they share one HubSpot call. */
interface Miss {
	entryKey: string;
	identity: VisitorIdentity;
	itemIndexes: number[];
}

/** The sealed token is bound to its entry key and expiry, so neither can be swapped in static data. */
function sealContext(entryKey: string, expiresAt: number): string {
	return `${entryKey}|${expiresAt}`;
}

/** A token found for a visitor: where it was found, under which key, and whether it was served before. */
interface Found extends IssuedToken {
	entryKey: string;
	servedBefore: boolean;
}

/** The token of an entry that may still be served and opens with these keys; else undefined. */
function openServable(entries: Record<string, unknown>, entryKey: string, now: number, policy: CachePolicy, secrets: CacheSecrets): Found | undefined {
	const hit = findServable(entries, entryKey, now, policy);
	const token = hit && secrets.open(hit[0], sealContext(entryKey, hit[1]));
	return hit && token !== undefined ? { token, expiresAt: hit[1], entryKey, servedBefore: wasServedAgain(hit) } : undefined;
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
	/** How many tokens HubSpot issued in this execution (each is in the share, sealed, for the static-data write). */
	issuedHere: number;
	/** This process issued entries that this execution's copy of static data lost to an overlapping execution. */
	staticDataLostEntries: boolean;
}

/**
 * n8n offers every node with usableAsTool to AI agents as `<type>Tool`. An agent fills the parameters from a
 * conversation, so in email mode whoever talks to it could mint a token that shows them as any contact; and an
 * ID token the model fills in (`$fromAI`) would travel through the model's provider.
 */
function refuseUnsafeToolUse(context: IExecuteFunctions): void {
	const node = context.getNode();
	if (!node.type.endsWith('Tool')) return;
	if (context.getNodeParameter('identifyBy', 0, 'email') !== 'idToken') {
		throw new NodeOperationError(node, 'As an AI agent\'s tool this node works only with Identify By → Verified ID Token: an agent takes the email from the conversation, so anyone could get a token for any contact. Set Identify By to Verified ID Token, or use the node in a workflow instead of as a tool.');
	}
	const idToken = node.parameters?.idToken;
	if (typeof idToken === 'string' && idToken.includes('$fromAI')) {
		throw new NodeOperationError(node, 'As an AI agent\'s tool, the ID Token must come from the workflow (e.g. {{ $json.headers.authorization }}), not from the model ($fromAI): the visitor\'s ID token would pass through the model\'s provider.');
	}
}

async function startRun(context: IExecuteFunctions): Promise<Run> {
	refuseUnsafeToolUse(context);
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
		issuedHere: 0,
		staticDataLostEntries: false,
	};
}

/**
 * The visitor's token in the cache or in what this process issued. A visitor is an email: caches written
 * before 0.2 keyed email and names together, so their entries are found under that key until they expire.
 */
function findToken(run: Run, identity: VisitorIdentity, now: number): { found?: Found; remembered: boolean } {
	const { secrets, policy, share } = run;
	const entryKey = secrets.entryKey(identity.email);
	const cached = openServable(run.entries, entryKey, now, policy, secrets) ?? openServable(run.entries, secrets.legacyEntryKey(identity), now, policy, secrets);
	if (cached) return { found: cached, remembered: false };
	const remembered = share ? openServable(share.issued.entries, entryKey, now, policy, secrets) : undefined;
	return { found: remembered, remembered: remembered !== undefined };
}

/** Look up: each identified visitor's token in the cache, or in what this process issued; the rest are misses. */
function lookUp(run: Run, identities: IdentityOutcome[]): Miss[] {
	const { settings, secrets, share, outcomes } = run;
	const now = clock.now();
	const misses = new Map<string, Miss>();
	identities.forEach((identified, itemIndex) => {
		if (identified instanceof InvalidInputError || identified instanceof IdTokenFailure) {
			outcomes[itemIndex] = identified;
			return;
		}
		const { identity } = identified;
		const { found, remembered } = settings.useCache ? findToken(run, identity, now) : { found: undefined, remembered: false };
		if (found) {
			outcomes[itemIndex] = { identity, token: found.token, expiresAt: found.expiresAt, cached: true };
			// Its visitor came back: a full cache evicts such entries last. Static data learns it at the next
			// write that happens anyway (a hit itself writes nothing).
			if (share && !found.servedBefore) markServedAgain(share, found.entryKey, run.policy.maxEntries);
			// Only a cache that lost the entry is repaired. n8n 2.x queue-mode workers get no static data at all:
			// writing it back on their hits would rewrite the whole cache on every request for nothing.
			if (remembered && run.staticData[CACHE_PROPERTY] !== undefined) run.staticDataLostEntries = true;
			return;
		}
		// With the cache off nothing is shared, not even within the execution: every item calls HubSpot.
		const entryKey = secrets.entryKey(identity.email);
		const miss = settings.useCache ? misses.get(entryKey) : undefined;
		if (miss) miss.itemIndexes.push(itemIndex);
		else misses.set(settings.useCache ? entryKey : `item ${itemIndex}`, { entryKey, identity, itemIndexes: [itemIndex] });
	});
	return [...misses.values()];
}

/**
 * Resolve misses: one HubSpot call per visitor (or a concurrent execution's call for it), within the node's
 * budget of new visitors per minute, paced and retried.
 */
async function resolveMisses(run: Run, misses: Miss[]): Promise<void> {
	const { context, settings, connection, secrets, policy, share, outcomes } = run;
	const waitForTurn = createBurstLimiter(DEFAULT_PACING, clock);
	const budget = newVisitorBudget(context.getWorkflow().id ?? '', context.getNode().name, settings.newVisitorsPerMinute);
	const callHubSpot = async (miss: Miss): Promise<IssuedToken | HubSpotFailure> => {
		// Checked before the call and counted whether it succeeds or not: each one spends the account's quota.
		if (!budget.take(clock.now())) return newVisitorLimitReached(settings.newVisitorsPerMinute);
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
					run.issuedHere++;
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
		// Later items with the same visitor reuse the token just issued: only the first one is new.
		const issued = result;
		miss.itemIndexes.forEach((itemIndex, position) => {
			outcomes[itemIndex] = { identity: miss.identity, ...issued, cached: sharedCall !== undefined || position > 0 };
		});
	});
}

/**
 * Persist: only when something is new, was lost or is stored in an older form, because n8n rewrites the
 * workflow's whole static-data blob after any execution that changed it. Each write marks the entries this
 * process saw served again.
 * Tokens already paid for are kept even if a later item fails the execution; every write carries all tokens
 * this process issued, so an overlapping write cannot erase them.
 */
function persist(run: Run): void {
	const { share, staticData, secrets, policy } = run;
	const outdated = isOldStoredForm(staticData[CACHE_PROPERTY], secrets.keyId);
	if (!share || (run.issuedHere === 0 && !run.staticDataLostEntries && !outdated)) return;
	// An n8n 2.40+ queue worker's copy started empty: writing it would erase other nodes' static data.
	if (isWorkersEmptyCopy(run.context, staticData)) return;
	const everythingIssuedHere = new Map(Object.entries(share.issued.entries));
	staticData[CACHE_PROPERTY] = nextStoredCache(staticData[CACHE_PROPERTY], secrets.keyId, everythingIssuedHere, clock.now(), policy, share.servedAgain);
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
