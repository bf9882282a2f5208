import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { isBuildStale, REPO_ROOT } from '../support/n8n';

const run = promisify(execFile);

/** What the release scripts read and write, copied: the tests never touch the real working tree. */
async function copyOfTheRepo(): Promise<string> {
	const copy = await mkdtemp(join(tmpdir(), 'hvi-release-'));
	for (const entry of ['package.json', 'CHANGELOG.md', 'nodes', 'credentials', 'scripts']) {
		await cp(join(REPO_ROOT, entry), join(copy, entry), { recursive: true });
	}
	return copy;
}

/** Runs an npm script in `cwd` as a maintainer would; resolves with its exit code and output. */
async function npmRun(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; output: string }> {
	const clean = { ...process.env, GITHUB_ACTIONS: '', GITHUB_REF_NAME: '', GITHUB_REPOSITORY: '', ...env };
	try {
		const { stdout } = await run('npm', ['run', '--silent', ...args], { cwd, env: clean });
		return { code: 0, output: stdout };
	} catch (error) {
		const failed = error as { code: number; stdout: string; stderr: string };
		return { code: failed.code, output: `${failed.stdout}${failed.stderr}` };
	}
}

async function markReleased(copy: string, version: string): Promise<void> {
	const file = join(copy, 'CHANGELOG.md');
	const text = await readFile(file, 'utf8');
	await writeFile(file, text.replace(`## ${version} (unreleased)`, `## ${version} (2026-12-01)`));
}

