// Adds up jest's JSON reports of every test level into one closing line that any CI can read.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'reports';
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of readdirSync(dir).filter((name) => name.endsWith('.json')).sort()) {
	const report = JSON.parse(readFileSync(join(dir, file), 'utf8'));
	const level = file.replace(/\.json$/, '');
	console.log(`${level}: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests} skipped (${report.numTotalTestSuites} files)`);
	passed += report.numPassedTests;
	failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
	skipped += report.numPendingTests;
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
