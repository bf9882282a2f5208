// What executions in one n8n process share is bounded: at most 200 caches (workflow × node × access token).
import { forgetProcessShares, rememberIssued, shareFor } from '../../nodes/HubspotVisitorIdentification/shared/processShare';
import type { CachedToken } from '../../nodes/HubspotVisitorIdentification/shared/tokenCache';

beforeEach(() => forgetProcessShares());

describe('one share per workflow, node and access token', () => {
	it('returns the same share for the same scope and a different one for any other', () => {
		const share = shareFor('wf', 'Node', 'key');
		expect(shareFor('wf', 'Node', 'key')).toBe(share);
		expect(shareFor('wf2', 'Node', 'key')).not.toBe(share);
		expect(shareFor('wf', 'Node 2', 'key')).not.toBe(share);
		expect(shareFor('wf', 'Node', 'key2')).not.toBe(share);
		expect(share.issued).toEqual({ v: 1, keyId: 'key', entries: {} });
		expect(share.inFlight.size).toBe(0);
	});

	it('keeps 200 scopes and forgets the oldest when a 201st arrives', () => {
		const first = shareFor('wf-0', 'Node', 'key');
		for (let i = 1; i < 200; i++) shareFor(`wf-${i}`, 'Node', 'key');
		expect(shareFor('wf-0', 'Node', 'key')).toBe(first);
		const second = shareFor('wf-1', 'Node', 'key');
		shareFor('wf-200', 'Node', 'key');
		expect(shareFor('wf-1', 'Node', 'key')).toBe(second);
		expect(shareFor('wf-0', 'Node', 'key')).not.toBe(first);
	});

	it('forgets everything on a restart', () => {
		const share = shareFor('wf', 'Node', 'key');
		forgetProcessShares();
		expect(shareFor('wf', 'Node', 'key')).not.toBe(share);
	});
});

describe('tokens issued in this process', () => {
	const t0 = 1_800_000_000_000;
	const policy = { refreshMarginMs: 60 * 60_000, maxEntries: 2 };
	const key = (name: string) => name.padEnd(22, '_');
	const token = (name: string): CachedToken => [name.padEnd(40, '0'), t0 + 12 * 3_600_000];

	it('a visitor issued a token again replaces the one remembered and is counted once', () => {
		const share = shareFor('wf', 'Node', 'key');
		rememberIssued(share, new Map([[key('alice'), token('first')]]), t0, policy);
		rememberIssued(share, new Map([[key('alice'), token('second')]]), t0, policy);
		expect(share.issued.entries).toEqual({ [key('alice')]: token('second') });
		expect(share.issuedCount).toBe(1);
	});

	it('beyond Max Cache Entries the share is bounded like the cache: the tokens that expire first go', () => {
		const share = shareFor('wf', 'Node', 'key');
		const later = (name: string, hours: number): CachedToken => [name.padEnd(40, '0'), t0 + hours * 3_600_000];
		rememberIssued(share, new Map([[key('a'), later('a', 5)], [key('b'), later('b', 3)]]), t0, policy);
		rememberIssued(share, new Map([[key('c'), later('c', 4)]]), t0, policy);
		expect(Object.keys(share.issued.entries).sort()).toEqual([key('a'), key('c')]);
		expect(share.issuedCount).toBe(2);
	});
});
