import { HubSpotFailure } from './hubspotFailure';

/**
 * How many visitors not in the cache one node may ask HubSpot about per minute, across the executions of one
 * n8n process. In email mode anyone who can call the webhook can send new emails; without a bound, one
 * stranger could spend the HubSpot account's daily API quota, which every app of the account shares.
 * Cache hits never count, so returning visitors are served however busy the minute is.
 */
export const NEW_VISITOR_WINDOW_MS = 60_000;

/** Nodes (workflow × node name) tracked by this process; the one unused longest is dropped beyond this. */
const MAX_NODES = 200;

/** Per node, when each HubSpot call for a new visitor started, oldest first. */
const windows = new Map<string, number[]>();

/** The budget of one node: takes a turn for one new visitor's HubSpot call, or refuses. */
export interface NewVisitorBudget {
	/** True when the call may go ahead (the turn is taken); false when the minute's budget is spent. */
	take(now: number): boolean;
}

/** `perMinute` 0 means no limit. */
export function newVisitorBudget(workflowId: string, nodeName: string, perMinute: number): NewVisitorBudget {
	const scope = JSON.stringify([workflowId, nodeName]);
	return {
		take(now) {
			if (perMinute === 0) return true;
			let started = windows.get(scope);
			if (started === undefined) {
				started = [];
				if (windows.size >= MAX_NODES) windows.delete(windows.keys().next().value as string);
			}
			windows.delete(scope);
			windows.set(scope, started);
			let expired = 0;
			while (expired < started.length && started[expired] <= now - NEW_VISITOR_WINDOW_MS) expired++;
			if (expired > 0) started.splice(0, expired);
			if (started.length >= perMinute) return false;
			started.push(now);
			return true;
		},
	};
}

/** The item's failure when the budget is spent: HubSpot was not called. */
export function newVisitorLimitReached(perMinute: number): HubSpotFailure {
	return new HubSpotFailure(
		'NEW_VISITOR_LIMIT',
		`This node already asked HubSpot for ${perMinute} new visitors in the last minute, the limit set by its option "New Visitors per Minute", so HubSpot was not called for this visitor. Visitors in the cache are still served. If this is real traffic, raise the option; if it is not, someone may be sending made-up emails to the webhook: identify visitors by Verified ID Token instead.`,
		{ respondWith: 429, retry: 'none' },
	);
}

/** Forgets every node's minute, as a restart of n8n would. */
export function forgetNewVisitorBudgets(): void {
	windows.clear();
}
