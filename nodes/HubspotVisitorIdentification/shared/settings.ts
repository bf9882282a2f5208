import type { IDataObject } from 'n8n-workflow';

import type { ApiVersion } from './transport';

/** The node's options after defaults and checks, in the units the code works in. */
export interface Settings {
	useCache: boolean;
	refreshMarginMs: number;
	maxEntries: number;
	apiVersion: ApiVersion;
	maxRetries: number;
	maxTotalWaitMs: number;
	timeoutMs: number;
	/** 0: no limit. */
	newVisitorsPerMinute: number;
}

/**
 * n8n reads and parses a workflow's whole static data twice for every request, whichever node reads it: at
 * 10,000 entries (3.3 MB) that adds tens of milliseconds to every request of the workflow (BENCHMARKS.md).
 */
export const MAX_CACHE_ENTRIES = 10_000;

/**
 * 60 a minute: a flood through a public webhook can spend at most 60 × 1,440 = 86,400 HubSpot calls a day per
 * n8n process, 13.3 % of a Professional account's daily 650,000, while a campaign's burst of 60 new visitors in
 * any minute (3,600 an hour) still passes; cached visitors never count.
 */
export const DEFAULT_NEW_VISITORS_PER_MINUTE = 60;
export const MAX_NEW_VISITORS_PER_MINUTE = 100_000;

/** An option with a value the node cannot work with, named as the user sees it. */
export class InvalidOptionError extends Error {}

type NumberOrProblem = number | InvalidOptionError;

function numberOption(options: IDataObject, name: string, label: string, fallback: number, min: number, max: number): NumberOrProblem {
	const raw = options[name];
	if (raw === undefined || raw === null || raw === '') return fallback;
	const value = typeof raw === 'string' ? Number(raw) : raw;
	if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
		return new InvalidOptionError(`The option "${label}" must be a number from ${min} to ${max}; it is ${JSON.stringify(raw)}.`);
	}
	return value;
}

/** The API lines the node can call. */
export const API_VERSIONS: readonly ApiVersion[] = ['2026-09', '2026-03', 'v3'];

/** HubSpot's current line, the default of the newest node version, and the line the credential tests call. */
export const CURRENT_API_VERSION: ApiVersion = '2026-09';

/**
 * The line a node calls when its API Version option is not set. A changed default is a new node version (n8n's
 * convention), so workflows saved with version 1 keep calling 2026-03 exactly as before.
 */
export function defaultApiVersion(nodeVersion: number): ApiVersion {
	return nodeVersion >= 2 ? CURRENT_API_VERSION : '2026-03';
}

/** The settings, or the first option that is out of range. */
export function readSettings(options: IDataObject, nodeVersion = 1): Settings | InvalidOptionError {
	const apiVersion = options.apiVersion ?? defaultApiVersion(nodeVersion);
	if (!API_VERSIONS.includes(apiVersion as ApiVersion)) {
		return new InvalidOptionError(`The option "API Version" must be "2026-09", "2026-03" or "v3"; it is ${JSON.stringify(apiVersion)}.`);
	}
	const numbers = {
		refreshMarginMinutes: numberOption(options, 'refreshMarginMinutes', 'Refresh Margin (Minutes)', 60, 0, 719),
		maxCacheEntries: numberOption(options, 'maxCacheEntries', 'Max Cache Entries', 1000, 1, MAX_CACHE_ENTRIES),
		maxRetries: numberOption(options, 'maxRetries', 'Max Retries', 3, 0, 10),
		maxRetryWaitSeconds: numberOption(options, 'maxRetryWaitSeconds', 'Max Retry Wait (Seconds)', 8, 0, 60),
		timeoutSeconds: numberOption(options, 'timeoutSeconds', 'Timeout (Seconds)', 10, 1, 60),
		newVisitorsPerMinute: numberOption(options, 'newVisitorsPerMinute', 'New Visitors per Minute', DEFAULT_NEW_VISITORS_PER_MINUTE, 0, MAX_NEW_VISITORS_PER_MINUTE),
	};
	for (const value of Object.values(numbers)) if (value instanceof InvalidOptionError) return value;
	const n = numbers as Record<keyof typeof numbers, number>;
	return {
		useCache: options.useCache !== false,
		refreshMarginMs: n.refreshMarginMinutes * 60_000,
		maxEntries: Math.floor(n.maxCacheEntries),
		apiVersion: apiVersion as ApiVersion,
		maxRetries: Math.floor(n.maxRetries),
		maxTotalWaitMs: n.maxRetryWaitSeconds * 1000,
		timeoutMs: n.timeoutSeconds * 1000,
		newVisitorsPerMinute: Math.floor(n.newVisitorsPerMinute),
	};
}
