// A community re-broadcasts what is posted into it (FEP-1b12): the accepted
// activity as Announce(activity) to its followers, and for new threads also
// Announce(object), because Mastodon drops Announce(Create) but shows
// Announce(object) as a boost. Replies are never announced bare.
import type { Context } from "@fedify/fedify";
import { Announce, PUBLIC_COLLECTION, type Activity, type Object as ASObject, type Recipient } from "@fedify/vocab";
import { findCommunity } from "../../src/domain/communities.ts";
import type { Services } from "../../src/services.ts";
import { remoteFollowers } from "../notes/audience.ts";
import { about } from "../outbox/ordering.ts";

/** Whether a recipient lives on the server of `actor` (by its id, inbox or shared inbox). */
function onServerOf(recipient: Recipient, actor: URL | null): boolean {
  if (actor == null) return false;
  return [recipient.id, recipient.inboxId, recipient.endpoints?.sharedInbox].some((url) => url?.origin === actor.origin);
}

export async function announceInCommunity(
  ctx: Context<Services>,
  communityId: string,
  activity: Activity,
  // skipFanout: for types Fedify does not know (federation/vocab/lock.ts), which its fan-out queue would re-parse.
  // orderAbout: what the activity is about when its object is another activity (Undo(Delete) of a post: the post),
  // so that it leaves in order with the post's other activities.
  options: { boostObject?: ASObject | null; exceptActorUri?: string; skipFanout?: boolean; orderAbout?: URL } = {},
): Promise<void> {
  const community = await findCommunity(ctx.data.db, communityId);
  if (!community || community.actor.is_local !== 1 || activity.id == null) return;
  const group = community.actor;
  const followers = ctx.getFollowersUri(group.id);
  // A private community never addresses Public: its content stays with its members.
  const addressing = community.settings.visibility === "public" ? { to: PUBLIC_COLLECTION, cc: followers } : { to: followers };
  const recipients = (await remoteFollowers(ctx, [group.id])).filter((r) => r.id?.href !== options.exceptActorUri);
  if (recipients.length === 0) return;
  const key = encodeURIComponent(activity.id.href);
  // The activity's own server has it already, and NodeBB answers an Announce of its own activity with 424.
  const elsewhere = recipients.filter((r) => !onServerOf(r, activity.actorId));
  if (elsewhere.length > 0) {
    await ctx.sendActivity(
      { identifier: group.id },
      elsewhere,
      new Announce({ id: new URL(`${group.uri}#announces/${key}`), actor: new URL(group.uri), object: activity, audience: new URL(group.uri), ...addressing }),
      about(options.orderAbout ?? activity.objectId ?? activity.id, { preferSharedInbox: true, ...(options.skipFanout ? { fanout: "skip" as const } : {}) }),
    );
  }
  // The bare object still goes everywhere: a Mastodon user sees the community boost a neighbour's post.
  const boosted = options.boostObject;
  if (boosted?.id && community.settings.visibility === "public") {
    await ctx.sendActivity(
      { identifier: group.id },
      recipients,
      new Announce({ id: new URL(`${group.uri}#boosts/${encodeURIComponent(boosted.id.href)}`), actor: new URL(group.uri), object: boosted.id, audience: new URL(group.uri), ...addressing }),
      about(boosted.id, { preferSharedInbox: true }),
    );
  }
}

/** Curator-driven sharing: the Group announces a note itself (Announce(object)), no copy, to its members. */
export async function announceNoteInCommunity(ctx: Context<Services>, communityId: string, noteUri: string): Promise<void> {
  const community = await findCommunity(ctx.data.db, communityId);
  if (!community || community.actor.is_local !== 1) return;
  const group = community.actor;
  const followers = ctx.getFollowersUri(group.id);
  const addressing = community.settings.visibility === "public" ? { to: PUBLIC_COLLECTION, cc: followers } : { to: followers };
  const recipients = await remoteFollowers(ctx, [group.id]);
  if (recipients.length === 0) return;
  await ctx.sendActivity(
    { identifier: group.id },
    recipients,
    new Announce({ id: new URL(`${group.uri}#shares/${encodeURIComponent(noteUri)}`), actor: new URL(group.uri), object: new URL(noteUri), audience: new URL(group.uri), ...addressing }),
    about(noteUri, { preferSharedInbox: true }),
  );
}
