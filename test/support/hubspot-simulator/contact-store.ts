// The contacts the chained example creates or updates, keyed the way HubSpot matches them on upsert:
// by email, case-insensitively.

export interface StoredContact {
	id: string;
	properties: Record<string, string>;
	createdAt: string;
	updatedAt: string;
}

export class ContactStore {
	private readonly byEmail = new Map<string, StoredContact>();
	// Contact ids are numeric strings in HubSpot; starting high makes them look like real ones.
	private nextId = 10_001;

	/** Creates or merges a contact; `isNew` is true the first time an email is seen. */
	upsert(email: string, properties: Record<string, string>, now: Date): { contact: StoredContact; isNew: boolean } {
		const key = email.trim().toLowerCase();
		const existing = this.byEmail.get(key);
		const stamp = now.toISOString();
		if (existing) {
			existing.properties = { ...existing.properties, ...properties, email: key, lastmodifieddate: stamp };
			existing.updatedAt = stamp;
			return { contact: existing, isNew: false };
		}
		const id = String(this.nextId++);
		const contact: StoredContact = {
			id,
			properties: { ...properties, email: key, hs_object_id: id, createdate: stamp, lastmodifieddate: stamp },
			createdAt: stamp,
			updatedAt: stamp,
		};
		this.byEmail.set(key, contact);
		return { contact, isNew: true };
	}

	/** Creates a contact only when none has this email; an existing one is returned untouched. */
	createIfAbsent(email: string, properties: Record<string, string>, now: Date): { contact: StoredContact; created: boolean } {
		const existing = this.byEmail.get(email.trim().toLowerCase());
		if (existing) return { contact: existing, created: false };
		return { contact: this.upsert(email, properties, now).contact, created: true };
	}

	/** A copy of the contact with this email, as HubSpot would show it now. */
	find(email: string): StoredContact | undefined {
		const contact = this.byEmail.get(email.trim().toLowerCase());
		return contact && { ...contact, properties: { ...contact.properties } };
	}
}