describe('npm run release:check refuses a release n8n could not verify, and accepts a true one', () => {
	let copy: string;

	beforeEach(async () => {
		copy = await copyOfTheRepo();
	});
	afterEach(async () => {
		await rm(copy, { recursive: true, force: true });
	});

	it("refuses the placeholder repository and author, and a changelog entry still marked unreleased", async () => {
		const { code, output } = await npmRun(copy, ['release:check', '--', '--tag', 'v0.1.0']);
		expect(code).toBe(1);
		expect(output).toContain('repository n8n-nodes-hubspot-visitor-identification/n8n-nodes-hubspot-visitor-identification is the placeholder');
		expect(output).toContain('author e-mail maintainers@n8n-nodes-hubspot-visitor-identification.dev is the placeholder');
		expect(output).toContain('still marked unreleased');
	});

	it('accepts the release once set-repository made the metadata true and the changelog has the entry', async () => {
		const set = await npmRun(copy, ['set-repository', '--', 'ada-lovelace/n8n-nodes-hubspot-visitor-identification', 'Ada Lovelace <ada@example.org>']);
		expect(set.code).toBe(0);
		await markReleased(copy, '0.1.0');

		const { code, output } = await npmRun(copy, ['release:check'], { GITHUB_REF_NAME: 'v0.1.0' });
		expect(output).toContain('is ready to publish');
		expect(code).toBe(0);

		const manifest = JSON.parse(await readFile(join(copy, 'package.json'), 'utf8'));
		expect(manifest).toMatchObject({
			repository: { type: 'git', url: 'git+https://github.com/ada-lovelace/n8n-nodes-hubspot-visitor-identification.git' },
			homepage: 'https://github.com/ada-lovelace/n8n-nodes-hubspot-visitor-identification#readme',
			bugs: { url: 'https://github.com/ada-lovelace/n8n-nodes-hubspot-visitor-identification/issues' },
			author: { name: 'Ada Lovelace', email: 'ada@example.org' },
		});
		const credential = await readFile(join(copy, 'credentials', 'HubspotVisitorIdentificationApi.credentials.ts'), 'utf8');
		expect(credential).toContain("documentationUrl = 'https://github.com/ada-lovelace/n8n-nodes-hubspot-visitor-identification#hubspot-setup'");
	});

	describe('with true metadata', () => {
		beforeEach(async () => {
			await npmRun(copy, ['set-repository', '--', 'ada-lovelace/n8n-nodes-hubspot-visitor-identification', 'Ada Lovelace <ada@example.org>']);
			await markReleased(copy, '0.1.0');
		});

		it("refuses a tag that does not name package.json's version, and no tag at all", async () => {
			const wrongTag = await npmRun(copy, ['release:check', '--', '--tag', 'v0.2.0']);
			expect(wrongTag.code).toBe(1);
			expect(wrongTag.output).toContain("tag v0.2.0 does not name package.json's version 0.1.0");
			const noTag = await npmRun(copy, ['release:check']);
			expect(noTag.code).toBe(1);
			expect(noTag.output).toContain('no tag to release');
		});

		it('refuses a version without a CHANGELOG.md entry', async () => {
			const manifest = JSON.parse(await readFile(join(copy, 'package.json'), 'utf8'));
			await writeFile(join(copy, 'package.json'), JSON.stringify({ ...manifest, version: '0.1.1' }));
			const { code, output } = await npmRun(copy, ['release:check', '--', '--tag', 'v0.1.1']);
			expect(code).toBe(1);
			expect(output).toContain('CHANGELOG.md has no "## 0.1.1" entry');
		});

		it('refuses a homepage, or a credential documentation URL, that points elsewhere', async () => {
			const manifest = JSON.parse(await readFile(join(copy, 'package.json'), 'utf8'));
			await writeFile(join(copy, 'package.json'), JSON.stringify({ ...manifest, homepage: 'https://example.org' }));
			const credentialFile = join(copy, 'credentials', 'HubspotVisitorIdentificationApi.credentials.ts');
			const credential = await readFile(credentialFile, 'utf8');
			await writeFile(credentialFile, credential.replace('github.com/ada-lovelace/', 'github.com/someone-else/'));

			const { code, output } = await npmRun(copy, ['release:check', '--', '--tag', 'v0.1.0']);
			expect(code).toBe(1);
			expect(output).toContain('homepage is https://example.org');
			expect(output).toMatch(/credentials\/HubspotVisitorIdentificationApi\.credentials\.ts:\d+: links to github\.com\/someone-else\//);
		});

		it('refuses to publish from a GitHub repository other than the one package.json names (provenance)', async () => {
			const { code, output } = await npmRun(copy, ['release:check'], {
				GITHUB_ACTIONS: 'true',
				GITHUB_REF_NAME: 'v0.1.0',
				GITHUB_REPOSITORY: 'someone-else/n8n-nodes-hubspot-visitor-identification',
			});
			expect(code).toBe(1);
			expect(output).toContain('publishing from someone-else/n8n-nodes-hubspot-visitor-identification');
		});
	});
});

describe("publish.yml's npm publish, dry-run on this checkout", () => {
	let workflow: string;
	beforeAll(async () => {
		workflow = await readFile(join(REPO_ROOT, '.github', 'workflows', 'publish.yml'), 'utf8');
		if (isBuildStale()) await run('npm', ['run', 'build'], { cwd: REPO_ROOT });
	});

	/** `npm publish --dry-run` as publish.yml runs it (without --provenance, which needs GitHub's OIDC token). */
	async function dryRun(extraArgs: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
		const publishLine = /run: (npm publish .*)$/m.exec(workflow)?.[1] ?? '';
		expect(publishLine).toBe('npm publish --provenance --access public');
		const args = [...publishLine.split(' ').slice(1).filter((arg) => arg !== '--provenance'), '--dry-run', '--json', ...extraArgs];
		try {
			const { stdout, stderr } = await run('npm', args, { cwd: REPO_ROOT, env: { ...process.env, RELEASE_MODE: '', ...env } });
			return { code: 0, stdout, stderr };
		} catch (error) {
			const failed = error as { code: number; stdout: string; stderr: string };
			return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
		}
	}

	it('would publish a tarball with every file the n8n key names and nothing from test/', async () => {
		const { code, stdout } = await dryRun([], {});
		expect(code).toBe(0);
		const [packed] = Object.values(JSON.parse(stdout) as Record<string, { files: Array<{ path: string }> }>);
		const files = packed.files.map((file) => file.path);

		const manifest = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8'));
		for (const path of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) expect(files).toContain(path);
		expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE']));
		expect(files.filter((path) => /(^|\/)test\/|\.test\.|^scripts\/|^\.github\//.test(path))).toEqual([]);
	});

	// The project's .npmrc sets ignore-scripts, which npm publish obeys too; these run the scripts, as npm
	// does wherever that setting is off.
	it("with scripts run, prepublishOnly (n8n-node prerelease) lets publish.yml's publish through: the step sets RELEASE_MODE", async () => {
		const manifest = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8'));
		expect(manifest.scripts.prepublishOnly).toBe('n8n-node prerelease');
		const env = /run: npm publish .*\n\s+env:\n((?:\s+\w+: .*\n?)+)/.exec(workflow)?.[1] ?? '';
		expect(env).toMatch(/^\s+RELEASE_MODE: 'true'$/m);

		const { code, stdout } = await dryRun(['--ignore-scripts=false'], { RELEASE_MODE: 'true' });
		expect(code).toBe(0);
		expect(Object.keys(JSON.parse(stdout))).toEqual([manifest.name]);
	});

	it('with scripts run, a publish from a maintainer\'s machine (no RELEASE_MODE) is refused', async () => {
		const { code, stdout, stderr } = await dryRun(['--ignore-scripts=false'], {});
		expect(code).not.toBe(0);
		expect(`${stdout}${stderr}`).toContain('n8n-node prerelease');
	});
});
