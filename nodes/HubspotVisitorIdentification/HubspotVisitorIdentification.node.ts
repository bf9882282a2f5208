import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { identityFields, operationField, optionsField } from './shared/descriptions';
import { CREDENTIAL_TYPE } from './shared/transport';
import { getVisitorTokens } from './shared/visitorTokens';

export class HubspotVisitorIdentification implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HubSpot Visitor Identification',
		name: 'hubspotVisitorIdentification',
		icon: { light: 'file:hubspotVisitorIdentification.svg', dark: 'file:hubspotVisitorIdentification.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] === "getToken" ? "Get Token" : "" }}',
		description: 'Create HubSpot chat widget tokens that show website visitors as known contacts, cached for up to 12 hours',
		defaults: { name: 'HubSpot Visitor Identification' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [operationField, ...identityFields, optionsField],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await getVisitorTokens.call(this);
	}
}
