import type { InboxContext } from "@fedify/fedify";
import { isActor, OrderedCollection, type Update } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import { findActorByUri } from "../../src/domain/actors.ts";
import { findNoteByUri } from "../../src/domain/notes.ts";
import { isAuthorOf } from "../../src/domain/remote-notes.ts";
import type { Services } from "../../src/services.ts";
import { persistActor } from "../actors/persist-actor.ts";
import { isNoteLike } from "../notes/persist-note.ts";
import { refreshRemoteNotebook } from "../notebooks/receive.ts";
import { receiveNote } from "../notes/receive.ts";
import { reannounceInCommunities, routeToLocalCommunities } from "../communities/route-post.ts";
import { senderOf } from "./sender.ts";

const logger = getLogger(["encommun", "inbox", "update"]);

/**
 * Update of an actor (only by itself), of a notebook (refetched from its
 * home), or of a note (only by one of its authors as we stored them: a new
 * attributedTo cannot smuggle in a sender).
 * Trusts the signature.
 */
export async function onUpdateReceived(ctx: InboxContext<Services>, update: Update): Promise<void> {
  if (update.actorId == null) return;
  const object = await update.getObject({ documentLoader: ctx.documentLoader, contextLoader: ctx.contextLoader }).catch(() => null);
  if (object && isActor(object)) {
    if (object.id?.href !== update.actorId.href) return;
    const known = await findActorByUri(ctx.data.db, update.actorId.href);
    if (known && known.is_local === 0) await persistActor(ctx.data.db, object);
    return;
  }
  if (object instanceof OrderedCollection && object.id != null) {
    const signer = await senderOf(ctx, update);
    if (signer) await refreshRemoteNotebook(ctx, object.id, signer);
    return;
  }
  if (!isNoteLike(object) || object.id == null) return;
  const signer = await senderOf(ctx, update);
  if (!signer) return;
  const stored = await findNoteByUri(ctx.data.db, object.id.href);
  if (stored && (stored.is_local === 1 || !(await isAuthorOf(ctx.data.db, stored.id, signer.id)))) {
    logger.warning("Rejected Update of {note} by {signer}, who is not one of its authors", { note: object.id.href, signer: signer.uri });
    return;
  }
  const result = await receiveNote(ctx, update, object, signer);
  // An Update of a post we never had is how Lemmy sends edits too: file it like a Create.
  if (result?.status === "created") await routeToLocalCommunities(ctx, update, object, result.note, signer);
  if (result?.status === "updated") await reannounceInCommunities(ctx, update, result.note);
}
