import type { IDataObject } from 'n8n-workflow';

import { cacheEntriesIn } from '../../support/cacheInStaticData';

/** The node's name in the basic example, and so its static-data key `node:<name>`. */
export const NODE_NAME = 'HubSpot Visitor Identification';

/**
 * How many token entries the node's cache holds in a workflow's static-data column as n8n stored it
 * (0 when there is none). Throws when the column is not JSON: that would be corruption.
 */
export function cacheEntryCount(column: string | null): number {
	if (column === null) return 0;
	const staticData = JSON.parse(column) as Record<string, IDataObject | undefined>;
	const nodeData = staticData[`node:${NODE_NAME}`];
	return nodeData === undefined ? 0 : Object.keys(cacheEntriesIn(nodeData)).length;
}
