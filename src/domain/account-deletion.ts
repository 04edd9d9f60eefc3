import { isoNow } from "./clock.ts";
import type { ActorRow } from "./actors.ts";
import { remoteCorrespondents } from "./follows.ts";
import type { Services } from "../services.ts";

/**
 * Deletes a local account: sign-in, sessions and tokens go, follows go, and
 * their notes become tombstones; the actor row stays (served as 410), keeps its handle
 * reserved and its keys, so the Delete sent to every remote follower and
 * followee is still signed.
 */
export async function deleteLocalAccount(services: Services, actor: ActorRow): Promise<void> {
  if (actor.is_local !== 1 || actor.deleted_at != null) return;
  // Remote followers and followees, and the remote communities that carry their notes.
  const communities = await services.db
    .selectFrom("community_posts")
    .innerJoin("note_authors", "note_authors.note_id", "community_posts.note_id")
    .innerJoin("actors", "actors.id", "community_posts.community_id")
    .select("actors.id")
    .distinct()
    .where("note_authors.actor_id", "=", actor.id)
    .where("actors.is_local", "=", 0)
    .execute();
  const recipientIds = [...new Set([...(await remoteCorrespondents(services.db, actor.id)), ...communities.map((c) => c.id)])];
  await services.db.transaction().execute(async (tx) => {
    await tx.deleteFrom("users").where("actor_id", "=", actor.id).execute();
    await tx
      .deleteFrom("follows")
      .where((eb) => eb.or([eb("follower_id", "=", actor.id), eb("following_id", "=", actor.id)]))
      .execute();
    const now = isoNow();
    await tx
      .updateTable("actors")
      .set({ deleted_at: now, name: null, summary: null, icon_url: null, profile_fields: "{}" })
      .where("id", "=", actor.id)
      .execute();
    // The notes they wrote first go with them (410 from now on); co-written ones stay with the others.
    await tx
      .updateTable("notes")
      .set({ deleted_at: now })
      .where("deleted_at", "is", null)
      .where("id", "in", tx.selectFrom("note_authors").select("note_id").where("actor_id", "=", actor.id).where("position", "=", 0))
      .execute();
    await services.outbox.send({ type: "actor-deleted", actorId: actor.id, recipientIds }, tx);
  });
}
