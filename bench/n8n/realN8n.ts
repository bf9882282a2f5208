import { visitors } from '../in-process/fixtures';
import { currentCommit, currentLoadAverage } from '../machine';
import { startBenchN8n, N8N_VERSION, type BenchN8n } from './benchN8n';
import { measureExecutionSaving, type ExecutionSavingPlan, type ExecutionSavingResult } from './executionSaving';
import { measureFirstVisits, type FirstVisitsPlan, type FirstVisitsResult } from './firstVisits';
import { LATENCY_SCENARIOS, measureLatency, type LatencyPlan, type LatencyResult, type LatencyScenario } from './latency';
import { savedExecutionSizes, type SavedExecutionSize } from './savedExecutions';
import { seededStaticData } from './seededCache';
import { measureThroughput, type ThroughputPlan, type ThroughputResult } from './throughput';
import { closeConnections } from './webhookClient';
import { WORKFLOW_IDS } from './workflows';

export interface RealN8nPlan {
	hubspotLatencyMs: number;
	/** Entries in the full-cache workflow's static data: the node's default Max Cache Entries. */
	fullCacheEntries: number;
	latency: LatencyPlan;
	throughput: ThroughputPlan;
	firstVisits: FirstVisitsPlan;
}

export interface RealN8nResult {
	n8nVersion: string;
	hubspotLatencyMs: number;
	fullCacheEntries: number;
	setupSeconds: number;
	latency: LatencyResult;
	/** What n8n saved per execution of each latency workflow, read from its database after the latency runs. */
	savedExecutions: Record<LatencyScenario, SavedExecutionSize>;
	throughput: ThroughputResult;
	firstVisits: FirstVisitsResult;
}

type Log = (line: string) => void;

async function savingOnAndOff(bench: BenchN8n, plan: ExecutionSavingPlan, command: string, log: Log): Promise<ExecutionSavingResult> {
	log(`saving executions on vs off: ${plan.requests} requests per case`);
	return await measureExecutionSaving(bench, plan, { command, commit: currentCommit(), n8nVersion: N8N_VERSION, loadAverage: currentLoadAverage() });
}

/**
 * Items 4 and 5 (and, when planned, saving executions on vs off) in one n8n, one simulator, one run;
 * everything started here is stopped here.
 */
export async function measureRealN8n(
	plan: RealN8nPlan,
	savingPlan: ExecutionSavingPlan | undefined,
	command: string,
	log: Log,
	onStop: (stop: () => Promise<void>) => void,
): Promise<{ realN8n: RealN8nResult; executionSaving?: ExecutionSavingResult }> {
	const fullCacheVisitors = visitors('full-cache', plan.fullCacheEntries);
	const bench = await startBenchN8n({
		hubspotLatencyMs: plan.hubspotLatencyMs,
		fullCacheStaticData: async (accessToken) => await seededStaticData(accessToken, fullCacheVisitors),
		log,
	});
	onStop(bench.stop);
	try {
		log(`n8n ready after ${bench.setupSeconds.toFixed(0)} s; latency: ${plan.latency.requests} requests per scenario`);
		const latency = await measureLatency(bench, plan.latency, fullCacheVisitors, plan.hubspotLatencyMs);
		const sizes = await savedExecutionSizes(bench.n8n, LATENCY_SCENARIOS.map((scenario) => WORKFLOW_IDS[scenario]));
		const savedExecutions = Object.fromEntries(LATENCY_SCENARIOS.map((scenario) => [scenario, sizes[WORKFLOW_IDS[scenario]]])) as Record<
			LatencyScenario,
			SavedExecutionSize
		>;
		log(`throughput: ${plan.throughput.seconds} s at each of concurrency ${plan.throughput.concurrencies.join(', ')}`);
		const throughput = await measureThroughput(bench, plan.throughput);
		log(`concurrent first visits: ${plan.firstVisits.visitors} visitors × ${plan.firstVisits.requestsPerVisitor}, concurrency ${plan.firstVisits.concurrency}`);
		const firstVisits = await measureFirstVisits(bench, plan.firstVisits);
		const executionSaving = savingPlan && (await savingOnAndOff(bench, savingPlan, command, log));
		const realN8n: RealN8nResult = {
			n8nVersion: N8N_VERSION,
			hubspotLatencyMs: plan.hubspotLatencyMs,
			fullCacheEntries: plan.fullCacheEntries,
			setupSeconds: bench.setupSeconds,
			latency,
			savedExecutions,
			throughput,
			firstVisits,
		};
		return { realN8n, executionSaving };
	} finally {
		closeConnections();
		await bench.stop();
	}
}

/** `--only executionSaving`: an n8n with just the two workflows compared. */
export async function measureExecutionSavingAlone(
	plan: ExecutionSavingPlan,
	command: string,
	log: Log,
	onStop: (stop: () => Promise<void>) => void,
): Promise<ExecutionSavingResult> {
	const bench = await startBenchN8n({
		hubspotLatencyMs: plan.hubspotLatencyMs,
		fullCacheStaticData: () => Promise.reject(new Error('no full-cache workflow in this run')),
		log,
		only: ['savingOn', 'savingOff'],
	});
	onStop(bench.stop);
	try {
		return await savingOnAndOff(bench, plan, command, log);
	} finally {
		closeConnections();
		await bench.stop();
	}
}
