// The browser suite: the website snippet in Debian's headless Chromium, talking to a real n8n 2.x that
// runs the basic example against the HubSpot simulator (see test/browser/). In band: a real n8n and a
// browser already fill the CI machine's two cores.
/** @type {import('jest').Config} */
module.exports = {
	...require('./jest.base'),
	displayName: 'browser',
	testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
	globalSetup: '<rootDir>/test/browser/support/global-setup.ts',
	globalTeardown: '<rootDir>/test/browser/support/global-teardown.ts',
	maxWorkers: 1,
	// Starting n8n takes 20-40 s; each test drives one or two page views against it.
	testTimeout: 120_000,
	slowTestThreshold: 30,
};
