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
		const parents = this.type(name).extends ?? [];
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
		const withDefaults = NodeHelpers.getNodeParameters(this.getCredentialsProperties(type), structuredClone(credential.data) as INodeParameters, true, false, null, null);
		return (withDefaults ?? {}) as ICredentialDataDecryptedObject;
	}

	async updateCredentials(): Promise<void> {
		throw new Error('Credentials are read-only in this harness');
	}

	async updateCredentialsOauthTokenData(): Promise<void> {
		throw new Error('Credentials are read-only in this harness');
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.type(type).properties;
	}
}
