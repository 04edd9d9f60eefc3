// Who must hear that an account is gone: every server this instance knows,
// not only its followers (issue 15). A note may have reached a server through
// a community, a reply, a share or a search; Mastodon likewise sends an
// account's Delete to every inbox it knows. One remote actor stands for each
// distinct inbox (its shared inbox when it has one), so each server gets one POST.
import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { remoteCorrespondents } from "./follows.ts";

export async function knownInboxRecipients(db: Kysely<Database>, actorId: string): Promise<string[]> {
  const inbox = sql<string>`coalesce(shared_inbox_url, inbox_url)`;
  const rows = await db
    .selectFrom("actors")
    .select(sql<string>`min(id)`.as("id"))
    .where("is_local", "=", 0)
    .where("deleted_at", "is", null)
    .where(inbox, "is not", null)
    .groupBy(inbox)
    .execute();
  // Followers and followees first (their own inboxes, if they have no shared one, are in the list anyway).
  return [...new Set([...(await remoteCorrespondents(db, actorId)), ...rows.map((r) => r.id)])];
}
