/**
 * The access token and the visitor tokens must never cross a network in clear text, but a local HubSpot
 * simulator or a proxy on the same machine is a normal thing to point the credential at. So: https
 * anywhere, http only for loopback hosts.
 */
const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

function isLoopback(hostname: string): boolean {
	return LOOPBACK_HOSTS.has(hostname) || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

// The messages never quote what was typed: people paste secrets into the wrong field, and these messages
// reach error items, n8n's logs and the credential test's answer.
const USE_DEFAULT = 'Use https://api.hubapi.com unless you go through a proxy.';

export type BaseUrlCheck = { ok: true; baseUrl: string; host: string; origin: string } | { ok: false; problem: string };

/** The base URL without trailing slashes, rebuilt from its parsed parts, or an explanation of why it cannot be used. */
export function checkBaseUrl(raw: unknown): BaseUrlCheck {
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (text === '') return { ok: false, problem: `The credential's Base URL is empty. ${USE_DEFAULT}` };
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return { ok: false, problem: `The credential's Base URL is not a URL. ${USE_DEFAULT}` };
	}
	if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname))) {
		// A bare "?" or "#" parses to an empty query or fragment, but would still end up in the request path.
		if (url.username || url.password || text.includes('?') || text.includes('#')) {
			return { ok: false, problem: 'The credential\'s Base URL must not contain a user name, password, query (?) or fragment (#).' };
		}
		return { ok: true, baseUrl: `${url.origin}${url.pathname.replace(/\/+$/, '')}`, host: url.host, origin: url.origin };
	}
	return {
		ok: false,
		problem: `The credential's Base URL must start with https:// (http:// is accepted only for this machine, e.g. http://127.0.0.1:8080), so the access token never travels unencrypted. ${url.protocol === 'http:' ? 'It uses http:// to another machine.' : 'It uses another scheme.'}`,
	};
}
