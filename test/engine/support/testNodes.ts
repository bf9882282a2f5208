import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type ITriggerFunctions,
	type ITriggerResponse,
} from 'n8n-workflow';

import { visitorArrivals } from './visitorArrivals';

/**
 * A minimal trigger in the shape of n8n's own event triggers: on activation it starts listening, emits one
 * execution's items per arrival, and stops listening when n8n closes it. (n8n-nodes-base, with the real
 * Webhook and Manual Trigger, is not a dependency of this package.)
 */
export class VisitorArrivesTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Visitor Arrives',
		name: 'visitorArrivesTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Emits the visitors the test announces',
		defaults: { name: 'Visitor Arrives' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const stopListening = visitorArrivals.listen(this.getWorkflow().id ?? '', (visitors) => {
			this.emit([this.helpers.returnJsonArray(visitors)]);
		});
		return { closeFunction: async () => stopListening() };
	}
}

/** Stands in for "Respond to Webhook": passes its items on, so the run data shows what reached each branch. */
export class AnswerWebsite implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Answer Website',
		name: 'answerWebsite',
		group: ['output'],
		version: 1,
		description: 'Passes items through',
		defaults: { name: 'Answer Website' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}
