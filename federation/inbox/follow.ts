import type { InboxContext } from "@fedify/fedify";
import type { Follow } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import { findActorById } from "../../src/domain/actors.ts";
import { isBanned } from "../../src/domain/communities.ts";
import { recordFollow } from "../../src/domain/follows.ts";
import { isBlockedBy } from "../../src/domain/member-blocks.ts";
import { isFollowerLimited } from "../../src/domain/moderation-policies.ts";
import type { Services } from "../../src/services.ts";
import { sendAcceptFollow, sendRejectFollow } from "../outbox/follows.ts";
import { onInstanceFollowReceived } from "./follow-instance.ts";
import { senderOf } from "./sender.ts";

const logger = getLogger(["encommun", "inbox", "follow"]);

/**
 * A remote actor asks to follow a local one. Trusts: the signature (Fedify
 * checked that the signer owns `actor`). Public accounts accept at once,
 * locked ones (and private communities) keep the request pending; deleted
 * accounts and communities that banned the follower reject.
 */
export async function onFollowReceived(ctx: InboxContext<Services>, follow: Follow): Promise<void> {
  if (follow.id == null || follow.objectId == null) return;
  const target = ctx.parseUri(follow.objectId);
  if (target?.type !== "actor") return;
  const following = await findActorById(ctx.data.db, target.identifier);
  if (!following || following.is_local !== 1) return;
  // Sister instances: the instance actor answers other instance actors (by the federation policy).
  if (following.type === "Application") return onInstanceFollowReceived(ctx, follow, following);
  const follower = await senderOf(ctx, follow);
  if (!follower) {
    logger.info("Dropped Follow {id}: its actor could not be fetched", { id: follow.id.href });
    return;
  }
  // A member who blocks the follower (or their instance) refuses the follow, as a community that banned them does.
  if (
    following.deleted_at != null ||
    (following.type === "Group" && (await isBanned(ctx.data.db, following.id, follower.id))) ||
    (await isBlockedBy(ctx.data.db, following.id, follower))
  ) {
    logger.info("Rejected Follow {id} of {target} by {actor}", { id: follow.id.href, target: following.uri, actor: follower.uri });
    await sendRejectFollow(ctx, follower.id, following.id, follow.id.href);
    return;
  }
  // Followers from a limited account or instance wait for approval, whoever they follow.
  const accepted = following.manually_approves_followers === 0 && !(await isFollowerLimited(ctx.data.db, follower));
  // The follow and the notification of the person followed (or of a community's moderators) commit together.
  const { follow: row, created, renewed } = await ctx.data.db.transaction().execute((tx) =>
    recordFollow(tx, ctx.data.config.publicUrl, follower, following, { activityUri: follow.id!.href, accepted }),
  );
  // A Follow already answered (redelivered, or reaching both the shared and the personal inbox) is not answered again.
  if (row.status === "accepted" && (created || renewed)) await sendAcceptFollow(ctx, row.id);
  else if (!created && !renewed) logger.info("Follow {id} was already recorded: not answered again", { id: follow.id.href });
}
