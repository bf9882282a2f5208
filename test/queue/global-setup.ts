import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { TARBALL_ENV, versionsUnderTest } from '../e2e/support/suite-settings';
import { ensureInstalled, packPackage } from '../support/n8n';
import { ensurePostgresFound } from './support/postgres';
import { ensureRedisInstalled } from './support/redis';

/**
 * Once per run: the n8n releases under test installed (both lines; N8N_E2E_VERSIONS narrows), PostgreSQL
 * found and Debian's redis-server installed (or one line saying what to install), the package packed.
 */
export default async function globalSetup(): Promise<void> {
	ensurePostgresFound();
	ensureRedisInstalled();
	ensureInstalled(versionsUnderTest());
	process.env[TARBALL_ENV] = await packPackage(await mkdtemp(join(tmpdir(), 'n8n-queue-pack-')));
}
