// The basic example in n8n's queue mode: main process, webhook processor and two workers on a throw-away
// Postgres and Redis, the packed package installed into each process's user folder, HubSpot played by the
// simulator, on both n8n lines (N8N_E2E_VERSIONS narrows a local run). One rig per n8n release; the tests
// run in order and build on each other (later tests ask again for the visitors the first ones served).
//
// What differs between the lines is n8n's doing (n8n's source, see CONTRIBUTING / docs):
// - n8n 1.x and 2.x up to 2.39: a worker reloads the workflow's static data from Postgres for every job,
//   so workers share the cache through Postgres (last writer wins).
// - n8n 2.40+ (2.41.1 here): a worker runs from the execution's snapshot, whose static data is empty; any
//   write would replace the workflow's whole static data. The node does not write there (workerCopy.ts):
//   each worker's memory is its cache, and other nodes' static data is left alone.

import { setTimeout as sleep } from 'node:timers/promises';

import { waitUntil, type N8nVersion } from '../support/n8n';
import { packedTarball, versionsUnderTest } from '../e2e/support/suite-settings';
import { postJson, tokenIn, type WebhookAnswer } from '../e2e/support/webhook-client';
import { cacheEntryCount } from './support/cache-entries';
import { QueueN8n, WORKERS, type ProcessRole } from './support/queue-n8n';
import { counterIn } from './support/visit-counter';
import { runVisitWaves, settledStaticData, waveVisitors, type VisitWaveResult } from './support/visit-waves';

interface TokenAnswer {
	hsConversationsSettings: { identificationEmail: string; identificationToken: string };
}

function report(version: N8nVersion, what: string, figures: unknown): void {
	process.stderr.write(`[queue ${version}] ${what}: ${JSON.stringify(figures)}\n`);
}

