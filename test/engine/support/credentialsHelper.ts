import {
	ICredentialsHelper,
	NodeHelpers,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type ICredentialType,
	type IHttpRequestOptions,
	type INodeCredentialsDetails,
	type INodeParameters,
	type INodeProperties,
	type IRequestOptionsSimplified,
} from 'n8n-workflow';

/** The fields of n8n's own oAuth2Api credential type, which OAuth2 credentials extend. */
const OAUTH2_API_FIELDS = ['grantType', 'authUrl', 'accessTokenUrl', 'clientId', 'clientSecret', 'scope', 'authQueryParameters', 'authentication', 'ignoreSSLIssues'];

export interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

/**
 * The part of n8n's credentials helper (it lives in the n8n CLI package, not in n8n-core) that a
 * request with a credential goes through: find the stored credential the node points at, fill in the
 * credential type's defaults, and let the credential type's own `authenticate` shape the request.
 * Credentials are kept unencrypted in memory: n8n-core's encryption needs the CLI's key provider.
 */
export class CredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly types: ICredentialType[],
		private readonly stored: StoredCredential[],
	) {
		super();
	}

	private type(name: string): ICredentialType {
		const type = this.types.find((candidate) => candidate.name === name);
		if (!type) throw new Error(`Unknown credential type ${name}`);
		return type;
	}

	getParentTypes(name: string): string[] {
		// n8n's own oAuth2Api is not among the package's types: it has no parents of its own.
		const parents = this.types.find((candidate) => candidate.name === name)?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(credentials: ICredentialDataDecryptedObject, typeName: string, requestOptions: IHttpRequestOptions | IRequestOptionsSimplified): Promise<IHttpRequestOptions> {
		const type = this.type(typeName);
		// Called on the type instance, as n8n does.
		if (typeof type.authenticate === 'function') return await type.authenticate(credentials, requestOptions as IHttpRequestOptions);
		// Generic (declarative) authentication is n8n's code path, not this package's; fail loudly if it appears.
		if (type.authenticate !== undefined) throw new Error(`${typeName}: generic authenticate is not supported by this harness`);
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(_helpers: unknown, _credentials: ICredentialDataDecryptedObject, typeName: string): Promise<undefined> {
		if (this.type(typeName).preAuthentication) throw new Error(`${typeName}: preAuthentication is not supported by this harness`);
		return undefined;
	}

	async runPreAuthentication(_helpers: unknown, credentials: ICredentialDataDecryptedObject, typeName: string): Promise<undefined> {
		return await this.preAuthentication(undefined, credentials, typeName);
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('getCredentials (OAuth token storage) is not supported by this harness');
	}

	async getDecrypted(_additionalData: unknown, nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentialDataDecryptedObject> {
		const credential = this.stored.find((candidate) => candidate.id === nodeCredentials.id && candidate.type === type);
		if (!credential) throw new Error(`Credential with ID "${nodeCredentials.id}" does not exist for type "${type}".`);
		// As n8n does: stored values win, properties the user never set get the credential type's defaults.
		const withDefaults = (NodeHelpers.getNodeParameters(this.getCredentialsProperties(type), structuredClone(credential.data) as INodeParameters, true, false, null, null) ?? {}) as ICredentialDataDecryptedObject;
		if (this.getParentTypes(type).includes('oAuth2Api')) {
			// n8n's oAuth2Api fields are properties of the parent type, which this harness does not hold: keep their stored
			// values. And as n8n does: the token data is no property at all, so it is added back after the defaults.
			for (const field of OAUTH2_API_FIELDS) if (credential.data[field] !== undefined && withDefaults[field] === undefined) withDefaults[field] = structuredClone(credential.data[field]);
			if (credential.data.oauthTokenData !== undefined) withDefaults.oauthTokenData = structuredClone(credential.data.oauthTokenData);
		}
		return withDefaults;
	}

	async updateCredentials(): Promise<void> {
		throw new Error('Credentials are read-only in this harness');
	}

	/** As n8n does after renewing an OAuth2 access token: the new token data is stored with the credential. */
	async updateCredentialsOauthTokenData(nodeCredentials: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject): Promise<void> {
		const credential = this.stored.find((candidate) => candidate.id === nodeCredentials.id && candidate.type === type);
		if (!credential) throw new Error(`Credential with ID "${nodeCredentials.id}" does not exist for type "${type}".`);
		credential.data = { ...credential.data, oauthTokenData: structuredClone(data.oauthTokenData) };
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.type(type).properties;
	}
}
