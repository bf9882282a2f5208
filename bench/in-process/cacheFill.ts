import type { IDataObject } from 'n8n-workflow';

import type { NodeUnderBench, Visitor } from './nodeRunner';

/**
 * The node's own burst limiter allows 100 HubSpot calls per execution window, so filling a cache in
 * executions of at most 100 new visitors never waits: every entry is written exactly as the node writes it.
 */
const VISITORS_PER_FILL = 100;

/** Fills `staticData` with a cache entry for every visitor, by running the node over them. */
export async function fillCache(node: NodeUnderBench, staticData: IDataObject, everyone: readonly Visitor[]): Promise<void> {
	for (let start = 0; start < everyone.length; start += VISITORS_PER_FILL) {
		await node.execute(everyone.slice(start, start + VISITORS_PER_FILL), staticData);
	}
}

export { cacheEntriesIn as cacheEntries } from '../../test/support/cacheInStaticData';
