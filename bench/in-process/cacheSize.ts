import { ObservableObject, type IDataObject } from 'n8n-workflow';

import { deriveCacheSecrets } from '../../nodes/HubspotVisitorIdentification/shared/cacheSecrets';
import { writeCacheText } from '../../nodes/HubspotVisitorIdentification/shared/cacheText';
import { nextStoredCache } from '../../nodes/HubspotVisitorIdentification/shared/storedCache';
import { TOKEN_LIFETIME_MS, type CachedToken } from '../../nodes/HubspotVisitorIdentification/shared/tokenCache';
import { cacheEntriesIn } from '../../test/support/cacheInStaticData';
import { distribution, median, type Distribution } from '../stats';
import { sampleInterleaved, type Operation, type SamplingPlan } from '../timing';
import { fillCache } from './cacheFill';
import { fixtureAccessToken, visitors, visitorToken } from './fixtures';
import { instantHubspot } from './instantHubspot';
import { benchNode } from './nodeRunner';

/** n8n keeps a node's static data under `node:<node name>` in the workflow's one static-data column. */
const STATIC_DATA_KEY = 'node:HubSpot Visitor Identification';

/** Item 3 of the issue, at one cache size. */
export interface CacheSizePoint {
	entries: number;
	/** Bytes of the workflow's static-data JSON as n8n stores it. */
	staticDataBytes: number;
	/** (bytes at this size − bytes of an empty cache) / entries. */
	bytesPerEntry: number;
	/** One cache write of one new token into a full cache: prune + evict (withNewTokens). */
	pruneEvictNs: Distribution;
	/** Serialising the whole static data (n8n's JSON.stringify of the column) after that write. */
	serialiseNs: Distribution;
	/** Both: the per-write cost. */
	writeNs: Distribution;
	/** n8n parses the column again when the next execution loads the workflow. */
	parseNs: Distribution;
	/**
	 * What n8n does with the column on every request, hit or miss: parse it, then wrap every nested object
	 * in a change-tracking Proxy (n8n-workflow's ObservableObject.create, called by the Workflow constructor).
	 */
	loadNs: Distribution;
	/** The same load of the same entries in the 0.1.x form: an object with a [sealed, expiry] array per entry. */
	loadFlatNs: Distribution;
}

export interface CacheSizeResult {
	tokenLength: number;
	/** The target: per entry at most the token's length plus 120 bytes. */
	bytesPerEntryLimit: number;
	emptyCacheBytes: number;
	points: CacheSizePoint[];
	/**
	 * Write cost per entry at the largest size over that at the smallest, sample by sample within a round,
	 * median of those ratios: 1 is linear, below 1 better, a quadratic write would grow with the size ratio.
	 */
	writeCostPerEntryGrowth: number;
	/**
	 * The exponent b in cost ∝ entries^b between the smallest and largest size, from the same paired ratio:
	 * 1 is linear, 2 quadratic.
	 */
	writeCostExponent: number;
}

function bytesOf(staticData: IDataObject): number {
	return Buffer.byteLength(JSON.stringify({ [STATIC_DATA_KEY]: staticData }), 'utf8');
}

type Phase = 'pruneEvict' | 'serialise' | 'write' | 'parse' | 'load' | 'loadFlat';
const PHASES: readonly Phase[] = ['pruneEvict', 'serialise', 'write', 'parse', 'load', 'loadFlat'];

/** The Workflow constructor's call: the static data becomes observable, every nested object a Proxy. */
function loadAsN8nDoes(column: string): object {
	return ObservableObject.create(JSON.parse(column) as IDataObject, undefined, { ignoreEmptyOnFirstChild: true });
}

/** The same entries as 0.1.x stored them: an object with a [sealed, expiry] array per entry, each one for n8n to wrap. */
function asOldForm(staticData: IDataObject, keyId: string): object {
	return { tokenCache: { v: 1, keyId, entries: cacheEntriesIn(staticData) } };
}

