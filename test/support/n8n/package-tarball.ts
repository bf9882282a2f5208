import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { REPO_ROOT } from './repo';

const run = promisify(execFile);

/** Inputs of `npm run build`: if any is newer than the built files, dist/ no longer matches the source. */
const BUILD_INPUTS = ['nodes', 'credentials', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'gulpfile.js'];

function newestMtime(path: string): number {
	if (!existsSync(path)) return 0;
	const stats = statSync(path);
	if (!stats.isDirectory()) return stats.mtimeMs;
	return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestMtime(join(path, entry))), 0);
}

/** The files package.json's `n8n` key promises: n8n fails to load the package if one is missing. */
function declaredBuildOutputs(): string[] {
	const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
		n8n?: { nodes?: string[]; credentials?: string[] };
	};
	return [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])].map((path) => join(REPO_ROOT, path));
}

export function isBuildStale(): boolean {
	const outputs = declaredBuildOutputs();
	if (outputs.length === 0 || outputs.some((path) => !existsSync(path))) return true;
	const oldestOutput = Math.min(...outputs.map((path) => statSync(path).mtimeMs));
	const newestInput = Math.max(...BUILD_INPUTS.map((input) => newestMtime(join(REPO_ROOT, input))));
	return newestInput > oldestOutput;
}

/**
 * Builds (when dist/ is stale) and packs the package exactly as it would be published,
 * so the suite exercises the tarball users get, not the working tree.
 * Returns the tarball's path inside `destination`.
 */
export async function packPackage(destination: string): Promise<string> {
	if (isBuildStale()) {
		await run('npm', ['run', 'build'], { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 });
	}
	const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', destination], {
		cwd: REPO_ROOT,
		maxBuffer: 16 * 1024 * 1024,
	});
	const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
	return join(destination, packed.filename);
}
