/**
 * Vega-Lite spec → SVG text, headless. vega and vega-lite ship as ES modules with top-level await,
 * which a CommonJS-compiled script cannot require(): they are loaded with a dynamic import instead.
 */
type VegaLite = typeof import('vega-lite/build/index');

// vega-lite declares its types only under package.json "exports", which this repository's TypeScript
// resolution (node10) does not read: the module is typed from its build folder instead.
const VEGA_LITE: string = 'vega-lite';

export async function vegaLiteToSvg(spec: object): Promise<string> {
	const vegaLite = (await import(VEGA_LITE)) as VegaLite;
	const vega = await import('vega');
	const compiled = vegaLite.compile(spec as Parameters<VegaLite['compile']>[0]).spec;
	const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
	try {
		return `${await view.toSVG()}\n`;
	} finally {
		view.finalize();
	}
}