export async function measureCacheSize(sizes: readonly number[], plan: SamplingPlan): Promise<CacheSizeResult> {
	const accessToken = fixtureAccessToken();
	const secrets = deriveCacheSecrets(accessToken);
	const token = visitorToken();
	const emptyCacheBytes = bytesOf({ tokenCache: writeCacheText({ keyId: secrets.keyId, generation: 'AAAAAAAAAAAA' }, new Map()) });
	const operations: Record<string, Operation> = {};
	const staticDataBytes = new Map<number, number>();
	let sink = 0;

	// Every size is built first and then timed in the same rounds, so their ratio is not a ratio of two moments.
	for (const entries of sizes) {
		const node = benchNode({ accessToken, hubspot: instantHubspot(), options: { maxCacheEntries: entries } });
		const staticData: IDataObject = {};
		await fillCache(node, staticData, visitors(`size${entries}`, entries));
		const stored = staticData.tokenCache;
		const written = Object.keys(cacheEntriesIn(staticData)).length;
		if (written !== entries) throw new Error(`cache of ${entries} holds ${written} entries`);
		staticDataBytes.set(entries, bytesOf(staticData));

		// One more visitor's token, sealed as the node seals it, written into the full cache.
		const entryKey = secrets.entryKey(`one-more-${entries}@bench.example.com`);
		const expiresAt = Date.now() + TOKEN_LIFETIME_MS;
		const newTokens = new Map<string, CachedToken>([[entryKey, [secrets.seal(token, `${entryKey}|${expiresAt}`), expiresAt]]]);
		const policy = { refreshMarginMs: 60 * 60_000, maxEntries: entries };
		const now = Date.now();
		const afterWrite = { tokenCache: nextStoredCache(stored, secrets.keyId, newTokens, now, policy) };
		if (Object.keys(cacheEntriesIn(afterWrite)).length !== entries) throw new Error(`a write into a full cache of ${entries} did not evict one`);
		const serialised = JSON.stringify({ [STATIC_DATA_KEY]: afterWrite });

		operations[`pruneEvict:${entries}`] = { sync: () => (sink += nextStoredCache(stored, secrets.keyId, newTokens, now, policy).length) };
		operations[`serialise:${entries}`] = { sync: () => (sink += JSON.stringify({ [STATIC_DATA_KEY]: afterWrite }).length) };
		operations[`write:${entries}`] = {
			sync: () => {
				const next = { tokenCache: nextStoredCache(stored, secrets.keyId, newTokens, now, policy) };
				sink += JSON.stringify({ [STATIC_DATA_KEY]: next }).length;
			},
		};
		operations[`parse:${entries}`] = { sync: () => (sink += Object.keys(JSON.parse(serialised) as object).length) };
		operations[`load:${entries}`] = { sync: () => (sink += Object.keys(loadAsN8nDoes(serialised)).length) };
		const flatSerialised = JSON.stringify({ [STATIC_DATA_KEY]: asOldForm(afterWrite, secrets.keyId) });
		operations[`loadFlat:${entries}`] = { sync: () => (sink += Object.keys(loadAsN8nDoes(flatSerialised)).length) };
	}

	const samples = await sampleInterleaved(operations, plan);
	if (sink === 0) throw new Error('nothing was measured');

	const points: CacheSizePoint[] = sizes.map((entries) => {
		const of = (phase: Phase) => distribution(samples[`${phase}:${entries}`]);
		const [pruneEvictNs, serialiseNs, writeNs, parseNs, loadNs, loadFlatNs] = PHASES.map(of);
		const bytes = staticDataBytes.get(entries) ?? Number.NaN;
		return { entries, staticDataBytes: bytes, bytesPerEntry: (bytes - emptyCacheBytes) / entries, pruneEvictNs, serialiseNs, writeNs, parseNs, loadNs, loadFlatNs };
	});

	const smallest = sizes[0];
	const largest = sizes[sizes.length - 1];
	const small = samples[`write:${smallest}`];
	const large = samples[`write:${largest}`];
	const growth = median(large.map((value, round) => value / small[round]));
	return {
		tokenLength: token.length,
		bytesPerEntryLimit: token.length + 120,
		emptyCacheBytes,
		points,
		writeCostPerEntryGrowth: growth / (largest / smallest),
		writeCostExponent: Math.log(growth) / Math.log(largest / smallest),
	};
}
