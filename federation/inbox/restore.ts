// A moderator's restore of a removed post, in Lemmy's shape (UndoDelete in
// crates/apub/activities/src/deletion/undo_delete.rs, undo_remove_note.json):
// `Undo` by the moderator of their removal `Delete` (embedded, `summary` the
// reason), `audience` the Group.
// - Sent to us directly by a moderator of one of our communities (from their
//   own server): the post shows again here, and the Group re-announces the
//   Undo to its followers, as Lemmy's would.
// - Announced by a community of another instance that someone here follows:
//   our copy of its post shows again (federation/communities/receive-announce.ts).
import type { Context, InboxContext } from "@fedify/fedify";
import type { Announce, Undo } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import type { ActorRow } from "../../src/domain/actors.ts";
import { findCommunity, isModerator } from "../../src/domain/communities.ts";
import { mirrorRemoteRestore, restorePost } from "../../src/domain/community-moderation.ts";
import { DomainError } from "../../src/domain/errors.ts";
import { findNoteByUri } from "../../src/domain/notes.ts";
import type { Services } from "../../src/services.ts";
import { announceInCommunity } from "../communities/announce.ts";
import { rawDocument } from "../vocab/raw-document.ts";
import { senderOf } from "./sender.ts";

const logger = getLogger(["encommun", "inbox", "restore"]);

type Json = Record<string, unknown>;

function idOf(value: unknown): string | null {
  const id = typeof value === "string" ? value : value != null && typeof value === "object" ? (value as Json).id : null;
  return typeof id === "string" && URL.canParse(id) ? id : null;
}

/** The Delete an Undo document embeds, with its actor and object ids; null when the Undo is of something else. */
export function undoneDelete(json: Json | null): { actor: string; object: string } | null {
  if (json == null || json.type !== "Undo") return null;
  const inner = json.object;
  if (inner == null || typeof inner !== "object" || (inner as Json).type !== "Delete") return null;
  const [actor, object] = [idOf((inner as Json).actor), idOf((inner as Json).object)];
  return actor && object ? { actor, object } : null;
}

/**
 * Undo(Delete) sent to us directly. Trusts the signature for the actor; only
 * the actor of the Delete may undo it, and only a moderator of one of our
 * communities carrying the post puts it back there. Returns false when the
 * Undo is not of an embedded Delete (Follow and the others go on).
 */
export async function onUndoDeleteReceived(ctx: InboxContext<Services>, undo: Undo): Promise<boolean> {
  const deletion = undoneDelete(await rawDocument(undo));
  if (!deletion) return false;
  if (deletion.actor !== undo.actorId?.href) {
    logger.warning("Dropped Undo {id}: it undoes a Delete by someone else", { id: undo.id?.href ?? null });
    return true;
  }
  const moderator = await senderOf(ctx, undo);
  const note = await findNoteByUri(ctx.data.db, deletion.object);
  if (!moderator || !note) {
    logger.info("Dropped Undo(Delete) {id}: unknown actor or post {object}", { id: undo.id?.href ?? null, object: deletion.object });
    return true;
  }
  let applied = false;
  // The communities where the post is removed (communitiesOfNote lists only those where it shows).
  const removedFrom = await ctx.data.db.selectFrom("community_posts").select("community_id").where("note_id", "=", note.id).where("removed_at", "is not", null).execute();
  for (const { community_id } of removedFrom) {
    const community = await findCommunity(ctx.data.db, community_id);
    if (!community || community.actor.is_local !== 1 || !(await isModerator(ctx.data.db, community.actor.id, moderator.id))) continue;
    applied = true;
    try {
      const { changed } = await restorePost(ctx.data, moderator, community, note.id, { remote: true });
      if (changed) await announceInCommunity(ctx, community.actor.id, undo, { orderAbout: new URL(note.uri) });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      logger.info("Dropped Undo(Delete) {id}: {reason}", { id: undo.id?.href ?? null, reason: error.message });
    }
  }
  // An author undoing their own deletion is not supported: a deleted note stays a tombstone.
  if (!applied) logger.info("Ignored Undo(Delete) {id} of {object} by {actor}, who moderates no community of ours carrying it", { id: undo.id?.href ?? null, object: note.uri, actor: moderator.uri });
  return true;
}

/**
 * Announce(Undo(Delete)) by a community of another instance: its moderator put
 * a post back. The Group is the authority on its own posts (as for the
 * removal it announced), so our copy in that community shows again. Returns
 * false when the Announce is about something else.
 */
export async function onRestoreAnnounced(ctx: Context<Services>, announce: Announce, group: ActorRow): Promise<boolean> {
  const raw = await rawDocument(announce);
  const inner = raw?.object != null && typeof raw.object === "object" ? (raw.object as Json) : null;
  const deletion = undoneDelete(inner);
  if (!deletion) return false;
  const note = await findNoteByUri(ctx.data.db, deletion.object);
  if (!note || !(await mirrorRemoteRestore(ctx.data.db, group.id, note.id))) {
    logger.info("Ignored restore of {object} announced by {group}: not a removed post of that community here", { object: deletion.object, group: group.uri });
  }
  return true;
}
