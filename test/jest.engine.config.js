// The node inside n8n's real engine: workflows run in-process through n8n-core's WorkflowExecute,
// with HubSpot played by a local HTTP server.
module.exports = {
	...require('./jest.base'),
	displayName: 'engine',
	testMatch: ['<rootDir>/test/engine/**/*.test.ts'],
	testTimeout: 20000,
};
