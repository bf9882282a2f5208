// `npm run set-repository -- <owner>/<name> "<Name> <email>"`: makes the package's origin true in one go:
// package.json's repository, homepage, bugs and author, and every GitHub link to the old repository in
// nodes/ and credentials/ (the credential's documentation URL, the codex file). See RELEASING.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { filesLinkingToRepository, metadataFor, parseAuthor, readManifest, repositoryOf } from './package-metadata.mjs';

const [repository, authorText] = process.argv.slice(2);
if (!/^[\w.-]+\/[\w.-]+$/.test(repository ?? '') || !authorText) {
	console.log('usage: npm run set-repository -- <owner>/<name> "<Name> <email>"');
	process.exit(1);
}
const author = parseAuthor(authorText);
if (!author.name || !author.email) {
	console.log(`set-repository: "${authorText}" is not "<Name> <email>"`);
	process.exit(1);
}

const root = process.cwd();
const manifest = readManifest(root);
const previous = repositoryOf(manifest);
Object.assign(manifest, metadataFor(repository), { author });
writeFileSync(join(root, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

const changed = ['package.json'];
if (previous && previous !== repository) {
	for (const file of filesLinkingToRepository(root)) {
		const text = readFileSync(file, 'utf8');
		const rewritten = text.replaceAll(`https://github.com/${previous}`, `https://github.com/${repository}`);
		if (rewritten !== text) {
			writeFileSync(file, rewritten);
			changed.push(file.slice(root.length + 1));
		}
	}
}
console.log(`set-repository: ${repository}, author ${author.name} <${author.email}>; changed ${changed.join(', ')}`);
