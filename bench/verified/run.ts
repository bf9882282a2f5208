/**
 * `npm run bench:verified`: what verifying visitors' ID tokens costs, in one run: in-process per
 * verification against crypto.verify alone, and in a real n8n a verified cache hit against an unverified
 * one, counting JWKS requests. Writes bench/results/verified.json and fills BENCHMARKS.md's tables again.
 * `-- --skip-n8n` for the in-process part only. Builds dist/ first (the in-process part measures the compiled
 * verifier, as n8n loads it). Nothing asserts timings.
 */
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';

import { REPO_ROOT } from '../../test/support/n8n';
import { currentCommit } from '../machine';
import { measureVerifyCost } from './inProcess';
import { measureRealN8nVerify } from './realN8n';
import { renderBenchmarks } from '../report/render';
import { LATEST_RESULTS, readBenchResults } from '../results';
import { VERIFIED_RESULTS_FILE, type VerifiedBenchResults } from './results';

const log = (line: string) => process.stderr.write(`[bench:verified] ${line}\n`);

async function main(): Promise<void> {
	const skipN8n = process.argv.includes('--skip-n8n');
	execFileSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'ignore' });
	const results: VerifiedBenchResults = {
		startedAt: new Date().toISOString(),
		command: `npm run bench:verified${skipN8n ? ' -- --skip-n8n' : ''}`,
		machine: { cpuModel: cpus()[0]?.model ?? 'unknown', logicalCores: cpus().length, node: process.version, loadAverageAtStart: loadavg()[0], commit: currentCommit() },
		inProcess: await (async () => {
			log('in-process: RS256, ES256, EdDSA against crypto.verify');
			return await measureVerifyCost({ warmup: 300, samples: 40, minSampleMs: 25 });
		})(),
	};
	if (!skipN8n) results.realN8n = await measureRealN8nVerify(300, log);
	await writeFile(VERIFIED_RESULTS_FILE, `${JSON.stringify(results, null, '\t')}\n`);
	await renderBenchmarks(await readBenchResults(LATEST_RESULTS), LATEST_RESULTS);
	log(`wrote bench/results/verified.json and BENCHMARKS.md`);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exitCode = 1;
});
