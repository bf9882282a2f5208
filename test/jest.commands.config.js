// The maintainer's commands run as a terminal runs them: `npm start`, `npm run dev` (each a real n8n),
// `npm run release:check` and `npm publish --dry-run`. In band: two n8n at once only fight for two cores.
const base = require('./jest.base');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	testMatch: ['<rootDir>/test/commands/**/*.test.ts'],
	maxWorkers: 1,
	// npm start packs the package and starts n8n (20-40 s); a cold n8n install inside it takes minutes.
	testTimeout: 600_000,
	slowTestThreshold: 60,
};
