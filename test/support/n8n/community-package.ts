import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** n8n's folder for community packages: `<N8N_USER_FOLDER>/.n8n/nodes`. */
export function communityNodesDir(userFolder: string): string {
	return join(userFolder, '.n8n', 'nodes');
}

interface PackageManifest {
	name: string;
	version: string;
	dependencies?: Record<string, string>;
	devDependencies?: unknown;
	peerDependencies?: unknown;
	optionalDependencies?: unknown;
}

/**
 * Installs a packed package the way n8n's Settings → Community Nodes installer does
 * (n8n 2.x `CommunityPackagesService.downloadPackage`): unpack into `nodes/node_modules/<name>`,
 * drop dev/peer/optional dependencies from its package.json, install runtime dependencies
 * without scripts, and record it in the `nodes/package.json` ledger. n8n 1.x and 2.x both load
 * every `n8n-nodes-*` folder found there at start-up.
 */
export async function installCommunityPackage(userFolder: string, tarball: string): Promise<PackageManifest> {
	const nodesDir = communityNodesDir(userFolder);
	const staging = join(nodesDir, '.unpack');
	await mkdir(staging, { recursive: true });
	await run('tar', ['-xzf', tarball, '-C', staging, '--strip-components=1']);
	const manifestPath = join(staging, 'package.json');
	const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as PackageManifest;
	const installed: PackageManifest = { ...manifest };
	delete installed.devDependencies;
	delete installed.peerDependencies;
	delete installed.optionalDependencies;
	await writeFile(manifestPath, JSON.stringify(installed, null, 2));

	const packageDir = join(nodesDir, 'node_modules', manifest.name);
	await mkdir(join(nodesDir, 'node_modules'), { recursive: true });
	await run('mv', [staging, packageDir]);

	// n8n verification forbids runtime dependencies; should one appear, install it as n8n would.
	if (Object.keys(installed.dependencies ?? {}).length > 0) {
		await run(
			'npm',
			['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
			{ cwd: packageDir },
		);
	}

	const ledger = { name: 'installed-nodes', private: true, dependencies: { [manifest.name]: manifest.version } };
	await writeFile(join(nodesDir, 'package.json'), JSON.stringify(ledger, null, 2));
	return installed;
}
