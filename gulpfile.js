// tsc compiles the TypeScript; n8n also needs the icons and the codex file beside the compiled node and
// credential, and tsc does not copy assets.
const { src, dest, task } = require('gulp');

task('build:assets', () =>
	src(['nodes/**/*.svg', 'nodes/**/*.node.json', 'credentials/**/*.svg'], { base: '.', encoding: false }).pipe(dest('dist')),
);