describe.each(versionsUnderTest())('the basic example in n8n %s queue mode (main, webhook processor, two workers, Postgres, Redis)', (version) => {
	/** n8n 1.x hands each worker the static data from Postgres; 2.40+ hands it none. */
	const workersShareStaticData = version.startsWith('1.');
	const rig = new QueueN8n(packedTarball(), 0, { version, visitCounter: true });
	/** Every visitor served so far: after a restart each is asked again. */
	const visitors = new Set<string>();
	/** The other node's count once it has run, checked after everything else. */
	let counterAfterItsRuns: number | undefined;

	beforeAll(async () => {
		await rig.start();
	}, 420_000);

	afterAll(async () => {
		await rig.stop();
	}, 120_000);

	async function ask(email: string, timeoutMs = 60_000): Promise<WebhookAnswer> {
		return await postJson(rig.url, { email, firstName: 'Queue', lastName: 'Visitor' }, {}, timeoutMs);
	}

	function expectTokenFor(answer: WebhookAnswer, email: string): string {
		expect({ status: answer.status, email: (answer.body as TokenAnswer | undefined)?.hsConversationsSettings?.identificationEmail }).toEqual({ status: 200, email });
		const token = tokenIn(answer) ?? '';
		expect(rig.sim.emailForToken(token)).toBe(email);
		visitors.add(email);
		return token;
	}

	function tokenCallsFor(email: string): number {
		return rig.sim.tokenCalls().filter((call) => call.email === email).length;
	}

	async function storedEntries(): Promise<number> {
		return cacheEntryCount(await settledStaticData(rig));
	}

	it(
		workersShareStaticData
			? 'answers every visit with the visitor’s own token; once the first write reached Postgres, either worker serves it from there'
			: 'answers every visit with the visitor’s own token; each worker serves what it issued from its memory and writes no static data',
		async () => {
			const email = 'ada.lovelace@queue.example.com';
			const first = await ask(email);
			const tokens = new Set<string>([expectTokenFor(first, email)]);
			// The example tells a caller nothing of the cache (it would say whether this email visited lately).
			expect(first.body as TokenAnswer).not.toHaveProperty('cached');
			expect(tokenCallsFor(email)).toBe(1);
			expect(await storedEntries()).toBe(workersShareStaticData ? 1 : 0);

			for (let visit = 0; visit < 6; visit++) tokens.add(expectTokenFor(await ask(email), email));
			if (workersShareStaticData) {
				// Both workers read the entry from Postgres: no second call, one token.
				expect(tokenCallsFor(email)).toBe(1);
				expect(tokens.size).toBe(1);
			} else {
				// Sequential visits land on either worker; each costs at most one call per visitor.
				expect(tokenCallsFor(email)).toBeLessThanOrEqual(WORKERS.length);
				expect(tokens.size).toBeLessThanOrEqual(WORKERS.length);
			}
			// The workers executed these: the webhook processor only queued them.
			const executions = await Promise.all(WORKERS.map(async (role) => (await rig.executionsStartedBy(role)).length));
			expect(executions.reduce((sum, count) => sum + count, 0)).toBe(7);
			report(version, 'one visitor, 7 visits one by one', { hubspotCalls: tokenCallsFor(email), distinctTokens: tokens.size, executions });
		},
	);

	it('leaves another node’s static data in the same workflow intact: a Code node’s counter in global static data survives visitors served by the workers', async () => {
		const counts: number[] = [];
		for (let run = 0; run < 3; run++) {
			const answer = await postJson(rig.counterUrl, {}, {}, 60_000);
			expect(answer.status).toBe(200);
			counts.push((answer.body as { visits: number }).visits);
			await settledStaticData(rig);
		}
		const counterBefore = counterIn(await settledStaticData(rig));
		// n8n's own doing, not the node's: a 2.40+ worker gives the Code node an empty copy too, so its count
		// restarts at 1 on every run. Should a later n8n hand workers their static data, this turns [1, 2, 3].
		counterAfterItsRuns = counterBefore;
		expect(counts).toEqual(workersShareStaticData ? [1, 2, 3] : [1, 1, 1]);
		expect(counterBefore).toBe(counts[2]);
		const entriesBefore = await storedEntries();

		// New visitors: misses on both workers, each one a chance to write static data.
		const newcomers = Array.from({ length: 10 }, (_, index) => `counter-${index}@queue.example.com`);
		await Promise.all(newcomers.map(async (email) => expectTokenFor(await ask(email), email)));
		for (const email of newcomers) expectTokenFor(await ask(email), email);

		const column = await settledStaticData(rig);
		expect(counterIn(column)).toBe(counterBefore);
		// 1.x: the node's writes carry the counter along (its copy came from Postgres). 2.40+: it writes nothing.
		// (How many of the newcomers' entries are there is last-writer-wins between the workers: not pinned.)
		if (workersShareStaticData) expect(cacheEntryCount(column)).toBeGreaterThan(entriesBefore);
		else expect(cacheEntryCount(column)).toBe(0);
		report(version, 'visit counter', { countsAnswered: counts, counterInPostgres: counterIn(column), cacheEntriesInPostgres: cacheEntryCount(column) });
	}, 300_000);

	it('serves concurrent first visits spread over both workers: no failed request, no token for the wrong visitor, at most one call per visitor per worker', async () => {
		rig.sim.setLatency(150);
		const plan = { label: 'concurrent', visitors: 40, requestsPerVisitor: 3, concurrency: 16 };
		let result: VisitWaveResult;
		const entriesBefore = await storedEntries();
		try {
			result = await runVisitWaves(rig, plan);
		} finally {
			rig.sim.setLatency(0);
		}
		for (const email of waveVisitors(plan)) visitors.add(email);
		const pass = (p: VisitWaveResult['concurrent']) => ({ ...p, failed: p.failed.length, wrongVisitor: p.wrongVisitor.length });
		report(version, 'waves', {
			...result,
			concurrent: pass(result.concurrent),
			oneByOne: pass(result.oneByOne),
			callsPerVisitorFirstVisits: result.concurrent.hubspotCalls / plan.visitors,
			callsPerVisitorSecondVisit: result.oneByOne.hubspotCalls / plan.visitors,
		});

		expect(result.concurrent.failed).toEqual([]);
		expect(result.oneByOne.failed).toEqual([]);
		expect([...result.concurrent.wrongVisitor, ...result.oneByOne.wrongVisitor]).toEqual([]);
		// Both workers took part: the wave really ran across processes that share nothing but the database.
		for (const role of WORKERS) {
			if (result.executionsPerWorker[role] === 0) process.stderr.write(`[queue ${version}] ${role} took no execution; its log ends:\n${await rig.process(role).logTail(30)}\n`);
		}
		for (const role of WORKERS) expect(result.executionsPerWorker[role]).toBeGreaterThan(0);
		// Every visitor costs one call, and at most one per worker: a worker shares its calls in flight and
		// its tokens among its own executions; calls in flight are not shared across workers on any line.
		expect(result.hubspotCallsPerVisitor).toBeGreaterThanOrEqual(1);
		expect(result.hubspotCallsPerVisitor).toBeLessThanOrEqual(WORKERS.length);
		if (workersShareStaticData) {
			// Every entry that reached Postgres after the first visits is served on the second visit, whichever
			// worker takes it (later writes load it, so none can drop it); only entries lost to last-writer-wins
			// writes cost a call again.
			expect(result.oneByOne.fromCache).toBeGreaterThanOrEqual(result.entriesAfterConcurrent - entriesBefore);
			expect(result.entriesAfterConcurrent - entriesBefore).toBeGreaterThan(0);
		} else {
			expect([result.entriesAfterConcurrent, result.entriesAfterOneByOne]).toEqual([0, 0]);
		}
	}, 300_000);

	it(
		workersShareStaticData
			? 'after a restart of every process, Postgres still holds the cache, intact, and the workers serve every entry in it without a call'
			: 'after a restart of every process, each visitor costs one call again: the cache was the workers’ memory',
		async () => {
			const before = await settledStaticData(rig);
			const stored = cacheEntryCount(before);
			await rig.stopAll();
			await rig.startAll();
			expect(await rig.postgres.staticData(rig.workflow.id)).toBe(before);

			const callsBefore = rig.sim.tokenCalls().length;
			let fromCache = 0;
			for (const email of visitors) {
				const callsForVisitor = tokenCallsFor(email);
				const answer = await ask(email);
				expectTokenFor(answer, email);
				// Served from the cache: answered without a HubSpot call for this visitor.
				if (tokenCallsFor(email) === callsForVisitor) fromCache++;
			}
			const calls = rig.sim.tokenCalls().length - callsBefore;
			report(version, 'after restarting every process', { visitors: visitors.size, entriesInPostgres: stored, fromCache, hubspotCalls: calls, callsPerVisitor: calls / visitors.size });
			if (workersShareStaticData) {
				expect(stored).toBeGreaterThan(0);
				expect(fromCache).toBe(stored);
				expect(calls).toBe(visitors.size - stored);
			} else {
				expect(stored).toBe(0);
				expect(fromCache).toBe(0);
				expect(calls).toBe(visitors.size);
			}
		},
		420_000,
	);

	it('a request through a worker killed (SIGKILL) in the middle of its HubSpot call: static data intact, the visitor gets a token on asking again', async () => {
		const email = 'killed-mid-miss@queue.example.com';
		const started = await Promise.all(WORKERS.map(async (role) => (await rig.executionsStartedBy(role)).length));
		// HubSpot takes 20 s for this visitor: long enough to find the worker running the execution and kill it.
		rig.sim.injectFault({ latencyMs: 20_000, forEmail: email, times: 1 });
		const sentAt = Date.now();
		const pending = ask(email, 60_000).then(
			(answer) => ({ answer, seconds: (Date.now() - sentAt) / 1000 }),
			(error: Error) => ({ error: error.message, seconds: (Date.now() - sentAt) / 1000 }),
		);
		let victim: ProcessRole | undefined;
		try {
			await waitUntil(
				async () => {
					const now = await Promise.all(WORKERS.map(async (role) => (await rig.executionsStartedBy(role)).length));
					const index = now.findIndex((count, i) => count > started[i]);
					victim = index >= 0 ? WORKERS[index] : undefined;
					return victim !== undefined;
				},
				{ what: 'a worker to take the execution', timeoutMs: 30_000 },
			);
			// The simulator takes up the fault when the call arrives, then holds the answer back 20 s.
			await waitUntil(async () => rig.sim.pendingFaults() === 0, { what: 'the worker to call HubSpot', timeoutMs: 30_000, intervalMs: 100 });
			await rig.process(victim as ProcessRole).kill();
		} finally {
			rig.sim.clearFaults();
		}
		const first = await pending;
		const answer = 'answer' in first ? first.answer : undefined;
		report(version, 'request through the killed worker', {
			seconds: first.seconds,
			status: answer?.status,
			error: 'error' in first ? first.error : undefined,
			body: answer && tokenIn(answer) === undefined ? answer.text.slice(0, 200) : '(a token)',
			hubspotCalls: tokenCallsFor(email),
		});
		// Whatever it answers, it is never someone else's token.
		if (answer && tokenIn(answer) !== undefined) expect(rig.sim.emailForToken(tokenIn(answer) ?? '')).toBe(email);
		if (workersShareStaticData) {
			// n8n 1.x gives a stalled job to another worker (QUEUE_WORKER_MAX_STALLED_COUNT, default 1): the
			// visitor's request is answered with their token, once the dead worker's lock has expired.
			expect(answer?.status).toBe(200);
			expectTokenFor(answer as WebhookAnswer, email);
		} else {
			// n8n 2.x fails a stalled job instead of re-running it (maxStalledCount 0): the visitor gets no token
			// for this request (measured on 2.41.1: no answer at all within 60 s).
			expect(answer === undefined || tokenIn(answer) === undefined).toBe(true);
		}

		const column = await settledStaticData(rig);
		expect(() => cacheEntryCount(column)).not.toThrow();
		expect(counterIn(column)).toBe(counterAfterItsRuns);

		const again = await ask(email);
		if (again.status !== 200) process.stderr.write(`[queue ${version}] asking again after the kill: HTTP ${again.status} ${again.text.slice(0, 300)}\n`);
		expectTokenFor(again, email);
		await rig.process(victim as ProcessRole).start(180_000);
		for (const cached of [...visitors].slice(0, 5)) expectTokenFor(await ask(cached), cached);
	}, 300_000);

	it('a Redis restart: requests in flight when Redis stops may be lost; requests sent while it is down or after it is back are answered; nothing in Postgres is lost', async () => {
		const executionsBefore = Number(await rig.postgres.query('SELECT count(*) FROM execution_entity'));
		const people = [...visitors].slice(0, 8);
		const outcomes: Array<{ sentAt: number; answeredAt: number; ok: boolean; what: string }> = [];
		const t0 = Date.now();
		const now = () => (Date.now() - t0) / 1000;
		// A visitor every 250 ms, not waiting for earlier answers (a lost one must not hold up the rest), from
		// before Redis stops until well after it is back.
		const inFlight: Array<Promise<void>> = [];
		let stoppedAt = Infinity;
		let downAt = Infinity;
		let backAt = Infinity;
		const restarted = (async () => {
			await sleep(2_000);
			stoppedAt = now();
			await rig.redis.restart(2_000, () => (downAt = now()));
			backAt = now();
		})();
		for (let i = 0; now() < 26; i++) {
			const email = people[i % people.length];
			const sentAt = now();
			inFlight.push(
				ask(email, 45_000).then(
					(answer) => {
						const ok = answer.status === 200 && rig.sim.emailForToken(tokenIn(answer) ?? '') === email;
						outcomes.push({ sentAt, answeredAt: now(), ok, what: ok ? 'token' : `HTTP ${answer.status} ${answer.text.slice(0, 80)}` });
					},
					(error: Error) => {
						outcomes.push({ sentAt, answeredAt: now(), ok: false, what: error.message });
					},
				),
			);
			await sleep(250);
		}
		await restarted;
		await Promise.all(inFlight);
		const failed = outcomes.filter((outcome) => !outcome.ok);
		const sentWhileDown = outcomes.filter((outcome) => outcome.sentAt >= downAt && outcome.sentAt < backAt);
		const sentAfter = outcomes.filter((outcome) => outcome.sentAt >= backAt);
		report(version, 'Redis restart', { redisStoppedAt: stoppedAt, redisDownAt: downAt, redisBackAt: backAt, requests: outcomes.length, sentWhileDown: sentWhileDown.length, sentAfter: sentAfter.length, failed: failed.length, failures: failed.slice(0, 6) });

		// What n8n guarantees: its queue lives in Redis, so a job in flight while Redis stops can be lost with it
		// (the webhook never answers; the browser gives up). Only requests sent before Redis had exited and not
		// yet answered when it began to stop may fail.
		for (const lost of failed) expect(lost.sentAt < downAt && lost.answeredAt > stoppedAt).toBe(true);
		// Requests sent while Redis was down waited for n8n to reconnect; those after it was back were answered.
		expect(sentAfter.length).toBeGreaterThan(40);
		expect([...sentWhileDown, ...sentAfter].filter((outcome) => !outcome.ok)).toEqual([]);

		for (const visitor of people.slice(0, 5)) expectTokenFor(await ask(visitor), visitor);
		const fresh = 'after-redis-restart@queue.example.com';
		expectTokenFor(await ask(fresh), fresh);
		// Executions n8n kept from before are still there, and the other node's static data is intact.
		expect(Number(await rig.postgres.query('SELECT count(*) FROM execution_entity'))).toBeGreaterThanOrEqual(executionsBefore);
		expect(counterIn(await settledStaticData(rig))).toBe(counterAfterItsRuns);
	}, 300_000);
});
