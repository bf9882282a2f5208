import { defineConfig } from 'eslint/config';

import { toolingConfig } from '../eslint.tooling.mjs';

// The website snippet is copied onto sites as is: a classic <script> in plain ES2017 (as
// test/browser/snippet-source.test.ts checks), so `catch (error)` keeps its binding even when unused.
export default defineConfig(toolingConfig({ browser: ['website/**/*.js'] }), {
	files: ['website/**/*.js'],
	languageOptions: { ecmaVersion: 2017, sourceType: 'script' },
	rules: { 'no-unused-vars': ['error', { caughtErrors: 'none' }] },
});
