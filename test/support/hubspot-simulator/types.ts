// Public shapes of the HubSpot simulator. Consumers (end-to-end suite, demo, browser tests, benchmarks)
// import these from the package index; nothing here does any work.

export const VISITOR_IDENTIFICATION_SCOPE = 'conversations.visitor_identification.tokens.create';

export type AccountTier = 'free' | 'starter' | 'professional' | 'enterprise';

export interface SimulatorAccount {
	accessToken: string;
	/** Defaults to the visitor identification scope, so a bare account is a working one. */
	scopes?: string[];
	/** Defaults to 'professional', the lowest tier HubSpot lets create visitor tokens. */
	tier?: AccountTier;
	/** HubSpot's account id; a random 8-digit one is picked when omitted. */
	portalId?: number;
}

/** HubSpot's 429 bodies name the limit that was hit; clients retry the first two and must not retry DAILY. */
export type RateLimitPolicy = 'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY';

export interface SimulatorFault {
	/** Answer with this status and a HubSpot-shaped error body (429 gets the rate-limit body). */
	status?: number;
	/** Implies status 429 when no status is given. Defaults to TEN_SECONDLY_ROLLING for a 429. */
	policyName?: RateLimitPolicy;
	/** Adds a `Retry-After` header (HubSpot does not promise one, clients must cope either way). */
	retryAfterSeconds?: number;
	/** Extra delay before answering, on top of the simulator's base latency. Alone, the call then succeeds. */
	latencyMs?: number;
	/** 200 whose body is not valid JSON. */
	malformedBody?: boolean;
	/** Destroy the socket without answering. */
	dropConnection?: boolean;
	/** 200 with a JSON body that has no `token`. */
	emptyToken?: boolean;
	/** Override the error body's message / category. */
	message?: string;
	category?: string;
	/** How many matching calls this fault answers; default 1. Use Infinity for "until cleared". */
	times?: number;
	/** Only calls for this email (compared trimmed and case-insensitively). */
	forEmail?: string;
}

/** What made a call deviate from normal handling, as recorded on the call. */
export type FaultKind =
	| 'dropConnection'
	| 'malformedBody'
	| 'emptyToken'
	| 'rateLimit'
	| 'status'
	| 'latency'
	| 'builtInRateLimit'
	| 'thirdParty';

export type ApiVersion = '2026-03' | '2026-09' | 'v3' | 'conversations-v3';

export type RouteName = 'token' | 'contactsUpsert' | 'contactsCreate' | 'accountInfo' | 'oauthToken' | 'thirdParty' | 'unknown';

export interface RecordedCall {
	method: string;
	/** Path without the query string: a query could carry a secret (legacy `hapikey`), so it is not kept. */
	path: string;
	route: RouteName;
	apiVersion?: ApiVersion;
	/** 0 when the connection was dropped without an answer. */
	status: number;
	email?: string;
	firstName?: string;
	lastName?: string;
	/**
	 * The visitor token issued by this call. Non-enumerable, so printing or serialising `sim.calls`
	 * (a failing test's diff, a debug log) never shows a token; read it as `call.token`.
	 */
	token?: string;
	correlationId?: string;
	/** Arrival time, ms since the epoch. */
	at: number;
	fault?: FaultKind;
	/** For the OAuth token endpoint: the grant asked for (authorization_code or refresh_token). */
	grantType?: string;
}

/** An app on HubSpot's developer platform that installs with OAuth, for the token endpoint to know. */
export interface SimulatorOAuthApp {
	clientId: string;
	clientSecret: string;
	/** Where the consent screen sends the code; a code exchange must name it again. */
	redirectUri?: string;
	/** The scopes its access tokens carry; default: oauth and the visitor identification scope. */
	scopes?: string[];
	/** The tier of the portal it is installed in; default professional. */
	tier?: AccountTier;
	portalId?: number;
}

/** HubSpot's answer to a token request, as n8n stores it in the credential's oauthTokenData. */
// A type alias, not an interface, so it fits n8n's credential data (an index signature) as it is.
export type OAuthTokenAnswer = {
	token_type: 'bearer';
	refresh_token: string;
	access_token: string;
	expires_in: number;
};

export interface WebhookCall {
	path: string;
	/** Parsed JSON when the body is JSON, the raw text otherwise, undefined when empty. */
	body: unknown;
	status: number;
	at: number;
}

export interface ContactUpsert {
	email: string;
	properties: Record<string, string>;
	/** True when the simulator had not seen this email before. */
	isNew: boolean;
	at: number;
}

export interface RateLimitOptions {
	/** Requests per rolling ten seconds per account before a 429 TEN_SECONDLY_ROLLING. */
	perTenSeconds: number;
	/** HubSpot does not document Retry-After on 429; off by default, on to speed up concurrency tests. */
	sendRetryAfter?: boolean;
}

export interface SimulatorOptions {
	/** Base delay before every HubSpot answer (not third-party stand-ins). Default 0. */
	latencyMs?: number;
	accounts?: SimulatorAccount[];
	/** Off by default: HubSpot's real limits (190 / 10 s) are far above what tests send. */
	rateLimit?: RateLimitOptions;
	/** 0 (default) picks a free port. Always bound to 127.0.0.1. */
	port?: number;
}

export interface HubspotSimulator {
	/** 'http://127.0.0.1:<port>' */
	readonly url: string;
	readonly port: number;
	/** Every request, oldest first (a copy). */
	readonly calls: RecordedCall[];
	addAccount(account: SimulatorAccount): void;
	/** Later calls with this access token get 401, as a revoked private app token would. */
	revokeAccount(accessToken: string): void;
	tokenCalls(): RecordedCall[];
	emailForToken(token: string): string | undefined;
	/** Forgets the call log and webhook/contact records; tokens stay mapped to their emails. */
	resetCalls(): void;
	injectFault(fault: SimulatorFault): void;
	injectThirdPartyFault(name: string, status: number, times?: number): void;
	/** Faults still waiting for a matching call (HubSpot and third-party). */
	pendingFaults(): number;
	clearFaults(): void;
	setLatency(ms: number): void;
	setRateLimit(rateLimit: RateLimitOptions | undefined): void;
	webhookCalls(name: string): WebhookCall[];
	contactUpserts(): ContactUpsert[];
	/** Registers an OAuth app; its access tokens become accounts of its portal. */
	addOAuthApp(app: SimulatorOAuthApp): void;
	/** The one-time code HubSpot's consent screen hands the app's redirect URI. */
	authorizeOAuthApp(clientId: string): string;
	/** An app installed and its code exchanged: the tokens an authorised n8n credential stores. */
	installOAuthApp(clientId: string): OAuthTokenAnswer;
	/** The app is uninstalled: its refresh token and all its access tokens stop working. */
	uninstallOAuthApp(refreshToken: string): void;
	/** Calls to POST /oauth/v1/token, oldest first. */
	oauthTokenCalls(): RecordedCall[];
	/** The contact HubSpot holds for this email now (created or upserted through the stand-ins, or added), if any. */
	contact(email: string): SimulatorContact | undefined;
	/** A contact that exists before the test, as one a team already has in HubSpot. */
	addContact(email: string, properties?: Record<string, string>): SimulatorContact;
	stop(): Promise<void>;
}

export interface SimulatorContact {
	id: string;
	properties: Record<string, string>;
	createdAt: string;
	updatedAt: string;
}
