// What a local person does about following: follow, unfollow, answer the
// requests of a locked account, change the profile others see. Each change
// and its intent for the outbox commit together.
import { findActorById, updateLocalProfile, type ActorRow, type ProfileChange } from "./actors.ts";
import { isBanned } from "./communities.ts";
import { DomainError } from "./errors.ts";
import { isBlockedBy } from "./member-blocks.ts";
import { acceptFollow, deleteFollow, findFollow, findFollowById, recordFollow, type FollowRow } from "./follows.ts";
import type { Services } from "../services.ts";

export async function followActor(services: Services, follower: ActorRow, target: ActorRow): Promise<{ follow: FollowRow; created: boolean }> {
  if (target.type === "Application") throw new DomainError("invalid", "Instance actors are followed by administrators, not people");
  // Joining is following; a community's ban keeps the banned out (remote Follows are refused in the inbox).
  if (target.type === "Group" && (await isBanned(services.db, target.id, follower.id))) throw new DomainError("forbidden", "You are banned from this community");
  // Neither side of a block follows the other (the blocker unblocks first).
  if (await isBlockedBy(services.db, target.id, follower)) throw new DomainError("forbidden", "This account blocks you");
  if (await isBlockedBy(services.db, follower.id, target)) throw new DomainError("conflict", "You block this account: unblock it first");
  const local = target.is_local === 1;
  return services.db.transaction().execute(async (tx) => {
    const result = await recordFollow(tx, services.config.publicUrl, follower, target, {
      // A remote follow waits for its Accept; a local one only for a locked account.
      accepted: local && target.manually_approves_followers === 0,
    });
    if (result.created && !local) await services.outbox.send({ type: "follow", followId: result.follow.id }, tx);
    return result;
  });
}

export async function unfollowActor(services: Services, follower: ActorRow, target: ActorRow): Promise<boolean> {
  const follow = await findFollow(services.db, follower.id, target.id);
  if (!follow) return false;
  await services.db.transaction().execute(async (tx) => {
    await deleteFollow(tx, follow.id);
    if (target.is_local === 0) {
      await services.outbox.send({ type: "unfollow", followerId: follower.id, followingId: target.id, activityUri: follow.activity_uri }, tx);
    }
  });
  return true;
}

/** A locked account accepts or refuses a pending follower. */
export async function answerFollowRequest(services: Services, owner: ActorRow, followId: string, accept: boolean): Promise<FollowRow> {
  const follow = await findFollowById(services.db, followId);
  if (!follow || follow.following_id !== owner.id || follow.status !== "pending") {
    throw new DomainError("not_found", "No such pending follow request");
  }
  const follower = await findActorById(services.db, follow.follower_id);
  const remote = follower?.is_local === 0;
  return services.db.transaction().execute(async (tx) => {
    if (accept) {
      const accepted = (await acceptFollow(tx, follow.id))!;
      if (remote) await services.outbox.send({ type: "accept-follow", followId: follow.id }, tx);
      return accepted;
    }
    await deleteFollow(tx, follow.id);
    if (remote) {
      await services.outbox.send({ type: "reject-follow", followerId: follow.follower_id, followingId: owner.id, activityUri: follow.activity_uri }, tx);
    }
    return follow;
  });
}

export async function changeProfile(services: Services, actor: ActorRow, change: ProfileChange): Promise<ActorRow> {
  return services.db.transaction().execute(async (tx) => {
    const updated = await updateLocalProfile(tx, actor, change);
    await services.outbox.send({ type: "profile-updated", actorId: actor.id }, tx);
    return updated;
  });
}
