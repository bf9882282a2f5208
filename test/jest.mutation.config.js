// The levels StrykerJS runs against each mutant (npm run test:mutation): unit and engine, the ones fast
// enough to run hundreds of times. Type errors are the TypeScript checker's job there, so ts-jest only
// transpiles (much faster per mutant).
const base = require('./jest.base');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	displayName: 'mutation',
	testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/engine/**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', isolatedModules: true, diagnostics: false }] },
	testTimeout: 20000,
};
