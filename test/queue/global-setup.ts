import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { TARBALL_ENV } from '../e2e/support/suite-settings';
import { ensureInstalled, packPackage } from '../support/n8n';
import { QUEUE_N8N_VERSION } from './support/queue-n8n';
import { ensureRedisInstalled } from './support/redis';

/** Once per run: n8n 2.41.1 and Debian's redis-server installed (Postgres 15 is on the machine), the package packed. */
export default async function globalSetup(): Promise<void> {
	ensureInstalled([QUEUE_N8N_VERSION]);
	ensureRedisInstalled();
	process.env[TARBALL_ENV] = await packPackage(await mkdtemp(join(tmpdir(), 'n8n-queue-pack-')));
}
