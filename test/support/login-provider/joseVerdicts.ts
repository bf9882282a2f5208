// The oracle's other side: decides each token of the corpus with the `jose` library (jwtVerify with a
// local JWKS or the shared secret), under settings equivalent to the node's credential. Runs as its own
// process (jose is ESM-only and needs WebCrypto): reads the corpus as JSON on stdin, writes verdicts.
import { createLocalJWKSet, decodeJwt, jwtVerify, type JWTVerifyOptions } from 'jose';

import type { OracleCase, OracleInput, JoseVerdict } from './oracleCorpus';

async function decide(item: OracleCase, input: OracleInput): Promise<JoseVerdict> {
	const { settings } = item;
	let hasAud = false;
	let hasIat = false;
	try {
		const claims = decodeJwt(item.token);
		hasAud = Object.hasOwn(claims, 'aud');
		hasIat = Object.hasOwn(claims, 'iat');
	} catch {
		// Undecodable: jwtVerify below refuses it too.
	}
	const options: JWTVerifyOptions = {
		algorithms: settings.sharedSecret ? ['HS256', 'HS384', 'HS512'] : settings.algorithms,
		issuer: input.issuer,
		clockTolerance: settings.clockToleranceSeconds,
		currentDate: new Date(input.now),
		requiredClaims: ['exp'],
		// The node's azp rule for tokens without aud is checked beside jose (jose has no such rule).
		...(hasAud ? { audience: settings.audiences } : {}),
		// jose checks that iat is not in the future only together with a maximum age; this one never binds.
		...(hasIat ? { maxTokenAge: 100 * 365 * 24 * 3600 } : {}),
	};
	try {
		const key = settings.sharedSecret ? new TextEncoder().encode(settings.sharedSecret) : createLocalJWKSet(input.jwks as never);
		const { payload } = await jwtVerify(item.token, key as never, options);
		return { accepted: true, payload };
	} catch (error) {
		return { accepted: false, reason: (error as Error).name };
	}
}

async function main(): Promise<void> {
	const chunks: Buffer[] = [];
	for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
	const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OracleInput;
	const verdicts: JoseVerdict[] = [];
	for (const item of input.cases) verdicts.push(await decide(item, input));
	process.stdout.write(JSON.stringify(verdicts));
}

void main();
