import type { InboxContext } from "@fedify/fedify";
import { Block, Follow, type Undo } from "@fedify/vocab";
import { findActorByUri } from "../../src/domain/actors.ts";
import { deleteFollow, findFollow, findFollowByActivity } from "../../src/domain/follows.ts";
import type { Services } from "../../src/services.ts";
import { onUndoLockReceived } from "./lock.ts";
import { onUndoDeleteReceived } from "./restore.ts";
import { onUndoReactionReceived } from "./undo-reaction.ts";
import { onUndoBlockReceived } from "./block.ts";

/**
 * Undo(Like) and Undo(Announce) go to undo-reaction.ts first, Undo(Lock) to
 * lock.ts, Undo(Delete) (a moderator's restore) to restore.ts.
 * Undo(Follow): a remote follower leaves. Trusts the signature, and only
 * undoes a follow whose follower is the signer.
 */
export async function onUndoReceived(ctx: InboxContext<Services>, undo: Undo): Promise<void> {
  if (await onUndoReactionReceived(ctx, undo)) return;
  if (await onUndoLockReceived(ctx, undo)) return;
  if (await onUndoDeleteReceived(ctx, undo)) return;
  if (undo.actorId == null) return;
  const signer = await findActorByUri(ctx.data.db, undo.actorId.href);
  if (!signer) return;
  let follow = undo.objectId ? await findFollowByActivity(ctx.data.db, undo.objectId.href) : undefined;
  if (!follow) {
    const object = await undo.getObject({ documentLoader: ctx.documentLoader, crossOrigin: "ignore" }).catch(() => null);
    if (object instanceof Block) return onUndoBlockReceived(ctx, undo, object);
    if (!(object instanceof Follow) || object.objectId == null) return;
    const following = await findActorByUri(ctx.data.db, object.objectId.href);
    if (following) follow = await findFollow(ctx.data.db, signer.id, following.id);
  }
  if (follow && follow.follower_id === signer.id) await deleteFollow(ctx.data.db, follow.id);
}
