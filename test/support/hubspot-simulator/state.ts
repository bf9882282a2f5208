// Everything the endpoint handlers share. One object per simulator, mutated by its control methods
// (addAccount, injectFault, setLatency...) while requests are being answered.

import type { AccountRegistry } from './accounts';
import type { CallLog } from './call-log';
import type { ContactStore } from './contact-store';
import type { FaultQueue, ThirdPartyFaults } from './faults';
import type { OAuthApps } from './oauth-apps';
import type { RateLimits } from './rate-limits';

export interface SimulatorState {
	accounts: AccountRegistry;
	rateLimits: RateLimits;
	faults: FaultQueue;
	thirdPartyFaults: ThirdPartyFaults;
	log: CallLog;
	contacts: ContactStore;
	oauth: OAuthApps;
	latencyMs: number;
	sleep(ms: number): Promise<void>;
}
