// `npm run release:check [-- --tag v1.2.3]`: refuses to publish what would embarrass the package on npm and
// fail n8n's verification. Run by .github/workflows/publish.yml (the tag comes from GITHUB_REF_NAME).
// Checks: the tag names package.json's version; CHANGELOG.md has a released entry for it; `repository`,
// `homepage`, `bugs`, `author` are real and agree; every GitHub link in nodes/ and credentials/ (the
// credential's documentation URL, the codex file) points at that repository; in GitHub Actions, the
// repository publishing is the one package.json names (npm provenance links the two).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	filesLinkingToRepository,
	githubLinksIn,
	metadataFor,
	parseAuthor,
	PLACEHOLDER_EMAIL_DOMAIN,
	PLACEHOLDER_OWNER,
	readManifest,
	repositoryOf,
} from './package-metadata.mjs';

const root = process.cwd();
const problems = [];
const refuse = (message) => problems.push(message);

function tagToRelease() {
	const flag = process.argv.indexOf('--tag');
	if (flag !== -1) return process.argv[flag + 1];
	return process.env.GITHUB_REF_NAME;
}

function checkVersion(manifest) {
	const tag = tagToRelease();
	if (!tag) return refuse('no tag to release: pass --tag v<version> (in GitHub Actions the tag is GITHUB_REF_NAME)');
	if (tag !== `v${manifest.version}`) refuse(`tag ${tag} does not name package.json's version ${manifest.version} (expected v${manifest.version})`);
}

/** A "## 1.2.3" heading (optionally "## [1.2.3]", a date after it), not one still marked unreleased. */
function checkChangelog(manifest) {
	const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
	const escaped = manifest.version.replaceAll('.', '\\.');
	const heading = new RegExp(`^##\\s+\\[?v?${escaped}\\]?(?![\\w.-]).*$`, 'm').exec(changelog);
	if (!heading) return refuse(`CHANGELOG.md has no "## ${manifest.version}" entry`);
	if (/unreleased/i.test(heading[0])) refuse(`CHANGELOG.md's entry "${heading[0].trim()}" is still marked unreleased: give it the release date`);
}

function checkMetadata(manifest) {
	const repository = repositoryOf(manifest);
	if (!repository) return refuse('package.json: repository.url is not a GitHub repository (git+https://github.com/<owner>/<name>.git)');
	if (repository.split('/')[0] === PLACEHOLDER_OWNER) refuse(`package.json: repository ${repository} is the placeholder: run npm run set-repository -- <owner>/<name> "<Name> <email>"`);
	const expected = metadataFor(repository);
	if (manifest.homepage !== expected.homepage) refuse(`package.json: homepage is ${manifest.homepage}, expected ${expected.homepage}`);
	if (manifest.bugs?.url !== expected.bugs.url) refuse(`package.json: bugs.url is ${manifest.bugs?.url}, expected ${expected.bugs.url}`);
	const author = parseAuthor(manifest.author);
	if (!author.name || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(author.email)) refuse('package.json: author needs a name and an e-mail address');
	if (author.email.endsWith(`@${PLACEHOLDER_EMAIL_DOMAIN}`)) refuse(`package.json: author e-mail ${author.email} is the placeholder`);
	for (const file of filesLinkingToRepository(root)) {
		for (const link of githubLinksIn(root, file)) {
			if (link.repository !== repository) refuse(`${link.where}: links to github.com/${link.repository}, not to ${repository}`);
		}
	}
	const publishing = process.env.GITHUB_ACTIONS === 'true' ? process.env.GITHUB_REPOSITORY : undefined;
	if (publishing && publishing.toLowerCase() !== repository.toLowerCase()) {
		refuse(`publishing from ${publishing}, but package.json names ${repository}: npm's provenance check would fail`);
	}
}

const manifest = readManifest(root);
checkVersion(manifest);
checkChangelog(manifest);
checkMetadata(manifest);

if (problems.length > 0) {
	console.log(`release:check: refusing to release ${manifest.name}@${manifest.version}:`);
	problems.forEach((problem) => console.log(`  - ${problem}`));
	process.exit(1);
}
console.log(`release:check: ${manifest.name}@${manifest.version} from ${repositoryOf(manifest)} is ready to publish`);
