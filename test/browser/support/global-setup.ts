import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ensureInstalled, packPackage } from '../../support/n8n';
import { BROWSER_N8N_VERSION, TARBALL_ENV } from './suite-settings';

/** Once per run: n8n installed (minutes the first time on a machine, nothing afterwards) and the package packed. */
export default async function globalSetup(): Promise<void> {
	const startedAt = Date.now();
	ensureInstalled([BROWSER_N8N_VERSION]);
	process.env[TARBALL_ENV] = await packPackage(await mkdtemp(join(tmpdir(), 'browser-suite-pack-')));
	process.stderr.write(`\n[browser] n8n ready and package packed in ${((Date.now() - startedAt) / 1000).toFixed(1)} s\n`);
}
