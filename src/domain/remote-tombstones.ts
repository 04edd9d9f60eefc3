// What another server deleted before we ever had it. Deliveries can overtake
// each other (a Create refused once and retried, a crash at the sender), and
// Mastodon does the same: a Delete of an unknown object leaves a tombstone,
// and the object is never stored afterwards, whichever way it arrives (inbox,
// fetch, a Group's announce). Kept for good: a row is a few dozen bytes, and a
// late copy may come from any retry queue, days later.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { isoNow } from "./clock.ts";

/** Remembers that `actorUri` deleted `uri`; the caller checked that both live on one server. */
export async function recordRemoteTombstone(db: Kysely<Database>, uri: string, actorUri: string): Promise<void> {
  await db
    .insertInto("remote_tombstones")
    .values({ uri, actor_uri: actorUri, deleted_at: isoNow() })
    .onConflict((oc) => oc.column("uri").doNothing())
    .execute();
}

export async function isTombstoned(db: Kysely<Database>, uri: string): Promise<boolean> {
  return (await db.selectFrom("remote_tombstones").select("uri").where("uri", "=", uri).executeTakeFirst()) != null;
}
