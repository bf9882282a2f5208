import { defineConfig } from 'eslint/config';

import { toolingConfig } from '../eslint.tooling.mjs';

export default defineConfig(toolingConfig(), {
	rules: {
		// Benchmarks load the compiled JavaScript in dist/ by path at run time, as n8n does.
		'@typescript-eslint/no-require-imports': 'off',
	},
});
