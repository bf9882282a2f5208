// `npm run dev` (through scripts/dev.sh, which installs what it needs first): a local n8n 2.41.1 running the
// node and credential built from this working tree, rebuilt on every edit of nodes/ or credentials/ and
// reloaded by n8n without a restart, with the basic example published against the HubSpot simulator.
//
// Why tsc writes straight into n8n's community-package folder instead of n8n loading a symlink to the repo:
// Node resolves a symlinked package to its real path, so the node would `require('n8n-workflow')` from
// the repo's node_modules (our devDependency) instead of n8n's own copy, which no user ever gets; and
// n8n's watcher would watch the whole repo, node_modules included. A real folder loads exactly as an
// installed package does, and n8n's N8N_DEV_RELOAD watcher sees every file tsc writes there.

import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, watch, type FSWatcher } from 'node:fs';
import { dirname, join, relative } from 'node:path';

import { communityNodesDir } from '../test/support/n8n/community-package';
import { N8nInstance, PACKAGE_NAME, REPO_ROOT, setUpOwner, waitUntil, type OwnerAccount } from '../test/support/n8n';
import { choosePort, connectHubspot, curlExample, N8N_VERSION, runUntilStopped, sayer, setUpBasicExample, type Cleanups, type HubspotEndpoint } from './local-n8n';

const say = sayer('dev');
const SOURCE_DIRS = ['nodes', 'credentials'];
/** What tsc does not copy and n8n needs beside the compiled files (the same list as gulpfile.js). */
const isAsset = (file: string): boolean => file.endsWith('.svg') || file.endsWith('.node.json');

function filesUnder(dir: string): string[] {
	return readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile())
		.map((entry) => join(entry.parentPath, entry.name));
}

/** Copies one icon or codex file from the working tree to the same place under the package's dist/. */
function copyAsset(file: string, packageDir: string): void {
	const target = join(packageDir, 'dist', relative(REPO_ROOT, file));
	mkdirSync(dirname(target), { recursive: true });
	copyFileSync(file, target);
}

/** Watches nodes/ and credentials/ for icons and codex files (tsc watches the TypeScript). */
function watchAssets(packageDir: string): FSWatcher[] {
	return SOURCE_DIRS.map((dir) =>
		watch(join(REPO_ROOT, dir), { recursive: true }, (_event, name) => {
			if (name === null || !isAsset(name)) return;
			try {
				copyAsset(join(REPO_ROOT, dir, name), packageDir);
				say(`copied ${dir}/${name}`);
			} catch {
				// Deleted or renamed away: nothing to copy.
			}
		}),
	);
}

/** `tsc --watch` into the package folder; `onBuild` hears the error count after every compilation. */
function startCompiler(packageDir: string, onBuild: (errors: number) => void): ChildProcess {
	const tsc = spawn(
		process.execPath,
		[require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput', '--outDir', join(packageDir, 'dist')],
		{ cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
	);
	let pending = '';
	tsc.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
		pending += chunk;
		const lines = pending.split('\n');
		pending = lines.pop() ?? '';
		for (const line of lines) {
			const done = /Found (\d+) errors?\. Watching for file changes/.exec(line);
			if (done) onBuild(Number(done[1]));
			else if (/error TS\d+/.test(line)) process.stdout.write(`[dev] tsc: ${line.replace(/^\S+ - /, '')}\n`);
		}
	});
	return tsc;
}

async function stopCompiler(tsc: ChildProcess): Promise<void> {
	if (tsc.exitCode !== null || tsc.signalCode !== null) return;
	const exited = new Promise<void>((resolve) => tsc.once('exit', () => resolve()));
	tsc.kill('SIGTERM');
	await exited;
}

/**
 * The package as n8n finds an installed one: `<user folder>/.n8n/nodes/node_modules/<name>` with its
 * package.json and dist/. tsc fills dist/ from now on, on every change.
 */
async function buildIntoN8n(cleanups: Cleanups, n8n: N8nInstance, onRebuild: (errors: number) => void): Promise<string> {
	const packageDir = join(communityNodesDir(n8n.userFolder), 'node_modules', PACKAGE_NAME);
	mkdirSync(packageDir, { recursive: true });
	copyFileSync(join(REPO_ROOT, 'package.json'), join(packageDir, 'package.json'));
	for (const dir of SOURCE_DIRS) filesUnder(join(REPO_ROOT, dir)).filter(isAsset).forEach((file) => copyAsset(file, packageDir));
	const watchers = watchAssets(packageDir);
	cleanups.push(async () => watchers.forEach((watcher) => watcher.close()));

	let firstBuild: (errors: number) => void = () => undefined;
	const firstBuildDone = new Promise<number>((resolve) => (firstBuild = resolve));
	let built = false;
	const tsc = startCompiler(packageDir, (errors) => {
		if (built) return onRebuild(errors);
		built = true;
		firstBuild(errors);
	});
	cleanups.push(() => stopCompiler(tsc));
	say('compiling nodes/ and credentials/ (tsc --watch)');
	const errors = await firstBuildDone;
	if (errors > 0) say(`the first build has ${errors} TypeScript error(s); n8n loads what tsc emitted, fix and save to rebuild`);
	return packageDir;
}

