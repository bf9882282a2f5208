import { randomBytes } from 'node:crypto';

import { waitUntil } from './wait-until';

/** The account `npm run dev` signs the maintainer in with, and tests sign in with. */
export interface OwnerAccount {
	email: string;
	password: string;
}

/** n8n's browser-id header: n8n binds its auth cookie to it, so every REST call of a session repeats it. */
export const BROWSER_ID = randomBytes(8).toString('hex');

/**
 * n8n answers /rest/* with a plain-text "n8n is starting up" (status 200) until its REST routes are
 * mounted, a few seconds after /healthz/readiness: only a JSON answer means the API is there.
 */
export async function waitForRestApi(baseUrl: string, timeoutMs = 120_000): Promise<void> {
	await waitUntil(
		async () => {
			const response = await fetch(`${baseUrl}/rest/settings`, { signal: AbortSignal.timeout(2_000) });
			await response.arrayBuffer();
			return response.ok && (response.headers.get('content-type') ?? '').includes('json');
		},
		{ what: 'the n8n REST API', timeoutMs },
	);
}

function authCookieOf(response: Response): string {
	const cookie = response.headers.getSetCookie().find((value) => value.startsWith('n8n-auth='));
	if (!cookie) throw new Error('n8n set no n8n-auth cookie');
	return cookie.split(';')[0];
}

/**
 * Creates the owner account of a fresh n8n (what its first-visit "Set up owner account" form does) and
 * returns it with a signed-in cookie. The password is random: each instance lives in a temporary folder.
 */
export async function setUpOwner(baseUrl: string, email = 'owner@example.com'): Promise<OwnerAccount & { cookie: string }> {
	await waitForRestApi(baseUrl);
	const password = `Dev${randomBytes(6).toString('hex')}9`;
	const response = await fetch(`${baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': BROWSER_ID },
		body: JSON.stringify({ email, firstName: 'Local', lastName: 'Owner', password }),
	});
	if (!response.ok) throw new Error(`owner setup answered ${response.status}: ${await response.text()}`);
	return { email, password, cookie: authCookieOf(response) };
}

/** Signs in as the editor's login form does; returns the auth cookie. */
export async function signIn(baseUrl: string, account: OwnerAccount): Promise<string> {
	const response = await fetch(`${baseUrl}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': BROWSER_ID },
		body: JSON.stringify({ emailOrLdapLoginId: account.email, password: account.password }),
	});
	if (!response.ok) throw new Error(`login answered ${response.status}: ${await response.text()}`);
	return authCookieOf(response);
}
