import type { InboxContext } from "@fedify/fedify";
import type { Like } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import { canSeeNote, findNoteByUri } from "../../src/domain/notes.ts";
import { isBlockedByAnAuthor } from "../../src/domain/member-blocks.ts";
import { recordReaction } from "../../src/domain/reactions.ts";
import type { Services } from "../../src/services.ts";
import { senderOf } from "./sender.ts";
import { reannounceInCommunities } from "../communities/route-post.ts";

const logger = getLogger(["encommun", "inbox", "like"]);

/**
 * A remote actor likes a note we keep (ours, or a stored remote one).
 * Trusts: the signature (Fedify checked that the signer owns `actor`). The
 * Like's id must live on the signer's server, so nobody can take another
 * server's activity id; the liker must be allowed to see the note. Stored by
 * activity id, so a redelivery changes nothing. A Like of an object we do not
 * have is acknowledged (202) and dropped.
 */
export async function onLikeReceived(ctx: InboxContext<Services>, like: Like): Promise<void> {
  if (like.id == null || like.objectId == null || like.actorId == null) return;
  if (like.id.origin !== like.actorId.origin) {
    logger.info("Dropped Like {id}: its id is not on its actor's server", { id: like.id.href });
    return;
  }
  const { db } = ctx.data;
  const note = await findNoteByUri(db, like.objectId.href);
  if (!note || note.deleted_at != null) {
    logger.info("Ignored Like {id} of {object}: no such note here", { id: like.id.href, object: like.objectId.href });
    return;
  }
  const liker = await senderOf(ctx, like);
  if (!liker || liker.is_local === 1) {
    logger.info("Dropped Like {id}: its actor could not be fetched", { id: like.id.href });
    return;
  }
  if (await isBlockedByAnAuthor(db, note.id, liker)) {
    logger.info("Dropped Like {id}: an author of {note} blocks {actor}", { id: like.id.href, actor: liker.uri, note: note.uri });
    return;
  }
  if (!(await canSeeNote(db, note, liker.id))) {
    logger.info("Dropped Like {id}: {actor} may not see {note}", { id: like.id.href, actor: liker.uri, note: note.uri });
    return;
  }
  // The like and its authors' notification commit together.
  const recorded = await db.transaction().execute((tx) => recordReaction(tx, { kind: "like", actorId: liker.id, noteId: note.id, activityUri: like.id!.href }));
  if (!recorded) logger.info("Dropped Like {id}: its id is already another reaction's", { id: like.id.href });
  // Votes on a community's posts are re-broadcast to its members (FEP-1b12), as Lemmy does.
  else if (recorded.created) await reannounceInCommunities(ctx, like, note);
}
