// The example CONTRIBUTING.md quotes: execute() with a mocked HubSpot answer, through test/support/executeContext.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { errorsOf, fakeAccessToken, jsonOf, runNode } from '../support/executeContext';
import { REPO_ROOT } from '../support/n8n/repo';

describe('a token HubSpot refuses (401)', () => {
	it('becomes an error item naming the problem, and the other items still get their tokens', async () => {
		const accessToken = fakeAccessToken();
		const result = await runNode({
			accessToken,
			continueOnFail: true,
			items: [{ email: 'ada@example.com' }, { email: 'grace@example.com' }],
			// The fake HubSpot: refuses Ada's request (echoing the token, as a careless proxy might), serves Grace's.
			hubspot: ({ options }) =>
				(options.body as { email: string }).email === 'ada@example.com'
					? { statusCode: 401, body: { message: `bad token ${accessToken}` } }
					: { statusCode: 200, body: { token: 'visitor-token' } },
		});

		const [refused, served] = errorsOf(result);
		expect(refused).toMatchObject({ errorCode: 'HUBSPOT_UNAUTHORIZED', httpStatus: 502 });
		expect(JSON.stringify(refused)).not.toContain(accessToken); // even though HubSpot echoed it
		expect(served).toBeUndefined();
		expect(jsonOf(result)[1]).toMatchObject({ email: 'grace@example.com', token: 'visitor-token' });
	});
});

describe('CONTRIBUTING.md', () => {
	it('quotes the example above exactly, so the quote compiles and runs', () => {
		const source = readFileSync(__filename, 'utf8');
		const example = source.slice(source.indexOf("describe('a token HubSpot refuses"), source.indexOf('\n});\n') + 4);
		expect(example.length).toBeGreaterThan(500);
		expect(readFileSync(join(REPO_ROOT, 'CONTRIBUTING.md'), 'utf8')).toContain(example);
	});
});
