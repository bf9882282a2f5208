// Mutation testing (npm run test:mutation, see scripts/mutation.sh): StrykerJS changes the node's and the
// credential's code one small bug at a time and checks that the unit and engine levels notice.
// Slow (1 h 45 min from scratch on two cores), so not part of npm test or CI.
const concurrency = Number(process.env.MUTATION_CONCURRENCY ?? 2);
const mutate = process.env.MUTATION_FILES ? process.env.MUTATION_FILES.split(',') : ['nodes/**/*.ts', 'credentials/**/*.ts'];
// Static mutants change code that runs when a module loads (the editor's descriptions, tables, regular
// expressions held in constants). StrykerJS counts half of all mutants here as static (1419 of 2838), and
// runs each against every related test file: some three hours more on two cores. Off by default
// (MUTATION_STATIC=1 runs them): the purely static ones (322) are then not run, and the rest only against
// the tests that reach them, switched on during those tests only, so a test that builds the node or a
// credential at its top level never sees them.
const ignoreStatic = process.env.MUTATION_STATIC !== '1';
// Each set of files mutated is a run of its own (scripts/mutation.sh names it): its report, its incremental
// results and its sandboxes live apart, so runs over different files can go side by side and the summary
// merges them file by file.
const runDir = process.env.MUTATION_RUN_DIR ?? 'reports/mutation/runs/all';
const runName = runDir.split('/').pop();

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
	packageManager: 'npm',
	testRunner: 'jest',
	jest: { projectType: 'custom', configFile: 'test/jest.mutation.config.js', enableFindRelatedTests: true },
	checkers: ['typescript'],
	tsconfigFile: 'tsconfig.json',
	typescriptChecker: { prioritizePerformanceOverAccuracy: true },
	mutate,
	coverageAnalysis: 'perTest',
	ignoreStatic,
	concurrency,
	// Added to a mutant's expected test time: a mutant that loops forever on the fake clock costs this much.
	// MUTATION_TIMEOUT_MS raises it when a loaded machine makes tests time out that would fail.
	timeoutMS: Number(process.env.MUTATION_TIMEOUT_MS ?? 8000),
	incremental: true,
	incrementalFile: `${runDir}/stryker-incremental.json`,
	ignorePatterns: ['dist', 'reports', 'bench/results', '.e2e', 'docs', 'examples/website/node_modules', '.stryker-tmp'],
	reporters: ['json', 'html', 'clear-text', 'progress'],
	jsonReporter: { fileName: `${runDir}/mutation.json` },
	htmlReporter: { fileName: `${runDir}/mutation.html` },
	thresholds: { high: 90, low: 85, break: null },
	tempDirName: `.stryker-tmp/${runName}`,
	cleanTempDir: 'always',
};
