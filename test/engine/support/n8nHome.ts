import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * n8n-core reads its instance settings (and writes a config file with an encryption key) under
 * $N8N_USER_FOLDER/.n8n the first time a node runs. Without this it would write into the real home folder.
 * Call before the first execution; the returned function restores the environment and deletes the folder.
 */
export function useTemporaryN8nHome(): () => void {
	const saved = { folder: process.env.N8N_USER_FOLDER, key: process.env.N8N_ENCRYPTION_KEY };
	const folder = mkdtempSync(join(tmpdir(), 'hvi-engine-n8n-'));
	process.env.N8N_USER_FOLDER = folder;
	// A fixed key stops n8n from generating one; nothing in these tests is encrypted with it.
	process.env.N8N_ENCRYPTION_KEY = 'engine-test-key-not-a-secret';
	return () => {
		restore('N8N_USER_FOLDER', saved.folder);
		restore('N8N_ENCRYPTION_KEY', saved.key);
		rmSync(folder, { recursive: true, force: true });
	};
}

function restore(name: string, value: string | undefined): void {
	if (value === undefined) delete process.env[name];
	else process.env[name] = value;
}
