// README: "Caches stored by 0.1.x (an object per entry) are still read, and the first execution that uses
// one rewrites it in the new form, every token kept." The cache below was written by the released 0.1.0
// node itself (commit 862a427, run against a fake HubSpot at 2026-11-23T08:00:00Z, fake access token and
// fake visitor tokens), not by the code under test: the keys the node derives from the access token, the
// entry keys and the sealing must still match what 0.1.0 wrote.
import type { IDataObject } from 'n8n-workflow';

import { readHeader } from '../../nodes/HubspotVisitorIdentification/shared/cacheText';
import { jsonOf, runNode } from '../support/executeContext';
import { takeOverClock } from '../support/fakeClock';

const accessToken = 'pat-na1-fixture-for-0.1.0-not-a-real-token';
const visitors = [
	{ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' },
	{ email: 'grace@example.com', firstName: '', lastName: '' },
];
// What 0.1.0 returned for them: one token that is base64url text, one that is not.
const tokensFrom010 = ['dmlzaXRvci10b2tlbi1tYWRlLWJ5LTAuMS4wLWZvci1hLXRlc3Q', 'not base64url: a visitor token/for+0.1.0='];

function writtenBy010(): IDataObject {
	return {
		tokenCache: {
			v: 1,
			keyId: 'qFUOAc5gx4E',
			entries: {
				YazX9Wxi95ybt1WIDP2Dng: ['J_0CC0edxOSILz4OOpTa9aBc8KtPyRux7i1h69DeGihfT7GgQL5TnfACFEdI_ByptViyHz5Rv9xPNNSdwBAjRc4z0g', 1795464000000],
				'Vr9QqvxqoO7JOFy3-0HBeg': ['n3F3JQBNlxOiq769VOZ3Ro9Z2MwBXSv8bpiMoHBIVcw6gLdHqtAQfREgy-_loa_0EIlSN4x0W3LorooYtfN4owuWbrcxfA', 1795464000000],
			},
		},
	};
}

let time: ReturnType<typeof takeOverClock>;
beforeEach(() => (time = takeOverClock(Date.parse('2026-11-23T09:00:00Z'))));
afterEach(() => time.release());

describe('after an upgrade from 0.1.0', () => {
	it('the tokens 0.1.0 cached are served with no HubSpot call, and the cache is rewritten in the new form', async () => {
		const staticData = writtenBy010();
		const result = await runNode({ items: visitors, staticData, accessToken, freshProcess: true, hubspot: () => ({ statusCode: 500, body: {} }) });
		expect(result.requests).toHaveLength(0);
		expect(jsonOf(result).map((item) => [item.token, item.cached])).toEqual([
			[tokensFrom010[0], true],
			[tokensFrom010[1], true],
		]);
		expect(readHeader(staticData.tokenCache)?.keyId).toBe('qFUOAc5gx4E');
	});

	it('with another access token the 0.1.0 cache reads as empty: each visitor is a HubSpot call', async () => {
		const result = await runNode({ items: visitors, staticData: writtenBy010(), accessToken: 'pat-na1-another-fixture-token', freshProcess: true });
		expect(result.requests).toHaveLength(2);
		expect(jsonOf(result).map((item) => item.cached)).toEqual([false, false]);
	});
});
