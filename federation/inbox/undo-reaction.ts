import type { InboxContext } from "@fedify/fedify";
import { Announce, Like, type Undo } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import { findActorByUri } from "../../src/domain/actors.ts";
import { findNoteById, findNoteByUri } from "../../src/domain/notes.ts";
import { findReactionByActivity, removeReaction, removeReactionByActivity, type ReactionRow } from "../../src/domain/reactions.ts";
import type { Services } from "../../src/services.ts";
import { reannounceInCommunities } from "../communities/route-post.ts";

const logger = getLogger(["encommun", "inbox", "undo"]);

/**
 * Undo(Like) and Undo(Announce): a remote actor takes back a like or a share.
 * Returns whether the Undo was about a reaction, so the Undo router passes
 * everything else on (Follow, a Group's Announce, …).
 *
 * Trusts: the signature (Fedify checked that the signer owns `actor`); only
 * the signer's own reaction is removed, found by the undone activity's id or,
 * for servers that mint a new id, by the signer and the liked note. Undoing
 * what is already gone changes nothing.
 */
export async function onUndoReactionReceived(ctx: InboxContext<Services>, undo: Undo): Promise<boolean> {
  if (undo.actorId == null || undo.objectId == null) return false;
  const { db } = ctx.data;
  const byId = await findReactionByActivity(db, undo.objectId.href);
  const signer = await findActorByUri(db, undo.actorId.href);
  if (byId) {
    const removed = signer ? await removeReactionByActivity(db, byId.activity_uri, signer.id) : undefined;
    if (removed) {
      await reannounceWithdrawnLike(ctx, undo, removed);
      return true;
    }
    logger.info("Dropped Undo {id}: {actor} did not make {object}", { id: undo.id?.href ?? null, actor: undo.actorId.href, object: undo.objectId.href });
    return true;
  }
  const object = await undo.getObject({ documentLoader: ctx.documentLoader, contextLoader: ctx.contextLoader, crossOrigin: "ignore" }).catch(() => null);
  const isLike = object instanceof Like;
  if (!isLike && !(object instanceof Announce)) return false;
  const noteUri = object.objectId?.href;
  const note = noteUri ? await findNoteByUri(db, noteUri) : undefined;
  // An Undo(Like) of something we never had is ours to ignore; an Undo(Announce) may be a Group's.
  if (!note || !signer) return isLike;
  const removed = await removeReaction(db, isLike ? "like" : "share", signer.id, note.id);
  if (removed) await reannounceWithdrawnLike(ctx, undo, removed);
  return removed != null || isLike;
}

/** A like is re-announced to the communities carrying the note (see like.ts), so its withdrawal is too. */
async function reannounceWithdrawnLike(ctx: InboxContext<Services>, undo: Undo, removed: ReactionRow): Promise<void> {
  if (removed.kind !== "like") return;
  const note = await findNoteById(ctx.data.db, removed.note_id);
  if (note) await reannounceInCommunities(ctx, undo, note);
}
