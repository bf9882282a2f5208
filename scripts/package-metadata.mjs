// Where the package says it comes from: package.json's `repository` is the one source, and `homepage`,
// `bugs` and every GitHub link in the node's codex file and the credential's documentation URL follow it.
// Used by scripts/release-check.mjs (checks) and scripts/set-repository.mjs (rewrites).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The invented owner and e-mail domain the project started with: never publish with them. */
export const PLACEHOLDER_OWNER = 'n8n-nodes-hubspot-visitor-identification';
export const PLACEHOLDER_EMAIL_DOMAIN = 'n8n-nodes-hubspot-visitor-identification.dev';

export function readManifest(root) {
	return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
}

/** `owner/name` from `repository` (object or string form), or undefined if it is not a GitHub repository. */
export function repositoryOf(manifest) {
	const url = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
	const match = /^(?:git\+)?https:\/\/github\.com\/([\w.-]+)\/([\w.-]+?)(?:\.git)?$/.exec(url ?? '');
	return match ? `${match[1]}/${match[2]}` : undefined;
}

/** What package.json's fields must be for a repository `owner/name`. */
export function metadataFor(repository) {
	const web = `https://github.com/${repository}`;
	return {
		repository: { type: 'git', url: `git+${web}.git` },
		homepage: `${web}#readme`,
		bugs: { url: `${web}/issues` },
	};
}

/** The files outside package.json that link to the repository: the credential's docs URL, the codex file. */
export function filesLinkingToRepository(root) {
	const candidates = ['credentials', 'nodes'].flatMap((dir) =>
		readdirSync(join(root, dir), { recursive: true }).map((file) => join(root, dir, String(file))),
	);
	return candidates.filter((file) => /\.(ts|node\.json)$/.test(file) && readFileSync(file, 'utf8').includes('https://github.com/'));
}

/** Every https://github.com/<owner>/<name> link in a file, with where it is. */
export function githubLinksIn(root, file) {
	const links = [];
	readFileSync(file, 'utf8')
		.split('\n')
		.forEach((line, index) => {
			for (const match of line.matchAll(/https:\/\/github\.com\/([\w.-]+\/[\w.-]+?)(?=[#/'"\s]|\.git|$)/g)) {
				links.push({ where: `${relative(root, file)}:${index + 1}`, repository: match[1] });
			}
		});
	return links;
}

/** "Name <email>" or { name, email } → { name, email }. */
export function parseAuthor(author) {
	if (typeof author === 'object' && author !== null) return { name: author.name ?? '', email: author.email ?? '' };
	const match = /^\s*([^<]*?)\s*(?:<([^>]*)>)?\s*$/.exec(String(author ?? ''));
	return { name: match?.[1] ?? '', email: match?.[2] ?? '' };
}
