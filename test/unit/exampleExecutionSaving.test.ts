// The example workflows carry their own execution-saving settings, so an instance with n8n's defaults
// (save everything) still keeps no emails, tokens or request headers of them. The end-to-end suite
// proves the effect in a real n8n (test/e2e/execution-history.test.ts); this checks every example says so.
// It also reads what the examples answer a caller: the end-to-end suite checks the answers in real n8n
// (test/e2e/example-workflows.test.ts), this checks every error code, including those a test cannot
// provoke there.
import { loadExample, type ExampleName, type ExampleWorkflow } from '../support/example-workflows';

const EXAMPLES: ExampleName[] = ['basic', 'chained', 'protected', 'verified'];

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

function responseBodyOf(workflow: ExampleWorkflow, nodeName: string): string {
	const node = workflow.nodes.find((candidate) => candidate.name === nodeName);
	const body = node?.parameters.responseBody;
	if (typeof body !== 'string') throw new Error(`${workflow.id} has no "${nodeName}" node with a responseBody`);
	return body;
}

/**
 * Evaluates a Respond to Webhook body expression as n8n would for one item. These expressions use plain
 * JavaScript only (no n8n extension functions), so running the text between {{ and }} is faithful.
 */
function answerFor(expression: string, json: unknown): Record<string, unknown> {
	const match = /^=\{\{([\s\S]*)\}\}$/.exec(expression);
	if (!match) throw new Error(`not a single n8n expression: ${expression.slice(0, 60)}`);
	// The example's own expression text, run as n8n runs it.
	return JSON.parse(JSON.stringify(new Function('$json', `return (${match[1]});`)(json))) as Record<string, unknown>;
}

/** What the node's error output holds, with the details a caller must not see (test/unit/itemResults covers the shape). */
function errorItem(errorCode: string, httpStatus: number): unknown {
	return {
		error: {
			message: `Item 0: The ID token was refused (issuer): expected "https://login.internal.example/" at https://login.internal.example/.well-known/jwks.json; HubSpot said "pat-na1-secret"`,
			errorCode,
			httpStatus,
			correlationId: 'a1b2c3d4-correlation',
		},
		body: { email: 'victim@example.com' },
		headers: { authorization: 'Bearer eyJ.secret' },
	};
}

/** The fixed message per code: what examples/README.md and examples/website/README.md list. */
const MESSAGES: Array<[string, number, string]> = [
	['INVALID_INPUT', 400, 'The email address or a name is missing or not valid.'],
	['HUBSPOT_REJECTED_INPUT', 400, 'HubSpot did not accept the visitor details.'],
	['NEW_VISITOR_LIMIT', 429, 'Too many new visitors this minute. Try again shortly.'],
	['HUBSPOT_UNAUTHORIZED', 502, 'Visitor identification is not set up correctly.'],
	['HUBSPOT_MISSING_SCOPE', 502, 'Visitor identification is not set up correctly.'],
	['HUBSPOT_TIER', 502, 'Visitor identification is not set up correctly.'],
	['HUBSPOT_NOT_FOUND', 502, 'Visitor identification is not set up correctly.'],
	['HUBSPOT_UNAVAILABLE', 502, 'HubSpot is not available right now. Try again later.'],
	['HUBSPOT_BAD_RESPONSE', 502, 'HubSpot is not available right now. Try again later.'],
	['HUBSPOT_RATE_LIMITED', 503, 'HubSpot is busy. Try again in a minute.'],
	['HUBSPOT_DAILY_LIMIT', 503, 'No new visitors can be identified today.'],
	['HUBSPOT_TIMEOUT', 504, 'HubSpot did not answer in time. Try again later.'],
	['ID_TOKEN_MISSING', 401, 'No sign-in token was sent.'],
	['ID_TOKEN_EXPIRED', 401, 'The sign-in token has expired.'],
	['ID_TOKEN_NOT_YET_VALID', 401, 'The sign-in token is not valid yet.'],
	['ID_TOKEN_WRONG_ISSUER', 401, 'The sign-in token was not accepted.'],
	['ID_TOKEN_WRONG_AUDIENCE', 401, 'The sign-in token was not accepted.'],
	['ID_TOKEN_BAD_SIGNATURE', 401, 'The sign-in token was not accepted.'],
	['ID_TOKEN_MALFORMED', 401, 'The sign-in token was not accepted.'],
	['ID_TOKEN_KEY_NOT_FOUND', 401, 'The sign-in token was not accepted.'],
	['ID_TOKEN_NO_EMAIL', 403, 'The sign-in token names no email address.'],
	['ID_TOKEN_EMAIL_UNVERIFIED', 403, 'The email address is not verified.'],
	['ID_TOKEN_KEYS_UNAVAILABLE', 503, 'Sign-in tokens cannot be checked right now. Try again later.'],
	// A code added to the node later (another helper's HUBSPOT_REDIRECT, say) still gets a message that says nothing.
	['HUBSPOT_SOMETHING_NEW', 502, 'The visitor could not be identified.'],
];

describe('what the examples answer a caller', () => {
	test.each(EXAMPLES)('%s.json: a token answer carries the token, its email and expiry, and not whether it came from the cache', (name) => {
		const answer = answerFor(responseBodyOf(loadExample(name), 'Respond with token'), {
			token: 'tok',
			email: 'ada@example.com',
			firstName: 'Ada',
			lastName: '',
			expiresAt: '2026-12-07T08:00:00.000Z',
			cached: true,
			hsConversationsSettings: { identificationEmail: 'ada@example.com', identificationToken: 'tok' },
			subject: 'user-1',
			issuer: 'https://login.internal.example/',
		});
		expect(answer).toEqual({ hsConversationsSettings: { identificationEmail: 'ada@example.com', identificationToken: 'tok' }, expiresAt: '2026-12-07T08:00:00.000Z' });
	});

	describe.each(EXAMPLES)('%s.json: an error answer is a short fixed message per code and the status the node suggests', (name) => {
		test.each(MESSAGES)('%s (%i)', (errorCode, httpStatus, message) => {
			const workflow = loadExample(name);
			const item = errorItem(errorCode, httpStatus);
			expect(answerFor(responseBodyOf(workflow, 'Respond with error'), item)).toEqual({ error: message, errorCode });
			const status = workflow.nodes.find((node) => node.name === 'Respond with error')?.parameters.options as { responseCode?: string } | undefined;
			expect(answerFor(`={{ { status: ${/^=\{\{([\s\S]*)\}\}$/.exec(status?.responseCode ?? '')?.[1] ?? 'undefined'} } }}`, item)).toEqual({ status: httpStatus });
		});
	});
});
