// The rules for the project's own tooling: tests, benchmarks, scripts and the website example. They run
// in Node (or a browser), import what they need and use timers, `process` and `console`, so n8n's
// community-node rules, which the root eslint.config.mjs (n8n's default, unchanged) applies to every
// TypeScript file, do not fit them. test/, bench/, scripts/ and examples/ each have an eslint.config.mjs
// built from this one, and ESLint lints each file with the config nearest to it (in ESLint 9, which n8n's
// toolchain pins, behind the `unstable_config_lookup_from_file` flag: scripts/lint.mjs sets it).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * @param {{ jest?: boolean, browser?: string[] }} options jest: the files are jest tests (describe, it,
 *   expect as globals); browser: patterns of files that run in a browser page instead of Node.
 */
export function toolingConfig({ jest = false, browser = [] } = {}) {
	// `const { secret: _secret, ...rest } = x` is how the code leaves a field out of a copy.
	const unusedVars = ['error', { ignoreRestSiblings: true }];
	return defineConfig(
		{
			files: ['**/*.ts'],
			extends: [js.configs.recommended, tseslint.configs.recommended],
			rules: { '@typescript-eslint/no-unused-vars': unusedVars },
		},
		{ files: ['**/*.{js,mjs,cjs}'], extends: [js.configs.recommended], rules: { 'no-unused-vars': unusedVars } },
		{
			// One tsconfig.json at the root covers every folder (typescript-eslint asks when several configs exist).
			languageOptions: { globals: { ...globals.node, ...(jest ? globals.jest : {}) }, parserOptions: { tsconfigRootDir: import.meta.dirname } },
			linterOptions: { reportUnusedDisableDirectives: 'error' },
		},
		...(browser.length > 0 ? [{ files: browser, languageOptions: { globals: globals.browser } }] : []),
	);
}
