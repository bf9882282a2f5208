// With "On Error" set to "Stop Workflow", the node's error names the item and says what to do: the error
// code and the status to answer the website with, and that "On Error" can let the other items through.
import { NodeOperationError } from 'n8n-workflow';

import { runNode } from '../support/executeContext';

describe('the node\'s error when an item fails and On Error is "Stop Workflow"', () => {
	it('an ID token that cannot be read: the item, the error code, the status for the website and the way out', async () => {
		const result = await runNode({
			identifyBy: 'idToken',
			loginProvider: { issuer: 'https://login.example.com', audience: 'client-123' },
			items: [{ idToken: 'eyJhbGciOiJSUzI1NiJ9.not-a-token' }, { idToken: 'no' }],
		});
		const error = result.error as NodeOperationError;
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(/^Item 0: /);
		expect(error.description).toMatch(/^Error code: ID_TOKEN_MALFORMED \(answer the website with 401\)\. /);
		expect(error.description).toContain('"On Error" setting to continue so that the other items still get their tokens');
		expect(error.context.itemIndex).toBe(0);
		expect(result.requests).toHaveLength(0);
	});
});
