import { resolve } from 'node:path';

/** The package's own checkout: what gets built, packed and installed into n8n. */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

export const PACKAGE_NAME = 'n8n-nodes-hubspot-visitor-identification';
