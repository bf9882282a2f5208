import type { IDataObject } from 'n8n-workflow';

import { deriveCacheSecrets } from '../../nodes/HubspotVisitorIdentification/shared/cacheSecrets';
import { readStoredEntries } from '../../nodes/HubspotVisitorIdentification/shared/storedCache';
import { findServable } from '../../nodes/HubspotVisitorIdentification/shared/tokenCache';
import { distribution, median, type Distribution } from '../stats';

/** Median of sample-by-sample ratios; both arrays hold one sample per round. */
function pairedRatio(values: readonly number[], floor: readonly number[]): number {
	return median(values.map((value, round) => value / floor[round]));
}
import { sampleInterleaved, type SamplingPlan } from '../timing';
import { fillCache } from './cacheFill';
import { fixtureAccessToken, visitors } from './fixtures';
import { instantHubspot } from './instantHubspot';
import { benchNode, type Visitor } from './nodeRunner';

/** Item 1 of the issue: what a cache hit and a miss cost the node, against doing only the cache's own work. */
export interface CacheCostResult {
	cacheEntries: number;
	hitBatchItems: number;
	missBatchItems: number;
	/** Nanoseconds per lookup: keyed hash + lookup + decrypt called directly, nothing else. */
	floorNs: Distribution;
	/** Nanoseconds per item, execute() over a batch of cached visitors. */
	hitBatchNsPerItem: Distribution;
	/** Nanoseconds per execute() of one cached visitor: what one webhook request costs the node. */
	hitSingleNs: Distribution;
	/** Nanoseconds per item, execute() over a batch of new visitors, HubSpot answering at once. */
	missBatchNsPerItem: Distribution;
	/** Nanoseconds per execute() of one new visitor. */
	missSingleNs: Distribution;
	/**
	 * Each case over the floor, sample by sample within a round (taken moments apart), then the median of
	 * those ratios: slow phases of a shared machine cancel out instead of landing on one case.
	 */
	ratioToFloor: { hitBatch: number; hitSingle: number; missBatch: number; missSingle: number };
}

export interface CacheCostPlan extends SamplingPlan {
	cacheEntries: number;
	missBatchItems: number;
}

/** The node's context string for a sealed token (nodes/.../visitorTokens.ts): entry key and expiry. */
function sealContext(entryKey: string, expiresAt: number): string {
	return `${entryKey}|${expiresAt}`;
}

/** What the node sees after validation: the email trimmed and lower-cased, names trimmed. */
function identityOf(visitor: Visitor) {
	return { email: visitor.email.trim().toLowerCase(), firstName: visitor.firstName.trim(), lastName: visitor.lastName.trim() };
}

export async function measureCacheCost(plan: CacheCostPlan): Promise<CacheCostResult> {
	const accessToken = fixtureAccessToken();
	const hubspot = instantHubspot();
	const node = benchNode({ accessToken, hubspot, options: { maxCacheEntries: plan.cacheEntries } });
	const policy = { refreshMarginMs: 60 * 60_000, maxEntries: plan.cacheEntries };

	// A full cache, every visitor in it: the hit case.
	const cached = visitors('cached', plan.cacheEntries);
	const hitStatic: IDataObject = {};
	await fillCache(node, hitStatic, cached);

	// Caches one batch (or one entry) short of full, and visitors not in them: the miss cases.
	const newcomers = visitors('new', plan.missBatchItems);
	const missBatchBase: IDataObject = {};
	await fillCache(node, missBatchBase, cached.slice(0, plan.cacheEntries - plan.missBatchItems));
	const missSingleBase: IDataObject = {};
	await fillCache(node, missSingleBase, cached.slice(0, plan.cacheEntries - 1));

	// The floor: the same work the node must do for a hit, called directly.
	const secrets = deriveCacheSecrets(accessToken);
	const entries = readStoredEntries(hitStatic.tokenCache, secrets.keyId);
	const identities = cached.map(identityOf);
	const floorNow = Date.now();
	let floorIndex = 0;
	let checksum = 0;
	const floorLookup = () => {
		const identity = identities[floorIndex++ % identities.length];
		const entryKey = secrets.entryKey(identity.email);
		const hit = findServable(entries, entryKey, floorNow, policy);
		const token = hit && secrets.open(hit[0], sealContext(entryKey, hit[1]));
		if (token === undefined) throw new Error('floor lookup missed: the cache was not filled as expected');
		checksum += token.length;
	};

	// Before timing anything: the node and the floor agree on every token, and hits really are hits.
	const output = await node.execute(cached, hitStatic);
	for (let i = 0; i < cached.length; i++) {
		const entryKey = secrets.entryKey(identities[i].email);
		const hit = findServable(entries, entryKey, Date.now(), policy);
		const token = hit && secrets.open(hit[0], sealContext(entryKey, hit[1]));
		if (output[i].json.cached !== true || output[i].json.token !== token) {
			throw new Error(`item ${i}: the node's cached token differs from the floor's lookup`);
		}
	}
	const missCheck = await node.execute(newcomers, { tokenCache: missBatchBase.tokenCache });
	if (missCheck.some((item) => item.json.cached !== false)) throw new Error('a new visitor was served from the cache');

	let singleIndex = 0;
	const samples = await sampleInterleaved(
		{
			floor: { sync: floorLookup },
			hitBatch: { async: async () => await node.execute(cached, hitStatic) },
			hitSingle: { async: async () => await node.execute([cached[singleIndex++ % cached.length]], hitStatic) },
			// A fresh static-data object each time: the node replaces the cache object, the base stays as it was.
			missBatch: { async: async () => await node.execute(newcomers, { tokenCache: missBatchBase.tokenCache }) },
			missSingle: { async: async () => await node.execute([newcomers[singleIndex++ % newcomers.length]], { tokenCache: missSingleBase.tokenCache }) },
		},
		plan,
	);
	if (checksum === 0) throw new Error('the floor never ran');

	const perItem = (values: number[], items: number) => values.map((value) => value / items);
	const hitBatch = perItem(samples.hitBatch, cached.length);
	const missBatch = perItem(samples.missBatch, newcomers.length);
	return {
		cacheEntries: plan.cacheEntries,
		hitBatchItems: cached.length,
		missBatchItems: newcomers.length,
		floorNs: distribution(samples.floor),
		hitBatchNsPerItem: distribution(hitBatch),
		hitSingleNs: distribution(samples.hitSingle),
		missBatchNsPerItem: distribution(missBatch),
		missSingleNs: distribution(samples.missSingle),
		ratioToFloor: {
			hitBatch: pairedRatio(hitBatch, samples.floor),
			hitSingle: pairedRatio(samples.hitSingle, samples.floor),
			missBatch: pairedRatio(missBatch, samples.floor),
			missSingle: pairedRatio(samples.missSingle, samples.floor),
		},
	};
}
