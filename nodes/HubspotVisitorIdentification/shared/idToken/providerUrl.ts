/**
 * The same transport rule as the HubSpot Base URL: a login provider's keys decide who may get a visitor
 * token, so they must not be fetched where someone on the network could swap them. https anywhere,
 * http only on this machine (a local stand-in or proxy).
 */
const LOOPBACK_HOSTNAME = /^(?:localhost|\[::1\]|127(?:\.\d{1,3}){3})$/;

export function checkProviderUrl(raw: string, label: string): { ok: true; url: string } | { ok: false; problem: string } {
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		return { ok: false, problem: `The ${label} "${raw}" is not a URL.` };
	}
	if (!(url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTNAME.test(url.hostname)))) {
		return { ok: false, problem: `The ${label} must start with https:// (http:// only for this machine), so the login provider's keys cannot be swapped on the way. It is "${url.protocol}//${url.host}".` };
	}
	if (url.username || url.password || url.hash) return { ok: false, problem: `The ${label} must not contain a user name, password or fragment.` };
	return { ok: true, url: url.href };
}
