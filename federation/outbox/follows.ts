// Follow, Undo(Follow), Accept(Follow), Reject(Follow). Follow ids are our
// dereferenceable `/follows/<id>` URLs; answers reuse the follower's own id.
import type { Context } from "@fedify/fedify";
import { Accept, Follow, Reject, Undo } from "@fedify/vocab";
import { findActorById, type ActorRow } from "../../src/domain/actors.ts";
import { findFollowById } from "../../src/domain/follows.ts";
import type { Services } from "../../src/services.ts";
import { toRecipient } from "../actors/recipient.ts";
import { about } from "./ordering.ts";

async function actorPair(ctx: Context<Services>, followerId: string, followingId: string): Promise<[ActorRow, ActorRow] | null> {
  const [follower, following] = await Promise.all([findActorById(ctx.data.db, followerId), findActorById(ctx.data.db, followingId)]);
  return follower && following ? [follower, following] : null;
}

function followObject(activityUri: string, follower: ActorRow, following: ActorRow): Follow {
  return new Follow({ id: new URL(activityUri), actor: new URL(follower.uri), object: new URL(following.uri) });
}

export async function sendFollow(ctx: Context<Services>, followId: string): Promise<void> {
  const follow = await findFollowById(ctx.data.db, followId);
  if (!follow) return;
  const pair = await actorPair(ctx, follow.follower_id, follow.following_id);
  if (!pair) return;
  const [follower, following] = pair;
  await ctx.sendActivity({ identifier: follower.id }, toRecipient(following), followObject(follow.activity_uri, follower, following), about(follow.activity_uri));
}

export async function sendUndoFollow(ctx: Context<Services>, followerId: string, followingId: string, activityUri: string): Promise<void> {
  const pair = await actorPair(ctx, followerId, followingId);
  if (!pair) return;
  const [follower, following] = pair;
  const undo = new Undo({
    id: new URL(`${activityUri}#undo`),
    actor: new URL(follower.uri),
    object: followObject(activityUri, follower, following),
  });
  await ctx.sendActivity({ identifier: follower.id }, toRecipient(following), undo, about(activityUri));
}

export async function sendAcceptFollow(ctx: Context<Services>, followId: string): Promise<void> {
  const follow = await findFollowById(ctx.data.db, followId);
  if (!follow) return;
  const pair = await actorPair(ctx, follow.follower_id, follow.following_id);
  if (!pair) return;
  const [follower, following] = pair;
  const accept = new Accept({
    // By the Follow answered, so that the answer to a renewed Follow is not taken for a repeat of the first one.
    id: new URL(`${following.uri}#accepts/${encodeURIComponent(follow.activity_uri)}`),
    actor: new URL(following.uri),
    object: followObject(follow.activity_uri, follower, following),
  });
  await ctx.sendActivity({ identifier: following.id }, toRecipient(follower), accept, about(follow.activity_uri));
}

export async function sendRejectFollow(ctx: Context<Services>, followerId: string, followingId: string, activityUri: string): Promise<void> {
  const pair = await actorPair(ctx, followerId, followingId);
  if (!pair) return;
  const [follower, following] = pair;
  const reject = new Reject({
    id: new URL(`${following.uri}#rejects/${encodeURIComponent(activityUri)}`),
    actor: new URL(following.uri),
    object: followObject(activityUri, follower, following),
  });
  await ctx.sendActivity({ identifier: following.id }, toRecipient(follower), reject, about(activityUri));
}
