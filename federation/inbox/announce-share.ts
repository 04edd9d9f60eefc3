import type { InboxContext } from "@fedify/fedify";
import type { Announce } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import { findNoteByUri } from "../../src/domain/notes.ts";
import { recordReaction } from "../../src/domain/reactions.ts";
import { isPubliclyReadable } from "../../src/domain/visibility.ts";
import type { Services } from "../../src/services.ts";
import { senderOf } from "./sender.ts";

const logger = getLogger(["encommun", "inbox", "share"]);

/**
 * An Announce by a remote person of a note we keep (ours, or a stored remote
 * one) is a share. Returns whether it was one, so that the Announce router
 * passes everything else on: Group re-broadcasts (FEP-1b12), Announces of
 * activities, of notes we do not have.
 *
 * Trusts: the signature (Fedify checked that the signer owns `actor`). The
 * Announce's id must live on the signer's server; only public and unlisted
 * notes can be shared. Stored by activity id, so a redelivery changes nothing.
 */
export async function onShareReceived(ctx: InboxContext<Services>, announce: Announce): Promise<boolean> {
  if (announce.id == null || announce.objectId == null || announce.actorId == null) return false;
  const { db } = ctx.data;
  const note = await findNoteByUri(db, announce.objectId.href);
  if (!note) return false;
  const sharer = await senderOf(ctx, announce);
  if (!sharer || sharer.is_local === 1 || sharer.type === "Group") return false;
  if (announce.id.origin !== announce.actorId.origin) {
    logger.info("Dropped Announce {id}: its id is not on its actor's server", { id: announce.id.href });
    return true;
  }
  if (note.deleted_at != null || !isPubliclyReadable(note.visibility)) {
    logger.info("Dropped Announce {id}: {note} is deleted or not shareable", { id: announce.id.href, note: note.uri });
    return true;
  }
  // The share and its authors' notification commit together.
  const recorded = await db.transaction().execute((tx) => recordReaction(tx, { kind: "share", actorId: sharer.id, noteId: note.id, activityUri: announce.id!.href }));
  if (!recorded) logger.info("Dropped Announce {id}: its id is already another reaction's", { id: announce.id.href });
  return true;
}
