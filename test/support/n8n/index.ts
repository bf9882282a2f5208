export { ensureInstalled, N8N_VERSIONS, type N8nInstall, type N8nVersion } from './installs';
export { N8nInstance, type CredentialToImport, type N8nInstanceOptions, type WorkflowToImport } from './n8n-instance';
export { packPackage, isBuildStale } from './package-tarball';
export { installCommunityPackage } from './community-package';
export { REPO_ROOT, PACKAGE_NAME } from './repo';
export { waitUntil } from './wait-until';
export { freePort } from './free-port';
export { setUpOwner, signIn, waitForRestApi, BROWSER_ID, type OwnerAccount } from './owner-account';
export { postToRestApi, pressCredentialTest, type CredentialTestResult } from './credential-test-button';
