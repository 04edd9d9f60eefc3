// A person on a stand-in server (fake-server.ts) who follows a local actor as
// Mastodon does: an actor document with its key, then a signed Follow.
import type { FakeServer } from "./fake-server.ts";

const CONTEXT = ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"];

/**
 * Serves the person's actor document on `server`; returns its id. Without a
 * shared inbox (`sharedInbox: false`) every delivery to them is one POST of its own.
 */
export function standInPerson(server: FakeServer, name: string, options: { sharedInbox?: boolean } = {}): string {
  const id = `${server.origin}/users/${name}`;
  server.documents.set(`/users/${name}`, {
    "@context": CONTEXT,
    id,
    type: "Person",
    preferredUsername: name,
    inbox: `${id}/inbox`,
    outbox: `${id}/outbox`,
    ...(options.sharedInbox === false ? {} : { endpoints: { sharedInbox: `${server.origin}/inbox` } }),
    publicKey: { id: `${id}#main-key`, owner: id, publicKeyPem: server.publicKeyPem },
  });
  return id;
}

/** A Follow of `target` by `actor`, with the given id. */
export function followActivity(id: string, actor: string, target: string): Record<string, unknown> {
  return { "@context": CONTEXT, id, type: "Follow", actor, object: target };
}

/** The Accepts `server` received, by the id of the Follow they answer. */
export function acceptsReceived(server: FakeServer): string[] {
  return server.received
    .filter((r) => r.body.type === "Accept")
    .map((r) => {
      const object = r.body.object as string | { id?: string };
      return typeof object === "string" ? object : (object?.id ?? "");
    });
}
