import type { INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';

import { HubspotVisitorIdentification } from '../../../nodes/HubspotVisitorIdentification/HubspotVisitorIdentification.node';
import { AnswerWebsite, VisitorArrivesTrigger } from './testNodes';

/** How n8n names the node once the package is installed: `<package name>.<node name>`. */
export const VISITOR_IDENTIFICATION_TYPE = 'n8n-nodes-hubspot-visitor-identification.hubspotVisitorIdentification';
export const VISITOR_ARRIVES_TYPE = 'engine-test.visitorArrivesTrigger';
export const ANSWER_WEBSITE_TYPE = 'engine-test.answerWebsite';

/** The node types this in-process n8n knows: the package's node and the two test nodes around it. */
export function packageNodeTypes(): INodeTypes {
	const known: Record<string, INodeType> = {
		[VISITOR_IDENTIFICATION_TYPE]: new HubspotVisitorIdentification(),
		[VISITOR_ARRIVES_TYPE]: new VisitorArrivesTrigger(),
		[ANSWER_WEBSITE_TYPE]: new AnswerWebsite(),
	};
	const byName = (name: string): INodeType => {
		const nodeType = known[name];
		if (!nodeType) throw new Error(`Unknown node type ${name}`);
		return nodeType;
	};
	return {
		getByName: (name: string): INodeType | IVersionedNodeType => byName(name),
		getByNameAndVersion: (name: string, version?: number): INodeType => {
			const nodeType = byName(name);
			if (version !== undefined && ![nodeType.description.version].flat().includes(version)) throw new Error(`${name} has no version ${version}`);
			return nodeType;
		},
		getKnownTypes: () => Object.fromEntries(Object.keys(known).map((name) => [name, { className: known[name].constructor.name, sourcePath: '' }])),
	};
}
