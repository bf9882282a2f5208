// What the simulator saw: every call, which email each visitor token was issued for, and what the
// third-party stand-ins and the contact upsert received. Tests count calls and check tokens against it.

import type { ContactUpsert, RecordedCall, WebhookCall } from './types';

export class CallLog {
	private log: RecordedCall[] = [];
	private webhooks = new Map<string, WebhookCall[]>();
	private upserts: ContactUpsert[] = [];
	// Kept across resetCalls(): a token cached by the node before a reset must still be traceable after it.
	private readonly emailByToken = new Map<string, string>();

	record(call: RecordedCall): void {
		const { token, ...visible } = call;
		const stored: RecordedCall = { ...visible };
		if (token !== undefined) {
			// Non-enumerable so that printing the log, or a jest diff of it, never shows a visitor token.
			Object.defineProperty(stored, 'token', { value: token, enumerable: false });
			if (call.email !== undefined) this.emailByToken.set(token, call.email);
		}
		this.log.push(Object.freeze(stored));
	}

	recordWebhook(name: string, call: WebhookCall): void {
		const list = this.webhooks.get(name) ?? [];
		list.push(call);
		this.webhooks.set(name, list);
	}

	recordUpsert(upsert: ContactUpsert): void {
		this.upserts.push(upsert);
	}

	calls(): RecordedCall[] {
		return [...this.log];
	}

	tokenCalls(): RecordedCall[] {
		return this.log.filter((call) => call.route === 'token' && call.status === 200 && call.token !== undefined);
	}

	emailForToken(token: string): string | undefined {
		return this.emailByToken.get(token);
	}

	webhookCalls(name: string): WebhookCall[] {
		return [...(this.webhooks.get(name) ?? [])];
	}

	contactUpserts(): ContactUpsert[] {
		return [...this.upserts];
	}

	reset(): void {
		this.log = [];
		this.webhooks = new Map();
		this.upserts = [];
	}
}
