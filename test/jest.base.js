// Shared by every jest config of the project: TypeScript through ts-jest with the project's strict tsconfig.
module.exports = {
	rootDir: '..',
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
	moduleFileExtensions: ['ts', 'js', 'json'],
	// StrykerJS's sandboxes (npm run test:mutation) hold a copy of the project: never a second one to jest.
	modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/'],
};
