import type { MeasuredAlgorithm } from '../verified/inProcess';
import type { VerifiedBenchResults } from '../verified/results';
import { measuredBy, ms, notMeasured, num, ratio, table, us } from './format';

function measured(results: VerifiedBenchResults): string {
	const m = results.machine;
	const machine = `${m.cpuModel} × ${num(m.logicalCores)} (Node.js ${m.node})`;
	return measuredBy({ file: 'bench/results/verified.json', commit: m.commit, startedAt: results.startedAt, load: [m.loadAverageAtStart], command: results.command, machine });
}

export function verifiedInProcessTable(results: VerifiedBenchResults | undefined): string {
	if (!results) return notMeasured('`npm run bench:verified`');
	const costs = results.inProcess.costs;
	const rows = (Object.keys(costs) as MeasuredAlgorithm[]).map((alg) => {
		const c = costs[alg];
		return [alg, us(c.verifyNs.median), us(c.verifyNs.p99), us(c.cryptoVerifyNs.median), us(c.verifyNs.median - c.cryptoVerifyNs.median), ratio(c.ratio), num(c.verifyNs.samples)];
	});
	return [
		table(['Algorithm', 'Node verification: median', 'p99', '`crypto.verify` alone: median', "The node's own work (difference)", 'Ratio', 'Samples'], rows, ['l', 'r', 'r', 'r', 'r', 'r', 'r']),
		'',
		`JWKS requests over ${num(results.inProcess.verifications)} verifications: ${num(results.inProcess.jwksFetches)}.`,
		'',
		measured(results),
	].join('\n');
}

export function verifiedRealN8nTable(results: VerifiedBenchResults | undefined): string {
	const real = results?.realN8n;
	if (!results || !real) return notMeasured('`npm run bench:verified` (without `--skip-n8n`)');
	return [
		table(
			['Workflow', 'Median', 'p99', 'Requests'],
			[
				['Unverified cache hit (email in the body)', ms(real.ms.unverifiedHit.median), ms(real.ms.unverifiedHit.p99), num(real.ms.unverifiedHit.samples)],
				['Verified cache hit (RS256 ID token in the Authorization header)', ms(real.ms.verifiedHit.median), ms(real.ms.verifiedHit.p99), num(real.ms.verifiedHit.samples)],
			],
			['l', 'r', 'r', 'r'],
		),
		'',
		table(
			['', ''],
			[
				['Verified / unverified (medians)', ratio(real.ratio)],
				['JWKS requests: during the measured requests / in the whole run', `${num(real.jwksFetchesMeasured)} / ${num(real.jwksFetchesTotal)}`],
				['HubSpot calls during the measured requests', num(real.hubspotCallsMeasured)],
				['Unexpected answers', num(real.unexpectedAnswers)],
			],
		),
		'',
		`n8n ${real.n8nVersion}. ${measured(results)}`,
	].join('\n');
}
