import { execFileSync } from 'node:child_process';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';

import { describeInstall } from '../test/support/n8n/installs';
import { REPO_ROOT } from '../test/support/n8n';

export interface MachineFacts {
	cpuModel: string;
	logicalCores: number;
	memoryGiB: number;
	os: string;
	/** The Node.js running the benchmark and the in-process part. */
	node: string;
	/** The Node.js running n8n (n8n 2.x needs Node 24), when the real-n8n part ran. */
	n8nNode?: string;
	n8nVersion?: string;
	/** 1-minute load average when the run started and ended: other work on the machine shows here. */
	loadAverageAtStart: number;
	loadAverageAtEnd?: number;
	/** The commit checked out when the run started (short hash). */
	commit?: string;
	/** Whether nodes/ or credentials/ had uncommitted changes then: if so, the figures are not that commit's code. */
	uncommittedRuntimeChanges?: boolean;
}

function quietly(command: string, args: string[]): string | undefined {
	try {
		return execFileSync(command, args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
	} catch {
		return undefined;
	}
}

export function machineFacts(): MachineFacts {
	const cores = cpus();
	return {
		cpuModel: cores[0]?.model.trim() ?? 'unknown',
		logicalCores: cores.length,
		memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
		os: `${platform()} ${release()}`,
		node: process.version,
		loadAverageAtStart: loadavg()[0],
		commit: currentCommit(),
		uncommittedRuntimeChanges: uncommittedRuntimeChanges(),
	};
}

/** The runtime code n8n loads: what the figures are of. */
const RUNTIME_CODE = ['nodes', 'credentials'];

export function currentCommit(): string | undefined {
	return quietly('git', ['rev-parse', '--short', 'HEAD']);
}

function uncommittedRuntimeChanges(): boolean | undefined {
	const status = quietly('git', ['status', '--porcelain', '--', ...RUNTIME_CODE]);
	return status === undefined ? undefined : status !== '';
}

/** Commits that changed the runtime code after `commit`, up to HEAD: 0 when the figures are of today's code. */
export function runtimeCommitsSince(commit: string): number | undefined {
	const count = quietly('git', ['rev-list', '--count', `${commit}..HEAD`, '--', ...RUNTIME_CODE]);
	return count === undefined ? undefined : Number(count);
}

export function n8nRuntimeVersion(version: '2.41.1'): string | undefined {
	return quietly(describeInstall(version).nodeBinary, ['--version']);
}

export function currentLoadAverage(): number {
	return loadavg()[0];
}
