// The example workflows carry their own execution-saving settings, so an instance with n8n's defaults
// (save everything) still keeps no emails, tokens or request headers of them. The end-to-end suite
// proves the effect in a real n8n (test/e2e/execution-history.test.ts); this checks every example says so.
import { loadExample, type ExampleName } from '../support/example-workflows';

const EXAMPLES: ExampleName[] = ['basic', 'chained', 'protected'];

describe('the example workflows save no execution data', () => {
	test.each(EXAMPLES)('%s.json: no successful, failed or manual execution and no progress is saved', (name) => {
		expect(loadExample(name).settings).toEqual({
			executionOrder: 'v1',
			saveDataSuccessExecution: 'none',
			saveDataErrorExecution: 'none',
			saveManualExecutions: false,
			saveExecutionProgress: false,
		});
	});
});
