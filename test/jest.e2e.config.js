// The end-to-end suite: the packed package inside real n8n 2.x and 1.x processes (see test/e2e/).
// Runs in band: each test file drives its own n8n instances, and two at once would only fight for
// the CI machine's two cores.
const path = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
	rootDir: path.join(__dirname, '..'),
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
	},
	modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/'],
	globalSetup: '<rootDir>/test/e2e/global-setup.ts',
	globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
	maxWorkers: 1,
	// Starting n8n takes 20-40 s on two cores; a cold install inside global setup takes several minutes.
	testTimeout: 180_000,
	slowTestThreshold: 60,
};
