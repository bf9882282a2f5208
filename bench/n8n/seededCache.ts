import type { IDataObject } from 'n8n-workflow';

import { fillCache } from '../in-process/cacheFill';
import { instantHubspot } from '../in-process/instantHubspot';
import { benchNode, type Visitor } from '../in-process/nodeRunner';
import { NODE_NAME } from './workflows';

/**
 * A workflow's static data holding a full cache (one entry per visitor), written by the node's own code
 * with the access token the n8n credential holds. Importing it with the workflow stands in for the
 * visitors' first requests, which would take minutes through HubSpot's latency and the webhook.
 */
export async function seededStaticData(accessToken: string, everyone: readonly Visitor[]): Promise<object> {
	const node = benchNode({ accessToken, hubspot: instantHubspot(), options: { maxCacheEntries: everyone.length } });
	const staticData: IDataObject = {};
	await fillCache(node, staticData, everyone);
	return { [`node:${NODE_NAME}`]: staticData };
}