/**
 * n8n with N8N_DEV_RELOAD watches community packages, but only from some seconds after it is ready;
 * an edit before that would go unnoticed. Its debug log says when it watches our package.
 */
async function hotReloadIsWatching(n8n: N8nInstance): Promise<boolean> {
	const watching = new RegExp(`Watching node folders for hot reload .*"loader":"${PACKAGE_NAME}"`);
	try {
		await waitUntil(async () => watching.test(readFileSync(n8n.logFile, 'utf8')), { what: "n8n's hot-reload watcher", timeoutMs: 90_000, intervalMs: 500 });
		return true;
	} catch {
		return false;
	}
}

/** Reports each reload n8n logs (or its failure), so the maintainer knows when to refresh the editor. */
function followReloads(cleanups: Cleanups, n8n: N8nInstance): void {
	let offset = readFileSync(n8n.logFile).length;
	const timer = setInterval(() => {
		const log = readFileSync(n8n.logFile);
		const added = log.subarray(offset).toString('utf8');
		offset = log.length;
		for (const line of added.split('\n')) {
			if (line.includes(`Hot reload triggered for ${PACKAGE_NAME}`)) say('n8n reloaded the package: refresh the editor to see the change');
			if (line.includes(`Hot reload failed for ${PACKAGE_NAME}`)) say(`n8n could not reload the package: ${line}`);
		}
	}, 500);
	cleanups.push(async () => clearInterval(timer));
}

function printHowToUse(n8n: N8nInstance, owner: OwnerAccount, webhookUrl: string, hubspot: HubspotEndpoint, packageDir: string, reloads: boolean): void {
	process.stdout.write(
		[
			'',
			`  n8n editor:   ${n8n.baseUrl}`,
			`  Log in:       ${owner.email} / ${owner.password}`,
			`  HubSpot:      ${hubspot.description}`,
			`  Webhook URL:  ${webhookUrl}  (the basic example, published)`,
			`  n8n log:      ${n8n.logFile}`,
			`  Watching:     ${SOURCE_DIRS.map((dir) => join(REPO_ROOT, dir)).join(', ')}`,
			`  Built into:   ${packageDir}`,
			reloads
				? '  On save:      tsc rebuilds, n8n reloads the package; refresh the editor.'
				: '  On save:      tsc rebuilds and n8n restarts (about 20-40 seconds).',
			'',
			`  Try it:       ${curlExample(webhookUrl)}`,
			'',
			'  Press Ctrl-C to stop (n8n, the simulator and the temporary folder go with it).',
			'',
		].join('\n'),
	);
}

/** DEV_RESTART=1 restarts n8n on every rebuild instead of relying on its hot reload. */
const restartOnRebuild = process.env.DEV_RESTART === '1';

void runUntilStopped('dev', async (cleanups) => {
	const hubspot = await connectHubspot(cleanups);
	const n8n = await N8nInstance.create({
		version: N8N_VERSION,
		port: await choosePort(),
		// debug: n8n logs when its hot-reload watcher is in place only at that level (the log is a file).
		logLevel: 'debug',
		folderPrefix: 'n8n-dev',
		environment: { N8N_DEV_RELOAD: restartOnRebuild ? 'false' : 'true' },
	});
	cleanups.push(() => n8n.dispose());

	// Rebuilds before n8n starts need nothing: n8n loads whatever is built when it starts.
	let reloads = true;
	let restarting = Promise.resolve();
	const packageDir = await buildIntoN8n(cleanups, n8n, (errors) => {
		say(errors === 0 ? 'rebuilt' : `rebuilt with ${errors} TypeScript error(s)`);
		if (reloads) return;
		restarting = restarting
			.then(async () => {
				say('restarting n8n');
				await n8n.restart();
				say('n8n restarted: refresh the editor');
			})
			.catch((error: unknown) => say(`n8n did not restart: ${(error as Error).message}`));
	});

	say(`setting up n8n ${N8N_VERSION} in ${n8n.userFolder}`);
	const path = await setUpBasicExample(n8n, hubspot);
	say('starting n8n (about 20-40 seconds)');
	await n8n.start();
	const owner = await setUpOwner(n8n.baseUrl);
	await n8n.waitForWebhook(path);
	reloads = !restartOnRebuild && (await hotReloadIsWatching(n8n));
	if (reloads) followReloads(cleanups, n8n);
	else if (!restartOnRebuild) say("n8n's hot reload did not start: n8n restarts on every rebuild instead");
	printHowToUse(n8n, owner, n8n.webhookUrl(path), hubspot, packageDir, reloads);
});
