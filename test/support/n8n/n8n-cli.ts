import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import type { N8nInstall } from './installs';

const run = promisify(execFile);

/** Last lines of a command's output: enough to see why it failed without flooding the test log. */
function tail(text: string, lines = 20): string {
	return text.trim().split('\n').slice(-lines).join('\n');
}

/**
 * Runs one n8n CLI command (`import:workflow`, `publish:workflow`, ...) against an instance's
 * user folder. Each command boots n8n's database layer, so it takes a few seconds.
 */
export async function runN8nCommand(install: N8nInstall, env: NodeJS.ProcessEnv, args: string[]): Promise<string> {
	try {
		const { stdout } = await run(install.nodeBinary, [install.n8nScript, ...args], {
			env,
			timeout: 180_000,
			maxBuffer: 16 * 1024 * 1024,
		});
		return stdout;
	} catch (error) {
		const failure = error as { code?: number | string; stdout?: string; stderr?: string };
		throw new Error(
			`n8n ${install.version} \`${args.join(' ')}\` failed (exit ${String(failure.code)}):\n` +
				tail(`${failure.stdout ?? ''}\n${failure.stderr ?? ''}`),
		);
	}
}
