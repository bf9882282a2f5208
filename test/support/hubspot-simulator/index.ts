// A stand-in for HubSpot's Visitor Identification API (and the few other HTTP services the example
// workflows call), for the end-to-end suite, the demo, the browser tests and the benchmarks.
// It behaves as HubSpot documents the endpoint; see shared/reference/hubspot-visitor-identification.md.

import { AccountRegistry } from './accounts';
import { CallLog } from './call-log';
import { ContactStore } from './contact-store';
import { FaultQueue, ThirdPartyFaults } from './faults';
import { RateLimits } from './rate-limits';
import { OAuthApps } from './oauth-apps';
import { listen } from './server';
import { Sleeper } from './sleeper';
import type { SimulatorState } from './state';
import type { HubspotSimulator, SimulatorOptions } from './types';

export * from './types';
export { fakeAccessToken } from './tokens';
export { TIER_MESSAGE } from './error-bodies';

export async function startHubspotSimulator(options: SimulatorOptions = {}): Promise<HubspotSimulator> {
	const sleeper = new Sleeper();
	const accounts = new AccountRegistry();
	const state: SimulatorState = {
		accounts,
		oauth: new OAuthApps(accounts),
		rateLimits: new RateLimits(options.rateLimit),
		faults: new FaultQueue(),
		thirdPartyFaults: new ThirdPartyFaults(),
		log: new CallLog(),
		contacts: new ContactStore(),
		latencyMs: options.latencyMs ?? 0,
		sleep: (ms) => sleeper.sleep(ms),
	};
	for (const account of options.accounts ?? []) state.accounts.add(account);

	const server = await listen(state, sleeper, options.port ?? 0);
	const url = `http://127.0.0.1:${server.port}`;

	return {
		url,
		port: server.port,
		get calls() {
			return state.log.calls();
		},
		addAccount: (account) => void state.accounts.add(account),
		revokeAccount: (accessToken) => state.accounts.revoke(accessToken),
		tokenCalls: () => state.log.tokenCalls(),
		emailForToken: (token) => state.log.emailForToken(token),
		resetCalls: () => state.log.reset(),
		injectFault: (fault) => state.faults.inject(fault),
		injectThirdPartyFault: (name, status, times) => state.thirdPartyFaults.inject(name, status, times),
		pendingFaults: () => state.faults.pending() + state.thirdPartyFaults.pending(),
		clearFaults: () => {
			state.faults.clear();
			state.thirdPartyFaults.clear();
		},
		setLatency: (ms) => {
			state.latencyMs = ms;
		},
		setRateLimit: (rateLimit) => state.rateLimits.configure(rateLimit),
		webhookCalls: (name) => state.log.webhookCalls(name),
		contactUpserts: () => state.log.contactUpserts(),
		addOAuthApp: (app) => state.oauth.add(app),
		authorizeOAuthApp: (clientId) => state.oauth.authorize(clientId),
		installOAuthApp: (clientId) => state.oauth.install(clientId),
		uninstallOAuthApp: (refreshToken) => state.oauth.uninstall(refreshToken),
		oauthTokenCalls: () => state.log.calls().filter((call) => call.route === 'oauthToken'),
		contact: (email) => state.contacts.find(email),
		addContact: (email, properties = {}) => state.contacts.createIfAbsent(email, properties, new Date()).contact,
		stop: () => server.stop(),
	};
}
