import { defineConfig } from 'eslint/config';

import { toolingConfig } from '../eslint.tooling.mjs';

export default defineConfig(toolingConfig({ jest: true, browser: ['browser/support/*.js'] }), {
	rules: {
		// Tests read JSON answers (n8n's, HubSpot's) whose shape is what they assert.
		'@typescript-eslint/no-explicit-any': 'off',
		// The HubSpot simulator checks input for control characters on purpose, as HubSpot does.
		'no-control-regex': 'off',
	},
});
