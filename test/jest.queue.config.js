// The queue-mode suite: the packed package in n8n 2.41.1 and 1.123.81 run as users scale it (main, webhook
// processor, two workers) on a throw-away Postgres and Redis, against the HubSpot simulator (see test/queue/).
// One rig per n8n release, one after the other (N8N_E2E_VERSIONS=2.41.1 runs one): four n8n processes
// already fill the CI machine's two cores. PostgreSQL is found wherever the machine has it (POSTGRES_BIN,
// pg_config, /usr/lib/postgresql/*/bin, PATH) and runs as the current user (as root: the postgres account).
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
