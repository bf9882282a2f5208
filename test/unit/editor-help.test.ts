// The node must explain itself in the editor: every field a user sees has a label and a line of help, and the
// credentials' "Open docs" links land on a section of the README that exists. Read from the README and the
// descriptions themselves, so a new field without help, or a renamed README heading, fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { HubspotVisitorIdentification } from '../../nodes/HubspotVisitorIdentification/HubspotVisitorIdentification.node';
import { HubspotVisitorIdentificationApi } from '../../credentials/HubspotVisitorIdentificationApi.credentials';
import { HubspotVisitorIdentificationOAuth2Api } from '../../credentials/HubspotVisitorIdentificationOAuth2Api.credentials';
import { HubspotVisitorLoginProviderApi } from '../../credentials/HubspotVisitorLoginProviderApi.credentials';

const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
// Built inside each test, never at the file's top level: StrykerJS runs a mutant only against the tests that
// reached it while running, and a test's title must not be read from the code under test (a mutant that
// renames the title would hide the test from its own run).
const node = () => new HubspotVisitorIdentification().description;
const credentials = () => [new HubspotVisitorIdentificationApi(), new HubspotVisitorLoginProviderApi(), new HubspotVisitorIdentificationOAuth2Api()];

/** Every field, the options inside collections included, with the path a user would follow to it. */
function fields(properties: INodeProperties[], parent = ''): Array<[string, INodeProperties]> {
	return properties.flatMap((property) => {
		const path = `${parent}${property.displayName}`;
		const nested = property.type === 'collection' ? fields((property.options ?? []) as INodeProperties[], `${path} › `) : [];
		return [[path, property] as [string, INodeProperties], ...nested];
	});
}

/** The anchors GitHub gives README headings: lower case, punctuation dropped, spaces to hyphens. */
function readmeAnchors(): Set<string> {
	const headings = readme.split('\n').filter((line) => /^#{1,6} /.test(line)).map((line) => line.replace(/^#+ /, ''));
	return new Set(headings.map((heading) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-')));
}

describe('the editor explains every field', () => {
	const all = () => [...fields(node().properties), ...credentials().flatMap((credential) => fields(credential.properties, `${credential.displayName} › `))];

	it('every field of the node and of every credential has a label and a line of help', () => {
		const checked = all();
		expect(credentials().map((credential) => credential.properties.length)).not.toContain(0);
		const unlabelled = checked.filter(([, property]) => property.displayName.trim() === '').map(([path, property]) => `${path} (${property.name})`);
		const unexplained = checked
			.filter(([, property]) => {
				// A collection's help is on its items, a notice is help itself; a list of choices may carry it on every choice
				// instead. Hidden fields (the OAuth2 credential's fixed HubSpot URLs and scopes) are never shown.
				if (property.type === 'collection' || property.type === 'notice' || property.type === 'hidden') return false;
				const choices = property.type === 'options' ? (property.options as INodePropertyOptions[]) : [];
				const help = property.description ?? choices.map((choice) => choice.description ?? '').reduce((shortest, text) => (text.length < shortest.length ? text : shortest));
				return help.trim().length <= 20;
			})
			.map(([path, property]) => `${path} (${property.name})`);
		expect(unlabelled).toEqual([]);
		expect(unexplained).toEqual([]);
	});

	it('every list of choices names each choice', () => {
		const lists = all().filter(([, property]) => property.type === 'options');
		expect(lists.length).toBeGreaterThan(0);
		for (const [, property] of lists) for (const choice of property.options as INodePropertyOptions[]) expect(String(choice.name).trim()).not.toBe('');
	});

	it('the two ways to identify a visitor each say what they trust', () => {
		const identifyBy = node().properties.find((property) => property.name === 'identifyBy')?.options as INodePropertyOptions[];
		expect(identifyBy.map((choice) => [choice.value, choice.description])).toEqual([
			['email', expect.stringContaining('protect it')],
			['idToken', expect.stringMatching(/^Safe behind a public webhook: the node checks the visitor's ID token/)],
		]);
	});

	it('the node says what it does, and shows its operation under its name on the canvas', () => {
		const { description, subtitle } = node();
		expect(description).toMatch(/HubSpot chat widget tokens.*known contacts.*12 hours/);
		// n8n evaluates the subtitle as an expression over the node's parameters.
		expect(subtitle).toMatch(/^=\{\{.*\$parameter\["operation"\] === "getToken" \? "Get Token"/);
	});
});

describe('each credential\'s documentation link opens the README section about it', () => {
	const anchors = readmeAnchors();

	it.each([
		['HubSpot Visitor Identification API', 'hubspot-setup', 0],
		['Visitor Login Provider API', 'before-you-start-the-spoofing-trade-off', 1],
		['HubSpot Visitor Identification OAuth2 API', 'hubspot-setup', 2],
	] as const)('%s → #%s', (_name, section, index) => {
		const { hash, pathname } = new URL(credentials()[index].documentationUrl as string);
		expect(pathname).toMatch(/\/n8n-nodes-hubspot-visitor-identification$/);
		expect(hash).toBe(`#${section}`);
		expect(anchors).toContain(section);
	});

	it('reads anchors the way GitHub makes them (so the check above can fail)', () => {
		expect(anchors).toContain('hubspot-setup');
		expect(anchors).toContain('before-you-start-the-spoofing-trade-off');
		expect(anchors).not.toContain('hubspot-set-up');
	});
});
