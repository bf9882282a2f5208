import { N8N_VERSIONS, type N8nVersion } from '../../support/n8n';
import { KNOWN_N8N_VERSIONS } from '../../support/n8n/installs';

/** Set by global setup: the package tarball every test file installs into its n8n instances. */
export const TARBALL_ENV = 'N8N_E2E_TARBALL';

/**
 * Which n8n releases to run against: the two defaults; `N8N_E2E_VERSIONS=2.41.1` narrows a local run, and
 * `N8N_E2E_VERSIONS=1.85.3` picks the oldest supported n8n (opt-in: CI runs it nightly on a few files).
 * An unknown version is an error rather than silently testing nothing.
 */
export function versionsUnderTest(): N8nVersion[] {
	const wanted = process.env.N8N_E2E_VERSIONS?.split(',').map((version) => version.trim()).filter(Boolean);
	if (!wanted || wanted.length === 0) return [...N8N_VERSIONS];
	const unknown = wanted.filter((version) => !(KNOWN_N8N_VERSIONS as readonly string[]).includes(version));
	if (unknown.length > 0) throw new Error(`N8N_E2E_VERSIONS names unknown n8n versions: ${unknown.join(', ')}`);
	return wanted as N8nVersion[];
}

export function packedTarball(): string {
	const tarball = process.env[TARBALL_ENV];
	if (!tarball) throw new Error(`${TARBALL_ENV} is not set: run the suite with jest -c test/jest.e2e.config.js`);
	return tarball;
}
