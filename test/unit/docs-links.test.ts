// The README is short because its depth lives in docs/: every link between them must land somewhere, and a
// "tested:" comment that names a test file must name one that exists, or the page promises a test it lost.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

import { REPO_ROOT } from '../support/n8n/repo';

const PAGES = ['README.md', 'CONTRIBUTING.md', ...readdirSync(join(REPO_ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];

/** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces to hyphens. */
function anchorsOf(markdown: string): Set<string> {
	const headings = markdown.split('\n').filter((line) => /^#{1,6} /.test(line)).map((line) => line.replace(/^#+ /, ''));
	return new Set(headings.map((heading) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-')));
}

/** Relative links of a page, outside code blocks: `[text](path#anchor)` and `![alt](path)`. */
function relativeLinks(markdown: string): string[] {
	const prose = markdown.replace(/```[\s\S]*?```/g, '');
	return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]).filter((link) => !/^[a-z][a-z0-9+.-]*:/i.test(link));
}

/** What a link points at that does not exist, or undefined when it lands. */
function brokenTarget(page: string, link: string): string | undefined {
	const [path, anchor] = link.split('#');
	const target = path === '' ? join(REPO_ROOT, page) : resolve(dirname(join(REPO_ROOT, page)), path);
	if (!existsSync(target)) return `${relative(REPO_ROOT, target)} does not exist`;
	if (anchor === undefined) return undefined;
	if (!target.endsWith('.md')) return `${relative(REPO_ROOT, target)} is not a page with headings`;
	return anchorsOf(readFileSync(target, 'utf8')).has(anchor) ? undefined : `${relative(REPO_ROOT, target)} has no heading #${anchor}`;
}

describe('the README and the docs pages link only to what exists', () => {
	it.each(PAGES)('%s: every relative link and anchor lands', (page) => {
		const links = relativeLinks(readFileSync(join(REPO_ROOT, page), 'utf8'));
		const broken = links.map((link) => [link, brokenTarget(page, link)]).filter(([, problem]) => problem !== undefined);
		expect(broken).toEqual([]);
	});

	it.each(PAGES)('%s: every test file it names exists', (page) => {
		const named = [...readFileSync(join(REPO_ROOT, page), 'utf8').matchAll(/\btest\/[\w./-]+\.test\.ts\b/g)].map((match) => match[0]);
		expect(named.filter((file) => !existsSync(join(REPO_ROOT, file)))).toEqual([]);
	});

	it('the README moved its depth to docs/ pages, and links each of them', () => {
		const readmeLinks = relativeLinks(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8'));
		for (const page of ['docs/security.md', 'docs/cache.md', 'docs/queue-mode-and-scale.md', 'docs/development.md']) {
			expect(readmeLinks.map((link) => link.split('#')[0])).toContain(page);
		}
	});

	it('finds a broken link, a missing heading and a missing test file (so the checks above can fail)', () => {
		expect(brokenTarget('README.md', 'docs/no-such-page.md')).toBe('docs/no-such-page.md does not exist');
		expect(brokenTarget('README.md', '#no-such-heading')).toBe('README.md has no heading #no-such-heading');
		expect(brokenTarget('docs/cache.md', '../README.md#hubspot-setup')).toBeUndefined();
		expect(relativeLinks('[a](https://example.com) [b](docs/x.md#y)\n```\n[c](z.md)\n```')).toEqual(['docs/x.md#y']);
		expect(existsSync(join(REPO_ROOT, 'test/unit/no-such.test.ts'))).toBe(false);
	});
});
