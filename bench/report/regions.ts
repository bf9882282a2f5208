/**
 * BENCHMARKS.md is written by hand except between markers such as
 *   <!-- bench:table:latency --> … <!-- /bench:table:latency -->
 * which a bench run fills with tables. Only what lies between the markers is replaced.
 */

const REGION = /<!-- bench:table:([a-z0-9-]+) -->\n[\s\S]*?<!-- \/bench:table:\1 -->/g;

function start(name: string): string {
	return `<!-- bench:table:${name} -->`;
}

export function regionNames(markdown: string): string[] {
	return [...markdown.matchAll(REGION)].map((match) => match[1]);
}

/**
 * Puts each table into its region. Throws when the document and the tables disagree, in either direction,
 * so that no figure silently drops out of the document and no region is left holding an old figure.
 */
export function fillRegions(markdown: string, tables: Readonly<Record<string, string>>): string {
	const names = regionNames(markdown);
	const opened = markdown.split(/<!-- bench:table:([a-z0-9-]+) -->/).filter((_, index) => index % 2 === 1);
	const unclosed = opened.filter((name) => !names.includes(name));
	if (unclosed.length > 0) throw new Error(`BENCHMARKS.md: no closing <!-- /bench:table:NAME --> for ${unclosed.join(', ')}`);
	const unknown = names.filter((name) => !(name in tables));
	if (unknown.length > 0) throw new Error(`BENCHMARKS.md has regions no table is rendered for: ${unknown.join(', ')}`);
	const missing = Object.keys(tables).filter((name) => !names.includes(name));
	if (missing.length > 0) throw new Error(`BENCHMARKS.md lacks the regions ${missing.map(start).join(', ')}`);
	const twice = names.filter((name, index) => names.indexOf(name) !== index);
	if (twice.length > 0) throw new Error(`BENCHMARKS.md has these regions twice: ${twice.join(', ')}`);
	// Blank lines around the table, so that no Markdown reader takes a marker for a table row.
	return markdown.replace(REGION, (_, name: string) => `${start(name)}\n\n${tables[name].trim()}\n\n<!-- /bench:table:${name} -->`);
}
