import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { REPO_ROOT } from '../support/n8n';

const run = promisify(execFile);
const WORKFLOWS = join(REPO_ROOT, '.github', 'workflows');

async function lintFolder(folder: string): Promise<{ code: number; output: string }> {
	try {
		const { stdout } = await run(process.execPath, [join(REPO_ROOT, 'scripts', 'lint-workflows.mjs'), folder]);
		return { code: 0, output: stdout };
	} catch (error) {
		const failed = error as { code: number; stdout: string };
		return { code: failed.code, output: failed.stdout };
	}
}

/** `npm run lint` lints the workflows; these prove the linter it uses catches what matters. */
describe('the workflow lint in npm run lint', () => {
	let folder: string;

	beforeEach(async () => {
		folder = await mkdtemp(join(tmpdir(), 'hvi-workflows-'));
		for (const file of ['ci.yml', 'publish.yml']) await copyFile(join(WORKFLOWS, file), join(folder, file));
	});
	afterEach(async () => {
		await rm(folder, { recursive: true, force: true });
	});

	it("passes the project's workflows", async () => {
		expect(await lintFolder(folder)).toEqual({ code: 0, output: '' });
	});

	it('fails a broken expression, an unpinned action, and write access beyond the OIDC token', async () => {
		const ci = await readFile(join(folder, 'ci.yml'), 'utf8');
		await writeFile(
			join(folder, 'ci.yml'),
			ci
				.replace('group: ci-${{ github.ref }}', 'group: ci-${{ github.reff }}')
				.replace(/actions\/checkout@[0-9a-f]{40} # v[\d.]+/, 'actions/checkout@v4')
				.replace('permissions:\n  contents: read', 'permissions:\n  contents: write'),
		);
		const { code, output } = await lintFolder(folder);
		expect(code).toBe(1);
		expect(output).toMatch(/ci\.yml:\d+:\d+: property "reff" is not defined/);
		expect(output).toContain('"actions/checkout@v4" is not pinned to a full commit SHA');
		expect(output).toContain('"contents: write": only publish.yml\'s id-token may be written');
	});

	it('fails a publish workflow that skips the release check or provenance', async () => {
		const publish = await readFile(join(folder, 'publish.yml'), 'utf8');
		await writeFile(join(folder, 'publish.yml'), publish.replace('      - run: npm run release:check\n', '').replace('npm publish --provenance --access public', 'npm publish --access public'));
		const { code, output } = await lintFolder(folder);
		expect(code).toBe(1);
		expect(output).toContain('publish.yml: does not run npm run release:check');
		expect(output).toContain('publish.yml: does not run npm publish --provenance --access public');
	});
});
