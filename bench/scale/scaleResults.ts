import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { REPO_ROOT } from '../../test/support/n8n';
import type { VisitWaveResult } from '../../test/queue/support/visit-waves';
import type { CacheTaxResult } from './cacheTax';
import type { SizeProfile } from './profileTax';

/**
 * The scale figures, kept apart from `latest.json` because they are measured by their own commands
 * (`npm run bench:scale -- queue|tax --label before|after`) and compared before and after the change of
 * the stored form: each label keeps the last run of each measurement.
 */
export interface ScaleRun<T> {
	label: 'before' | 'after';
	commit?: string;
	startedAt: string;
	loadAverage: [number, number];
	result: T;
}

export interface ScaleResults {
	queue: Partial<Record<'before' | 'after', ScaleRun<VisitWaveResult>>>;
	tax: Partial<Record<'before' | 'after', ScaleRun<CacheTaxResult>>>;
	/** Where the size's time goes in n8n (a profile of two runs); optional, older files lack it. */
	profile?: Partial<Record<'before' | 'after', ScaleRun<SizeProfile>>>;
}

export const SCALE_RESULTS = join(REPO_ROOT, 'bench', 'results', 'scale.json');

export async function readScaleResults(): Promise<ScaleResults> {
	try {
		return JSON.parse(await readFile(SCALE_RESULTS, 'utf8')) as ScaleResults;
	} catch {
		return { queue: {}, tax: {} };
	}
}

export async function writeScaleResults(results: ScaleResults): Promise<void> {
	await writeFile(SCALE_RESULTS, `${JSON.stringify(results, null, '\t')}\n`);
}
