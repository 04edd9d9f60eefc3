// Accept(Follow) and Reject(Follow) of a follow one of our actors sent.
import type { InboxContext } from "@fedify/fedify";
import { Follow, getTypeId, type Accept, type Reject } from "@fedify/vocab";
import { findActorByUri } from "../../src/domain/actors.ts";
import { findNoteByUri } from "../../src/domain/notes.ts";
import { backfillAfterAccept } from "../backfill.ts";
import { acceptFollow, deleteFollow, findFollow, findFollowByActivity, type FollowRow } from "../../src/domain/follows.ts";
import type { Services } from "../../src/services.ts";
import { getLogger } from "@logtape/logtape";

const logger = getLogger(["encommun", "inbox", "reject"]);

/**
 * The follow an answer is about: by our Follow id (read from `objectId`, never
 * re-fetched: some servers answer with a Follow id that is not dereferenceable),
 * else by the embedded Follow's actor and object.
 */
async function answeredFollow(ctx: InboxContext<Services>, answer: Accept | Reject): Promise<FollowRow | undefined> {
  if (answer.objectId) {
    const byId = await findFollowByActivity(ctx.data.db, answer.objectId.href);
    if (byId) return byId;
  }
  const object = await answer.getObject({ documentLoader: ctx.documentLoader, crossOrigin: "ignore" }).catch(() => null);
  if (!(object instanceof Follow) || object.actorId == null || answer.actorId == null) return undefined;
  const [follower, following] = await Promise.all([
    findActorByUri(ctx.data.db, object.actorId.href),
    findActorByUri(ctx.data.db, answer.actorId.href),
  ]);
  return follower && following ? findFollow(ctx.data.db, follower.id, following.id) : undefined;
}

/** Only the followed actor may answer: the verified signer must be it. */
async function answeredBySigner(ctx: InboxContext<Services>, answer: Accept | Reject): Promise<FollowRow | undefined> {
  const follow = await answeredFollow(ctx, answer);
  if (!follow || answer.actorId == null) return undefined;
  const following = await findActorByUri(ctx.data.db, answer.actorId.href);
  return following?.id === follow.following_id ? follow : undefined;
}

export async function onAcceptReceived(ctx: InboxContext<Services>, accept: Accept): Promise<void> {
  const follow = await answeredBySigner(ctx, accept);
  if (follow && follow.status !== "accepted") {
    await acceptFollow(ctx.data.db, follow.id);
    // So that what we just followed is not empty on first visit (a community's recent threads, say).
    await backfillAfterAccept(ctx, follow);
  }
}

export async function onRejectReceived(ctx: InboxContext<Services>, reject: Reject): Promise<void> {
  const follow = await answeredBySigner(ctx, reject);
  if (follow) {
    await deleteFollow(ctx.data.db, follow.id);
    return;
  }
  if (await onPostRejected(ctx, reject)) return;
  // NodeBB answers whatever its handler failed on (a moderator's removal it could not apply, say) with a
  // Reject of it, sent by its instance actor: there is nothing of ours to take back.
  const object = await reject.getObject({ documentLoader: ctx.documentLoader, contextLoader: ctx.contextLoader, crossOrigin: "ignore" }).catch(() => null);
  logger.info("Ignored Reject {id} from {actor} of {type}: not about a follow or a post of ours", {
    id: reject.id?.href ?? null,
    actor: reject.actorId?.href ?? null,
    type: object ? getTypeId(object).href : (reject.objectId?.href ?? null),
  });
}

/**
 * A community of another instance refused one of our posts (a cross-post by a
 * non-member, say): it leaves our copy of that community. Trusts the signer:
 * only the community itself can say it did not take the post.
 */
async function onPostRejected(ctx: InboxContext<Services>, reject: Reject): Promise<boolean> {
  if (reject.actorId == null || reject.objectId == null) return false;
  const group = await findActorByUri(ctx.data.db, reject.actorId.href);
  if (!group || group.type !== "Group" || group.is_local === 1) return false;
  const noteUri = reject.objectId.href.replace(/#create$/, "");
  const note = await findNoteByUri(ctx.data.db, noteUri);
  if (!note || note.is_local !== 1) return false;
  await ctx.data.db
    .updateTable("community_posts")
    .set({ removed_at: new Date().toISOString() })
    .where("community_id", "=", group.id)
    .where("note_id", "=", note.id)
    .execute();
  logger.info("Community {group} refused {note}: {reason}", { group: group.uri, note: note.uri, reason: reject.summary?.toString() ?? null });
  return true;
}
