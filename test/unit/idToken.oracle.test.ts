import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { InvalidInputError, readVisitorIdentity } from '../../nodes/HubspotVisitorIdentification/shared/identity';
import { IdTokenFailure } from '../../nodes/HubspotVisitorIdentification/shared/idToken/failure';
import { forgetPublishedKeys } from '../../nodes/HubspotVisitorIdentification/shared/idToken/jwks';
import { readLoginProvider } from '../../nodes/HubspotVisitorIdentification/shared/idToken/loginProvider';
import { verifyIdToken } from '../../nodes/HubspotVisitorIdentification/shared/idToken/verifyIdToken';
import { LoginProviderStandIn, loopbackFetcher } from '../support/login-provider';
import { buildCorpus, oracleKeys, type JoseVerdict, type OracleCase, type OracleInput } from '../support/login-provider/oracleCorpus';

/**
 * The oracle: every token of the corpus is judged by the node's verifier and by `jose` (jwtVerify, same
 * issuer, audiences, algorithms, tolerance and time). The node must accept exactly what jose accepts,
 * except for the node's own stricter rules, which are written out here and nowhere else:
 * - at most 16 KB; no "crit" header at all (jose accepts crit ["b64"] with b64 true);
 * - base64url without padding or whitespace (jose's decoder forgives both);
 * - without "aud", "azp" must be one of the audiences (jose is given no audience for such tokens);
 * - the email claim is a valid address and "email_verified" is true (or "true").
 */
const NOW = Date.parse('2026-11-24T08:00:00Z');

function decodedPayload(token: string): Record<string, unknown> | undefined {
	try {
		return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
	} catch {
		return undefined;
	}
}

/** The node's rules beyond jose, for a token jose accepted (so its payload is known to be genuine). */
function nodeRulesAllow(item: OracleCase, payload: Record<string, unknown>): boolean {
	const header = JSON.parse(Buffer.from(item.token.split('.')[0], 'base64url').toString('utf8')) as Record<string, unknown>;
	if (item.token.length > 16 * 1024 || 'crit' in header) return false;
	if (!item.token.split('.').every((segment) => /^[A-Za-z0-9_-]*$/.test(segment))) return false;
	if (!('aud' in payload) && !(typeof payload.azp === 'string' && item.settings.audiences.includes(payload.azp))) return false;
	if (typeof payload.email !== 'string' || readVisitorIdentity({ email: payload.email, firstName: '', lastName: '' }) instanceof InvalidInputError) return false;
	return payload.email_verified === true || payload.email_verified === 'true';
}

function joseVerdicts(input: OracleInput): JoseVerdict[] {
	const script = join(__dirname, '..', 'support', 'login-provider', 'joseVerdicts.ts');
	const run = spawnSync(process.execPath, ['--import', 'tsx', script], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
	if (run.status !== 0) throw new Error(`jose side failed: ${run.stderr}`);
	return JSON.parse(run.stdout) as JoseVerdict[];
}

let provider: LoginProviderStandIn;
let corpus: OracleCase[];
let jose: JoseVerdict[];
const node: Array<{ accepted: boolean; code?: string; email?: string }> = [];

beforeAll(async () => {
	const keys = oracleKeys();
	provider = await LoginProviderStandIn.start({ keys: keys.published });
	corpus = buildCorpus(provider.issuer, NOW, keys);
	jose = joseVerdicts({ issuer: provider.issuer, now: NOW, jwks: provider.jwks(), cases: corpus });
	forgetPublishedKeys();
	for (const item of corpus) {
		const settings = readLoginProvider({ issuer: provider.issuer, audience: item.settings.audiences.join(','), algorithms: item.settings.algorithms, sharedSecret: item.settings.sharedSecret, clockToleranceSeconds: item.settings.clockToleranceSeconds });
		if (settings instanceof Error) throw settings;
		const result = await verifyIdToken(item.token, settings, { fetchDocument: loopbackFetcher(), timeoutMs: 2000, now: NOW });
		node.push(result instanceof IdTokenFailure ? { accepted: false, code: result.code } : { accepted: true, email: result.email });
	}
}, 120_000);
afterAll(async () => await provider?.stop());

describe('the oracle corpus', () => {
	it('has at least 300 tokens, valid ones and every attack the issue lists', () => {
		expect(corpus.length).toBeGreaterThanOrEqual(300);
		const categories = new Set(corpus.map((item) => item.category));
		for (const attack of ['alg none', 'alg confusion', 'kid of another key', 'injected key', 'crit', 'wrong iss', 'wrong aud', 'expired', 'future nbf', 'unverified email', 'email claim', 'truncated', 'over-long', 'DER signature', '1024-bit RSA']) {
			expect(categories).toContain(attack);
		}
		expect(corpus.filter((item) => item.valid).length).toBeGreaterThanOrEqual(80);
	});

	it('jose agrees with the corpus labels, apart from the node\'s own stricter rules', () => {
		// A label jose disagrees with, beyond the rules listed above, would mean a broken generator.
		const disagreements = corpus.filter((item, index) => {
			const verdict = jose[index];
			const expected = verdict.accepted && nodeRulesAllow(item, verdict.payload);
			return expected !== item.valid;
		});
		expect(disagreements.map((item) => item.name)).toEqual([]);
	});
});

describe('the node accepts exactly what jose accepts (with the node\'s stricter rules)', () => {
	it('agrees on every token', () => {
		const mismatches = corpus
			.map((item, index) => ({ item, verdict: jose[index], result: node[index] }))
			.filter(({ item, verdict, result }) => result.accepted !== (verdict.accepted && nodeRulesAllow(item, verdict.payload)))
			.map(({ item, verdict, result }) => `${item.name}: node ${result.accepted ? 'accepted' : `refused (${result.code})`}, jose ${verdict.accepted ? 'accepted' : `refused (${verdict.reason})`}`);
		expect(mismatches).toEqual([]);
	});

	it('refuses every attack and names the verified email of every valid token', () => {
		corpus.forEach((item, index) => {
			expect({ name: item.name, accepted: node[index].accepted }).toEqual({ name: item.name, accepted: item.valid });
			if (item.valid) expect(node[index].email).toBe(String(decodedPayload(item.token)?.email).toLowerCase());
		});
	});

	it('where the node is stricter than jose, it is only by the listed rules', () => {
		const stricter = corpus.filter((_, index) => jose[index].accepted && !node[index].accepted).map((item) => item.category);
		expect(new Set(stricter)).toEqual(new Set(['crit', 'wrong aud', 'unverified email', 'email claim', 'over-long']));
	});
});
