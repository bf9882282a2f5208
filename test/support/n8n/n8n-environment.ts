import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

import type { N8nInstall } from './installs';

export interface N8nSettings {
	userFolder: string;
	port: number;
	/** Port of n8n's internal task-runner broker: its default (5679) would collide between instances. */
	runnerBrokerPort: number;
	/** Fixed per instance: credentials imported by the CLI must be readable by the server. */
	encryptionKey: string;
	/** n8n's log level; `warn` keeps test output readable, the demo may want `info`. */
	logLevel?: 'error' | 'warn' | 'info' | 'debug';
	/** More of n8n's settings, e.g. `N8N_DEV_RELOAD` for `npm run dev`; they win over the defaults below. */
	extra?: Record<string, string>;
}

/** Variables worth passing through from the caller; everything else is left out on purpose. */
const INHERITED = ['HOME', 'USER', 'LANG', 'LC_ALL', 'TZ', 'SHELL'];

/**
 * n8n's temporary files go inside its user folder, so they go when the folder goes: n8n 2.x creates
 * `<tmpdir>/n8nDataTableUploads` at start-up and never removes it. Created here, so that every process
 * given this environment (server, CLI, queue workers) finds it.
 */
function n8nTempDir(userFolder: string): string {
	const dir = join(userFolder, 'tmp');
	mkdirSync(dir, { recursive: true });
	return dir;
}

/**
 * The environment every n8n command of one instance runs with. Built from scratch rather than
 * inherited: under jest, NODE_ENV=test makes n8n refuse to load nodes, and NODE_OPTIONS meant for
 * Node 20 must not reach Node 24.
 */
export function n8nEnvironment(install: N8nInstall, settings: N8nSettings): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const name of INHERITED) {
		if (process.env[name] !== undefined) env[name] = process.env[name];
	}
	return {
		...env,
		// n8n spawns helpers (task runners, npm) by name: they must find Node 24 first.
		PATH: [dirname(install.nodeBinary), process.env.PATH ?? '/usr/bin:/bin'].join(':'),
		NODE_ENV: 'production',
		N8N_USER_FOLDER: settings.userFolder,
		TMPDIR: n8nTempDir(settings.userFolder),
		N8N_ENCRYPTION_KEY: settings.encryptionKey,
		DB_TYPE: 'sqlite',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PORT: String(settings.port),
		N8N_PROTOCOL: 'http',
		WEBHOOK_URL: `http://127.0.0.1:${settings.port}/`,
		N8N_RUNNERS_BROKER_PORT: String(settings.runnerBrokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_LOG_LEVEL: settings.logLevel ?? 'warn',
		N8N_LOG_OUTPUT: 'console',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_SECURE_COOKIE: 'false',
		// Offline and quiet: no telemetry, banners, templates or version checks.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		N8N_PUBLIC_API_DISABLED: 'true',
		...settings.extra,
	};
}
