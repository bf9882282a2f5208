/**
 * The access token and the visitor tokens must never cross a network in clear text, but a local HubSpot
 * simulator or a proxy on the same machine is a normal thing to point the credential at. So: https
 * anywhere, http only for loopback hosts.
 */
const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

function isLoopback(hostname: string): boolean {
	return LOOPBACK_HOSTS.has(hostname) || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

/** The base URL without trailing slashes, or an explanation of why it cannot be used. */
export function checkBaseUrl(raw: unknown): { ok: true; baseUrl: string; host: string } | { ok: false; problem: string } {
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (text === '') return { ok: false, problem: 'The credential\'s Base URL is empty. Use https://api.hubapi.com unless you go through a proxy.' };
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return { ok: false, problem: `The credential's Base URL "${text}" is not a URL. Use https://api.hubapi.com unless you go through a proxy.` };
	}
	if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname))) {
		if (url.username || url.password || url.search || url.hash) {
			return { ok: false, problem: 'The credential\'s Base URL must not contain a user name, password, query or fragment.' };
		}
		return { ok: true, baseUrl: text.replace(/\/+$/, ''), host: url.host };
	}
	return {
		ok: false,
		problem: `The credential's Base URL must start with https:// (http:// is accepted only for this machine, e.g. http://127.0.0.1:8080), so the access token never travels unencrypted. It is "${url.protocol}//${url.host}".`,
	};
}
