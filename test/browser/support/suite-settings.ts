import type { N8nVersion } from '../../support/n8n';

/** The n8n release the website is tested against: the pinned 2.x (the e2e suite covers 1.x as well). */
export const BROWSER_N8N_VERSION: N8nVersion = '2.41.1';

/** Set by global setup: the package tarball the suite installs into its n8n. */
export const TARBALL_ENV = 'BROWSER_SUITE_TARBALL';

export function packedTarball(): string {
	const tarball = process.env[TARBALL_ENV];
	if (!tarball) throw new Error(`${TARBALL_ENV} is not set: run the suite with jest -c test/jest.browser.config.js`);
	return tarball;
}
