// Deliveries about one object to one server leave in the order they were
// made: a Create before its Update and Delete, a Follow before its Undo, even
// when the first is refused once and retried (the queue keeps a retry's place,
// federation/stores/kysely-message-queue.ts). Fedify orders messages sharing
// sendActivity's `orderingKey` per recipient server; every call passes one
// (test/federation/delivery-ordering.test.ts checks it).
import type { SendActivityOptions } from "@fedify/fedify";

/** sendActivity's options for an activity about `objectUri` (a note, an actor, a follow, a notebook, a community). */
export function about(objectUri: string | URL, options: Omit<SendActivityOptions, "orderingKey"> = {}): SendActivityOptions {
  return { ...options, orderingKey: typeof objectUri === "string" ? objectUri : objectUri.href };
}
