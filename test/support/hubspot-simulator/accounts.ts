// The HubSpot accounts the simulator knows, keyed by access token, and the Bearer check against them.

import { randomInt } from 'node:crypto';
import { VISITOR_IDENTIFICATION_SCOPE, type AccountTier, type SimulatorAccount } from './types';

export interface KnownAccount {
	accessToken: string;
	scopes: ReadonlySet<string>;
	tier: AccountTier;
	portalId: number;
}

export type BearerCheck =
	| { ok: true; account: KnownAccount }
	| { ok: false; reason: 'missing' | 'invalid' };

export class AccountRegistry {
	private readonly byToken = new Map<string, KnownAccount>();

	add(account: SimulatorAccount): KnownAccount {
		if (!account.accessToken) throw new Error('A simulator account needs an accessToken.');
		const known: KnownAccount = {
			accessToken: account.accessToken,
			scopes: new Set(account.scopes ?? [VISITOR_IDENTIFICATION_SCOPE]),
			tier: account.tier ?? 'professional',
			// Real portal ids are 7-9 digit numbers; random ones keep tests from relying on a value.
			portalId: account.portalId ?? randomInt(10_000_000, 99_999_999),
		};
		this.byToken.set(known.accessToken, known);
		return known;
	}

	revoke(accessToken: string): void {
		this.byToken.delete(accessToken);
	}

	/** HubSpot accepts only the Bearer scheme since API keys were sunset; the scheme name is case-insensitive. */
	checkBearer(authorization: string | undefined): BearerCheck {
		const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? '');
		if (!match) return { ok: false, reason: authorization ? 'invalid' : 'missing' };
		const account = this.byToken.get(match[1]);
		return account ? { ok: true, account } : { ok: false, reason: 'invalid' };
	}
}

export function canCreateVisitorTokens(tier: AccountTier): boolean {
	return tier === 'professional' || tier === 'enterprise';
}
