import type { InboxContext, RequestContext } from "@fedify/fedify";
import { Delete, Tombstone, type Activity } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import { findActorByUri, markRemoteActorDeleted } from "../../src/domain/actors.ts";
import { communitiesOfNote, isModerator } from "../../src/domain/communities.ts";
import type { ActorRow } from "../../src/domain/actors.ts";
import { findNoteByUri, type NoteRow } from "../../src/domain/notes.ts";
import { announceInCommunity } from "../communities/announce.ts";
import { isAuthorOf, markRemoteNoteDeleted } from "../../src/domain/remote-notes.ts";
import { recordRemoteTombstone } from "../../src/domain/remote-tombstones.ts";
import type { Services } from "../../src/services.ts";
import { reannounceInCommunities } from "../communities/route-post.ts";

const logger = getLogger(["encommun", "inbox", "delete"]);

/**
 * Delete of an actor by itself (forget its follows, keep a marker row), or of
 * a note by one of its stored authors (tombstone). A Delete of something we
 * never had, from the server it lives on, leaves a tombstone so that its
 * Create, should it arrive late, is refused. Trusts the signature.
 */
export async function onDeleteReceived(ctx: InboxContext<Services>, del: Delete): Promise<void> {
  if (del.actorId == null || del.objectId == null) return;
  if (del.objectId.href === del.actorId.href) {
    await markRemoteActorDeleted(ctx.data.db, del.actorId.href);
    return;
  }
  let note = await findNoteByUri(ctx.data.db, del.objectId.href);
  if (!note) {
    // Only a server deletes its own objects.
    if (del.objectId.origin !== del.actorId.origin) return;
    await recordRemoteTombstone(ctx.data.db, del.objectId.href, del.actorId.href);
    logger.debug("Tombstoned {object}, deleted by {actor} before we had it", { object: del.objectId.href, actor: del.actorId.href });
    // A Create handled at this very moment may have stored it meanwhile.
    note = await findNoteByUri(ctx.data.db, del.objectId.href);
    if (!note) return;
  }
  const signer = await findActorByUri(ctx.data.db, del.actorId.href);
  if (signer && (await removeByModerator(ctx, del, note, signer))) return;
  if (note.is_local === 1 || !signer || !(await isAuthorOf(ctx.data.db, note.id, signer.id))) {
    logger.warning("Rejected Delete of {note} by {actor}, who is not one of its authors", { note: note.uri, actor: del.actorId.href });
    return;
  }
  if (await markRemoteNoteDeleted(ctx.data.db, note.uri)) await reannounceInCommunities(ctx, del, note);
}

/**
 * A moderator of one of our communities (possibly on another server) removes
 * a post from it, as Lemmy moderators do with a Delete: the post leaves that
 * community (not its author's server), and the removal is announced.
 */
async function removeByModerator(ctx: InboxContext<Services>, del: Delete, note: NoteRow, moderator: ActorRow): Promise<boolean> {
  let removed = false;
  for (const post of await communitiesOfNote(ctx.data.db, note.id)) {
    if (!(await isModerator(ctx.data.db, post.communityId, moderator.id))) continue;
    await ctx.data.db
      .updateTable("community_posts")
      .set({ removed_at: new Date().toISOString() })
      .where("community_id", "=", post.communityId)
      .where("note_id", "=", note.id)
      .execute();
    await announceInCommunity(ctx, post.communityId, del);
    removed = true;
  }
  return removed;
}

/**
 * A deleted actor's own Delete often cannot be verified: its key is gone with
 * it (410). Accept it only after checking for ourselves that the actor is gone,
 * so a forged Delete of a live actor changes nothing.
 */
export async function onUnverifiedActivity(ctx: RequestContext<Services>, activity: Activity): Promise<Response | void> {
  if (!(activity instanceof Delete) || activity.actorId == null || activity.objectId?.href !== activity.actorId.href) return;
  const gone = await actorIsGone(ctx, activity.actorId);
  if (!gone) return;
  await markRemoteActorDeleted(ctx.data.db, activity.actorId.href);
  logger.info("Accepted unverifiable Delete of gone actor {actor}", { actor: activity.actorId.href });
  return new Response(null, { status: 202 });
}

async function actorIsGone(ctx: RequestContext<Services>, actorId: URL): Promise<boolean> {
  // Through Fedify's document loader, so private addresses stay refused.
  try {
    const { document } = await ctx.documentLoader(actorId.href);
    return (await Tombstone.fromJsonLd(document, { documentLoader: ctx.documentLoader }).catch(() => null)) != null &&
      (document as { type?: unknown }).type === "Tombstone";
  } catch (error) {
    return (error as { response?: Response }).response?.status === 410;
  }
}
