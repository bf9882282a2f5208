// The list of tested n8n releases (scripts/tested-n8n-versions.json), typed for the harness and the README
// renderer. The JSON is the source: install-n8n.sh reads it too, so it cannot live in TypeScript.
import list from '../../../scripts/tested-n8n-versions.json';

/** The test levels of the project, as named by test/jest.<level>.config.js. */
export type TestLevel = 'engine' | 'e2e' | 'browser' | 'queue' | 'commands';
/** CI's fast job runs on every pull request; its scheduled jobs every night. */
export type Where = 'every pull request' | 'nightly';

export interface TestedRun {
	level: TestLevel;
	where: Where;
	/** In the user's words, for the README's table. */
	what: string;
	/** Only these test files of the level run on the release (all of them when absent). */
	files?: string[];
}

export interface TestedN8n {
	version: string;
	/** Major version of the Node that runs this n8n. */
	node: number;
	/** scripts/install-n8n.sh's argument that installs it. */
	install: string;
	/** Run by the e2e and queue levels unless N8N_E2E_VERSIONS names others. */
	default: boolean;
	note?: string;
	runs: TestedRun[];
}

export const TESTED_N8N: readonly TestedN8n[] = list.versions as TestedN8n[];

/** The oldest n8n that can load the node at all, and why older ones cannot. */
export const LOADABLE_MINIMUM: { loads: string; why: string } = list.minimum;

export function testedN8n(version: string): TestedN8n {
	const entry = TESTED_N8N.find((candidate) => candidate.version === version);
	if (entry === undefined) throw new Error(`n8n ${version} is not in scripts/tested-n8n-versions.json`);
	return entry;
}
