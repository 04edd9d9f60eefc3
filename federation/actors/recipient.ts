import type { Recipient } from "@fedify/vocab";
import type { ActorRow } from "../../src/domain/actors.ts";

/** Where to deliver to a stored actor (shared inbox preferred by the sender's options). */
export function toRecipient(actor: ActorRow): Recipient {
  return {
    id: new URL(actor.uri),
    inboxId: actor.inbox_url ? new URL(actor.inbox_url) : null,
    endpoints: actor.shared_inbox_url ? { sharedInbox: new URL(actor.shared_inbox_url) } : null,
  };
}
