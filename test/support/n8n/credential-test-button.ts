import { randomBytes } from 'node:crypto';

import { BROWSER_ID } from './owner-account';

/** A POST to n8n's editor REST API as a signed-in editor makes it; resolves to the answer's `data`. */
export async function postToRestApi(baseUrl: string, cookie: string, path: string, body: unknown): Promise<unknown> {
	const response = await fetch(`${baseUrl}/rest/${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie, 'browser-id': BROWSER_ID },
		body: JSON.stringify(body),
	});
	const json = (await response.json()) as { data?: unknown };
	if (!response.ok || json.data === undefined) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(json)}`);
	return json.data;
}

export interface CredentialTestResult {
	status: string;
	message: string;
}

/** Saves a credential as the editor does, then presses its Test button: n8n runs the credential's test. */
export async function pressCredentialTest(baseUrl: string, cookie: string, type: string, data: Record<string, unknown>): Promise<CredentialTestResult> {
	const credential = { name: `${type} ${randomBytes(3).toString('hex')}`, type, data };
	const saved = (await postToRestApi(baseUrl, cookie, 'credentials', credential)) as { id: string };
	return (await postToRestApi(baseUrl, cookie, 'credentials/test', { credentials: { ...credential, id: saved.id } })) as CredentialTestResult;
}
