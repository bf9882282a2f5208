import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ensureInstalled, packPackage } from '../support/n8n';
import { TARBALL_ENV, versionsUnderTest } from './support/suite-settings';

/**
 * Once per run: make sure the n8n releases are installed (minutes the first time on a machine,
 * nothing afterwards) and pack the package, so every test file installs the same tarball.
 */
export default async function globalSetup(): Promise<void> {
	const startedAt = Date.now();
	ensureInstalled(versionsUnderTest());
	const installedAt = Date.now();
	const tarball = await packPackage(await mkdtemp(join(tmpdir(), 'n8n-e2e-pack-')));
	process.env[TARBALL_ENV] = tarball;
	process.stderr.write(
		`\n[e2e] n8n installs ready in ${((installedAt - startedAt) / 1000).toFixed(1)} s; ` +
			`package packed in ${((Date.now() - installedAt) / 1000).toFixed(1)} s\n`,
	);
}
