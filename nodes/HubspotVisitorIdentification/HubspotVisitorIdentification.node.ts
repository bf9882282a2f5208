import {
	NodeConnectionTypes,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type IExecuteFunctions,
	type INodeCredentialTestResult,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { authenticationField, identityFields, operationField, optionsField } from './shared/descriptions';
import { APP_CREDENTIAL_TYPE } from './shared/hubspotConnection';
import { CREDENTIAL_TEST_TIMEOUT_MS, testLoginProviderCredential } from './shared/idToken/credentialCheck';
import { documentFetcherForCredentialTest } from './shared/idToken/keyTransport';
import { CREDENTIAL_TYPE } from './shared/transport';
import { getVisitorTokens } from './shared/visitorTokens';

export class HubspotVisitorIdentification implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HubSpot Visitor Identification',
		name: 'hubspotVisitorIdentification',
		icon: { light: 'file:hubspotVisitorIdentification.svg', dark: 'file:hubspotVisitorIdentification.dark.svg' },
		group: ['transform'],
		// Version 2 calls HubSpot's 2026-09 line by default; version 1 keeps 2026-03, so saved workflows behave as before.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{ $parameter["operation"] === "getToken" ? "Get Token" : "" }}',
		description: 'Create HubSpot chat widget tokens that show website visitors as known contacts, cached for up to 12 hours',
		defaults: { name: 'HubSpot Visitor Identification' },
		// As an AI agent's tool it runs only with Verified ID Token (see visitorTokens.ts): an agent takes its
		// input from a conversation, so in email mode anyone talking to it could mint a token for any contact.
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: CREDENTIAL_TYPE, required: true, displayOptions: { show: { authentication: ['accessToken'] } } },
			{ name: APP_CREDENTIAL_TYPE, required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
			{
				name: 'hubspotVisitorLoginProviderApi',
				required: true,
				testedBy: 'hubspotVisitorLoginProviderApiTest',
				displayOptions: { show: { identifyBy: ['idToken'] } },
			},
		],
		properties: [authenticationField, operationField, ...identityFields, optionsField],
	};

	methods = {
		credentialTest: {
			// Fetches the discovery document and the JWKS and counts usable keys: more than a declarative test can do.
			async hubspotVisitorLoginProviderApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
				return await testLoginProviderCredential(credential.data ?? {}, documentFetcherForCredentialTest(this.helpers, CREDENTIAL_TEST_TIMEOUT_MS));
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await getVisitorTokens.call(this);
	}
}
