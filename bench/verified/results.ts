import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from '../../test/support/n8n';
import type { InProcessVerifyResult, MeasuredAlgorithm } from './inProcess';
import type { RealN8nVerifyResult } from './realN8n';

export interface VerifiedBenchResults {
	startedAt: string;
	command: string;
	machine: { cpuModel: string; logicalCores: number; node: string; loadAverageAtStart: number; commit?: string };
	inProcess: InProcessVerifyResult;
	realN8n?: RealN8nVerifyResult;
}

export const VERIFIED_RESULTS_FILE = join(REPO_ROOT, 'bench', 'results', 'verified.json');
const START = '<!-- verified-visitors:start -->';
const END = '<!-- verified-visitors:end -->';
const TARGETS = { inProcessRatio: 1.5, realN8nRatio: 1.1 };

const us = (ns: number) => `${(ns / 1000).toFixed(1)} µs`;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const met = (ok: boolean) => (ok ? 'met' : '**missed**');

/** The "Verified visitors" section of BENCHMARKS.md, from one run's figures. */
export function verifiedSection(results: VerifiedBenchResults): string {
	const lines = [
		START,
		'## Verified visitors: the cost of checking the ID token',
		'',
		`One run of \`${results.command}\` on ${results.startedAt} (${results.machine.cpuModel} × ${results.machine.logicalCores}, Node.js ${results.machine.node}, load ${results.machine.loadAverageAtStart.toFixed(2)} at start).`,
		'',
		`**In-process** (the compiled \`dist/\` JavaScript n8n loads), keys warm in the node's cache: the node's whole verification (parse, algorithm and key checks, signature, claims, email) against \`crypto.verify\` alone on the same signature and key. Target ≤ ${TARGETS.inProcessRatio}×.`,
		'',
		'| Algorithm | Node verification (median, p99) | crypto.verify alone (median) | Ratio | Target |',
		'|---|---|---|---|---|',
	];
	for (const alg of Object.keys(results.inProcess.costs) as MeasuredAlgorithm[]) {
		const cost = results.inProcess.costs[alg];
		lines.push(`| ${alg} | ${us(cost.verifyNs.median)} (${us(cost.verifyNs.p99)}) | ${us(cost.cryptoVerifyNs.median)} | ${cost.ratio.toFixed(2)}× | ${met(cost.ratio <= TARGETS.inProcessRatio)} |`);
	}
	const overheads = (Object.keys(results.inProcess.costs) as MeasuredAlgorithm[]).map((alg) => {
		const cost = results.inProcess.costs[alg];
		return `${alg} ${us(cost.verifyNs.median - cost.cryptoVerifyNs.median)}`;
	});
	const missed = (Object.values(results.inProcess.costs) as Array<{ ratio: number }>).some((cost) => cost.ratio > TARGETS.inProcessRatio);
	if (missed) {
		lines.push(
			'',
			`Why a ratio misses: the node's own work per token (three base64url parts, two JSON parses, the algorithm, key, claim and email checks) costs about the same whatever the algorithm (median difference: ${overheads.join(', ')}); RSA verification is the cheapest of the three, so the same microseconds weigh most there.` +
				(results.machine.loadAverageAtStart > results.machine.logicalCores ? ` The machine was shared (load ${results.machine.loadAverageAtStart.toFixed(1)} on ${results.machine.logicalCores} cores), which moves single runs by ±0.1× or more.` : ''),
		);
	}
	lines.push('', `JWKS requests over ${results.inProcess.verifications.toLocaleString('en')} verifications: **${results.inProcess.jwksFetches}** (max-age 3600 s).`, '');
	const real = results.realN8n;
	if (real) {
		lines.push(
			`**Real n8n ${real.n8nVersion}**: \`examples/verified.json\` against \`examples/basic.json\` with the same settings (no execution data saved), both answering from their caches, ${real.requestsPerWorkflow} requests each, interleaved. Target ≤ ${TARGETS.realN8nRatio}×.`,
			'',
			'| Workflow | Median | p99 |',
			'|---|---|---|',
			`| Unverified cache hit (email in the body) | ${ms(real.ms.unverifiedHit.median)} | ${ms(real.ms.unverifiedHit.p99)} |`,
			`| Verified cache hit (RS256 ID token in the Authorization header) | ${ms(real.ms.verifiedHit.median)} | ${ms(real.ms.verifiedHit.p99)} |`,
			'',
			`Ratio **${real.ratio.toFixed(2)}×** (${met(real.ratio <= TARGETS.realN8nRatio)}). JWKS requests during the measured requests: **${real.jwksFetchesMeasured}** (${real.jwksFetchesTotal} in the whole run, all during warm-up); HubSpot calls: ${real.hubspotCallsMeasured}; unexpected answers: ${real.unexpectedAnswers}.`,
		);
	} else {
		lines.push('_The real-n8n part was not run (`--skip-n8n`)._');
	}
	lines.push('', `Figures: \`bench/results/verified.json\`. Re-run: \`npm run bench:verified\`.`, END);
	return lines.join('\n');
}

/** BENCHMARKS.md with the section put in (or replaced), so a full `npm run bench` keeps it too. */
export function withVerifiedSection(markdown: string, results: VerifiedBenchResults | undefined = readVerifiedResults()): string {
	if (!results) return markdown;
	const section = verifiedSection(results);
	const start = markdown.indexOf(START);
	const end = markdown.indexOf(END);
	if (start >= 0 && end > start) return `${markdown.slice(0, start)}${section}${markdown.slice(end + END.length)}`;
	return `${markdown.trimEnd()}\n\n${section}\n`;
}

export function readVerifiedResults(): VerifiedBenchResults | undefined {
	return existsSync(VERIFIED_RESULTS_FILE) ? (JSON.parse(readFileSync(VERIFIED_RESULTS_FILE, 'utf8')) as VerifiedBenchResults) : undefined;
}
