// "No runtime dependencies": what n8n loads from the installed package may need nothing but n8n-workflow
// (n8n provides it) and Node's built-ins. Checked on the JavaScript the build emits, compiled here exactly
// as `npm run build` compiles it (tsc -p tsconfig.build.json), so the check never reads a stale dist/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

const root = join(__dirname, '..', '..');
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
	dependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	n8n: { nodes: string[]; credentials: string[] };
};

function javascriptFiles(folder: string): string[] {
	return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
		const path = join(folder, entry.name);
		if (entry.isDirectory()) return javascriptFiles(path);
		return entry.name.endsWith('.js') ? [path] : [];
	});
}

/** Every module specifier a compiled file loads: require("…") and dynamic import("…"). */
function specifiersIn(source: string): string[] {
	return [...source.matchAll(/\b(?:require|import)\s*\(\s*(['"`])([^'"`]+)\1\s*\)/g)].map((match) => match[2]);
}

let outDir: string;
beforeAll(() => {
	outDir = mkdtempSync(join(tmpdir(), 'hvi-build-'));
	execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', outDir], { cwd: root, stdio: 'pipe' });
}, 120_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the package has no runtime dependencies', () => {
	it('declares none in package.json: n8n-workflow only as a peer, which n8n provides', () => {
		expect(packageJson.dependencies ?? {}).toEqual({});
		expect(Object.keys(packageJson.peerDependencies ?? {})).toEqual(['n8n-workflow']);
	});

	it('emits JavaScript that loads only n8n-workflow, node: built-ins and its own files', () => {
		const files = javascriptFiles(outDir);
		expect(files.length).toBeGreaterThan(5);
		const outside: string[] = [];
		for (const file of files) {
			for (const specifier of specifiersIn(readFileSync(file, 'utf8'))) {
				if (specifier === 'n8n-workflow') continue;
				if (specifier.startsWith('node:') && builtinModules.includes(specifier.slice('node:'.length))) continue;
				if (specifier.startsWith('.')) {
					const target = resolve(dirname(file), specifier);
					if (!relative(outDir, target).startsWith('..') && (existsSync(`${target}.js`) || existsSync(join(target, 'index.js')))) continue;
				}
				outside.push(`${relative(outDir, file)} loads ${specifier}`);
			}
		}
		expect(outside).toEqual([]);
	});

	it('compiles every node and credential n8n is told to load', () => {
		for (const entry of [...packageJson.n8n.nodes, ...packageJson.n8n.credentials]) {
			expect(existsSync(join(outDir, relative('dist', entry)))).toBe(true);
		}
	});
});
