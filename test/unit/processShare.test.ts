// What executions in one n8n process share is bounded: at most 200 caches (workflow × node × access token).
import { forgetProcessShares, shareFor } from '../../nodes/HubspotVisitorIdentification/shared/processShare';

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
