// HubSpot's OAuth side for apps the tests register: one-time authorization codes, long-lived refresh tokens and
// 30-minute access tokens. Each access token is a simulator account, so the API endpoints check it as any other.

import { randomBytes, randomInt } from 'node:crypto';

import type { AccountRegistry } from './accounts';
import type { OAuthTokenAnswer, SimulatorOAuthApp } from './types';

/** HubSpot's access tokens live about 30 minutes (`expires_in` 1800). */
export const ACCESS_TOKEN_SECONDS = 1800;

interface Install {
	clientId: string;
	portalId: number;
	accessTokens: Set<string>;
}

export type OAuthGrant = { ok: true; tokens: OAuthTokenAnswer } | { ok: false; status: string; message: string };

function secret(prefix: string): string {
	return `${prefix}-${randomBytes(18).toString('base64url')}`;
}

export class OAuthApps {
	private readonly apps = new Map<string, Required<Omit<SimulatorOAuthApp, 'portalId'>> & { portalId: number }>();
	private readonly codes = new Map<string, { clientId: string; redirectUri: string }>();
	private readonly installs = new Map<string, Install>();

	constructor(private readonly accounts: AccountRegistry) {}

	add(app: SimulatorOAuthApp): void {
		this.apps.set(app.clientId, {
			clientId: app.clientId,
			clientSecret: app.clientSecret,
			redirectUri: app.redirectUri ?? 'http://127.0.0.1/rest/oauth2-credential/callback',
			scopes: app.scopes ?? ['oauth', 'conversations.visitor_identification.tokens.create'],
			tier: app.tier ?? 'professional',
			portalId: app.portalId ?? randomInt(10_000_000, 99_999_999),
		});
	}

	/** What the consent screen hands the redirect URI after the user installs the app: a one-time code. */
	authorize(clientId: string): string {
		const app = this.apps.get(clientId);
		if (!app) throw new Error(`no OAuth app with client id ${clientId}`);
		const code = secret('code');
		this.codes.set(code, { clientId, redirectUri: app.redirectUri });
		return code;
	}

	/** An install as if the user had connected and n8n had exchanged the code: the tokens a credential stores. */
	install(clientId: string): OAuthTokenAnswer {
		const granted = this.exchangeCode({ grant_type: 'authorization_code', code: this.authorize(clientId), client_id: clientId, client_secret: this.apps.get(clientId)?.clientSecret, redirect_uri: this.apps.get(clientId)?.redirectUri });
		if (!granted.ok) throw new Error(granted.message);
		return granted.tokens;
	}

	/** The app was uninstalled from the portal: its refresh token and every access token stop working. */
	uninstall(refreshToken: string): void {
		const install = this.installs.get(refreshToken);
		if (!install) return;
		for (const accessToken of install.accessTokens) this.accounts.revoke(accessToken);
		this.installs.delete(refreshToken);
	}

	/** POST /oauth/v1/token, its form fields already parsed. */
	grant(form: Record<string, string | undefined>): OAuthGrant {
		if (form.grant_type === 'authorization_code') return this.exchangeCode(form);
		if (form.grant_type === 'refresh_token') return this.refresh(form);
		return { ok: false, status: 'BAD_GRANT_TYPE', message: 'grant_type must be authorization_code or refresh_token' };
	}

	private client(form: Record<string, string | undefined>): OAuthGrant | undefined {
		const app = this.apps.get(form.client_id ?? '');
		if (!app) return { ok: false, status: 'BAD_CLIENT_ID', message: 'missing or unknown client id' };
		if (form.client_secret !== app.clientSecret) return { ok: false, status: 'BAD_CLIENT_SECRET', message: 'missing or invalid client secret' };
		return undefined;
	}

	private exchangeCode(form: Record<string, string | undefined>): OAuthGrant {
		const refused = this.client(form);
		if (refused) return refused;
		const code = this.codes.get(form.code ?? '');
		if (!code || code.clientId !== form.client_id) return { ok: false, status: 'BAD_AUTH_CODE', message: 'missing or unknown auth code' };
		if (form.redirect_uri !== code.redirectUri) return { ok: false, status: 'BAD_REDIRECT_URI', message: 'redirect_uri does not match the one the code was issued for' };
		this.codes.delete(form.code ?? '');
		const app = this.apps.get(code.clientId);
		const refreshToken = secret('na1-refresh');
		this.installs.set(refreshToken, { clientId: code.clientId, portalId: app?.portalId ?? 0, accessTokens: new Set() });
		return { ok: true, tokens: this.issue(refreshToken) };
	}

	private refresh(form: Record<string, string | undefined>): OAuthGrant {
		const refused = this.client(form);
		if (refused) return refused;
		const install = this.installs.get(form.refresh_token ?? '');
		if (!install || install.clientId !== form.client_id) return { ok: false, status: 'BAD_REFRESH_TOKEN', message: 'missing or invalid refresh token' };
		// HubSpot keeps the refresh token: the answer carries the same one back.
		return { ok: true, tokens: this.issue(form.refresh_token as string) };
	}

	private issue(refreshToken: string): OAuthTokenAnswer {
		const install = this.installs.get(refreshToken) as Install;
		const app = this.apps.get(install.clientId);
		const accessToken = secret('CNa1-oauth-access');
		this.accounts.add({ accessToken, scopes: app?.scopes, tier: app?.tier, portalId: install.portalId });
		install.accessTokens.add(accessToken);
		return { token_type: 'bearer', refresh_token: refreshToken, access_token: accessToken, expires_in: ACCESS_TOKEN_SECONDS };
	}
}
