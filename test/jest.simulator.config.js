// Tests of the HubSpot simulator itself: the end-to-end suite, the demo, the browser tests and the
// benchmarks trust it to behave as HubSpot documents, so it gets its own suite.
module.exports = {
	...require('./jest.base'),
	displayName: 'simulator',
	testMatch: ['<rootDir>/test/simulator/**/*.test.ts'],
	// Generous because the CLI tests start real processes, slow on a loaded two-core machine.
	testTimeout: 30000,
};
