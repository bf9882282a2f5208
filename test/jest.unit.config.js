// In-process tests: the pure modules and the node's execute() with mocked HubSpot requests.
module.exports = {
	...require('./jest.base'),
	displayName: 'unit',
	testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
};
