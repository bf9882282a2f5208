// The queue-mode suite: the packed package in n8n 2.41.1 run as users scale it (main, webhook processor,
// two workers) on a throw-away Postgres and Redis, against the HubSpot simulator (see test/queue/).
// In band and one rig per file: four n8n processes already fill the CI machine's two cores.
/** @type {import('jest').Config} */
module.exports = {
	...require('./jest.base'),
	displayName: 'queue',
	testMatch: ['<rootDir>/test/queue/**/*.test.ts'],
	globalSetup: '<rootDir>/test/queue/global-setup.ts',
	globalTeardown: '<rootDir>/test/queue/global-teardown.ts',
	maxWorkers: 1,
	// Starting four n8n processes takes one to three minutes on two shared cores.
	testTimeout: 180_000,
	slowTestThreshold: 60,
};
