// The snippet is meant to be copied onto any site as is: no build step, so it has to be plain ES2017
// that every browser HubSpot's chat supports runs. These checks need no browser and no n8n.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Linter } from 'eslint';

import { WEBSITE_DIR } from './support/static-site';

const snippet = readFileSync(join(WEBSITE_DIR, 'hubspot-visitor-identification.js'), 'utf8');
const demoPage = readFileSync(join(WEBSITE_DIR, 'index.html'), 'utf8');

/** Parse errors when `source` is read as an ES2017 classic script (what a plain <script> tag is). */
function es2017ParseErrors(source: string): string[] {
	const messages = new Linter().verify(source, [{ languageOptions: { ecmaVersion: 2017, sourceType: 'script' } }]);
	return messages.filter((message) => message.fatal).map((message) => `${message.line}:${message.column} ${message.message}`);
}

function inlineScripts(html: string): string[] {
	return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1]);
}

describe('the snippet is plain ES2017 with no build step', () => {
	test('the check rejects newer syntax (optional chaining, object spread, catch without binding)', () => {
		expect(es2017ParseErrors('var a = b?.c;')).toHaveLength(1);
		expect(es2017ParseErrors('var a = { ...b };')).toHaveLength(1);
		expect(es2017ParseErrors('try { f(); } catch { g(); }')).toHaveLength(1);
	});

	test('hubspot-visitor-identification.js parses as an ES2017 script', () => {
		expect(es2017ParseErrors(snippet)).toEqual([]);
	});

	test("the demo page's own script parses as ES2017 too", () => {
		const scripts = inlineScripts(demoPage);
		expect(scripts).toHaveLength(1);
		expect(es2017ParseErrors(scripts[0])).toEqual([]);
	});
});

describe('the snippet keeps its token in sessionStorage only', () => {
	test('its source never touches localStorage or cookies', () => {
		expect(snippet).toContain('sessionStorage');
		expect(snippet).not.toMatch(/localStorage|document\.cookie/);
	});
});
