import { verify, type KeyObject } from 'node:crypto';

import { join } from 'node:path';

import type * as Jwks from '../../nodes/HubspotVisitorIdentification/shared/idToken/jwks';
import type * as LoginProviders from '../../nodes/HubspotVisitorIdentification/shared/idToken/loginProvider';
import type * as Verifier from '../../nodes/HubspotVisitorIdentification/shared/idToken/verifyIdToken';
import { LoginProviderStandIn, loopbackFetcher, makeSigningKey, signToken, type KeyKind } from '../../test/support/login-provider';
import { REPO_ROOT } from '../../test/support/n8n';
import { distribution, round, type Distribution } from '../stats';
import { sampleInterleaved, type SamplingPlan } from '../timing';

export type MeasuredAlgorithm = 'RS256' | 'ES256' | 'EdDSA';
const KIND: Record<MeasuredAlgorithm, KeyKind> = { RS256: 'RSA-2048', ES256: 'P-256', EdDSA: 'Ed25519' };

export interface VerifyCost {
	/** Nanoseconds per call: the node's whole verification with the keys in memory (parse, key choice, signature, claims). */
	verifyNs: Distribution;
	/** Nanoseconds per call: crypto.verify of the same signature with the same key, nothing else. */
	cryptoVerifyNs: Distribution;
	ratio: number;
}

export interface InProcessVerifyResult {
	costs: Record<MeasuredAlgorithm, VerifyCost>;
	/** JWKS requests the stand-in saw over all verifications (one per max-age expected). */
	jwksFetches: number;
	verifications: number;
}

function cryptoVerify(alg: MeasuredAlgorithm, key: KeyObject, data: Buffer, signature: Buffer): boolean {
	if (alg === 'EdDSA') return verify(null, data, key, signature);
	if (alg === 'ES256') return verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature);
	return verify('sha256', data, key, signature);
}

/**
 * The verifier as n8n runs it: the JavaScript tsc compiled into dist/ (run `npm run build` first), not the
 * TypeScript through tsx, whose helpers add a cost per closure that the published package does not have.
 */
function compiled<T>(module: string): T {
	return require(join(REPO_ROOT, 'dist', 'nodes', 'HubspotVisitorIdentification', 'shared', 'idToken', module)) as T;
}

/** In-process cost per verification against crypto.verify alone, keys warm in the node's cache. */
export async function measureVerifyCost(plan: SamplingPlan): Promise<InProcessVerifyResult> {
	const { forgetPublishedKeys } = compiled<typeof Jwks>('jwks.js');
	const { readLoginProvider } = compiled<typeof LoginProviders>('loginProvider.js');
	const { verifyIdToken, verifyWithKeysAtHand } = compiled<typeof Verifier>('verifyIdToken.js');
	const keys = { RS256: makeSigningKey(KIND.RS256), ES256: makeSigningKey(KIND.ES256), EdDSA: makeSigningKey(KIND.EdDSA) };
	const provider = await LoginProviderStandIn.start({ keys: Object.values(keys), maxAgeSeconds: 3600 });
	forgetPublishedKeys();
	let verifications = 0;
	try {
		const settings = readLoginProvider({ issuer: provider.issuer, audience: 'spa-client-id', algorithms: ['RS256', 'ES256', 'EdDSA'] });
		if (settings instanceof Error) throw settings;
		const fetchDocument = loopbackFetcher();
		const now = Date.now();
		const costs = {} as Record<MeasuredAlgorithm, VerifyCost>;
		for (const alg of Object.keys(keys) as MeasuredAlgorithm[]) {
			const key = keys[alg];
			const seconds = Math.floor(now / 1000);
			const token = signToken({ iss: provider.issuer, aud: 'spa-client-id', sub: 'user-1', iat: seconds, exp: seconds + 3600, email: 'ada@example.com', email_verified: true, given_name: 'Ada' }, { alg, key: key.privateKey }, { kid: key.kid });
			const [header, payload, signature] = token.split('.');
			const data = Buffer.from(`${header}.${payload}`);
			const signatureBytes = Buffer.from(signature, 'base64url');
			const source = { fetchDocument, timeoutMs: 5000, now };
			const authorization = `Bearer ${token}`;
			// Checked once off the clock: the timed calls are exactly what the node awaits per item.
			const once = await verifyIdToken(authorization, settings, source);
			if ('code' in once) throw new Error(`bench token refused: ${once.message}`);
			const samples = await sampleInterleaved(
				{
					// With the keys in memory the node takes this synchronous path for every item (visitorIdentity.ts).
					verify: {
						sync: () => {
							verifications++;
							return verifyWithKeysAtHand(authorization, settings, source);
						},
					},
					cryptoVerify: { sync: () => cryptoVerify(alg, key.publicKey, data, signatureBytes) },
				},
				plan,
			);
			const verifyNs = distribution(samples.verify);
			const cryptoVerifyNs = distribution(samples.cryptoVerify);
			costs[alg] = { verifyNs, cryptoVerifyNs, ratio: round(verifyNs.median / cryptoVerifyNs.median) };
		}
		return { costs, jwksFetches: provider.jwksFetches(), verifications };
	} finally {
		await provider.stop();
	}
}
