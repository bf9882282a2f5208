// The credential's Base URL: what the user reads when it cannot be used, and what counts as this machine.
import { checkBaseUrl } from '../../nodes/HubspotVisitorIdentification/shared/baseUrl';

describe('problems are explained in words', () => {
	it.each([
		['', "The credential's Base URL is empty. Use https://api.hubapi.com unless you go through a proxy."],
		['   ', "The credential's Base URL is empty. Use https://api.hubapi.com unless you go through a proxy."],
		[undefined, "The credential's Base URL is empty. Use https://api.hubapi.com unless you go through a proxy."],
		['api.hubapi.com', 'The credential\'s Base URL is not a URL. Use https://api.hubapi.com unless you go through a proxy.'],
		['https://api.hubapi.com#x', "The credential's Base URL must not contain a user name, password, query (?) or fragment (#)."],
		['https://:secret@api.hubapi.com', "The credential's Base URL must not contain a user name, password, query (?) or fragment (#)."],
		[
			'http://10.0.0.5:8080/hubspot',
			'The credential\'s Base URL must start with https:// (http:// is accepted only for this machine, e.g. http://127.0.0.1:8080), so the access token never travels unencrypted. It uses http:// to another machine.',
		],
		[
			'ftp://api.hubapi.com',
			'The credential\'s Base URL must start with https:// (http:// is accepted only for this machine, e.g. http://127.0.0.1:8080), so the access token never travels unencrypted. It uses another scheme.',
		],
	])('%p', (raw, problem) => {
		expect(checkBaseUrl(raw)).toEqual({ ok: false, problem });
	});
});

describe('this machine, for http://', () => {
	it.each(['http://localhost', 'http://127.0.0.1', 'http://127.255.255.254:1', 'http://[::1]:8080'])('%s is this machine', (raw) => {
		expect(checkBaseUrl(raw)).toMatchObject({ ok: true });
	});

	it.each(['http://localhost.example.com', 'http://128.0.0.1', 'http://0.0.0.0', 'http://[::2]'])('%s is not', (raw) => {
		expect(checkBaseUrl(raw).ok).toBe(false);
	});

	it('keeps the host and port for messages, and the path without trailing slashes', () => {
		expect(checkBaseUrl('https://proxy.example.com:8443/hubspot/')).toEqual({ ok: true, baseUrl: 'https://proxy.example.com:8443/hubspot', host: 'proxy.example.com:8443', origin: 'https://proxy.example.com:8443' });
	});
});
