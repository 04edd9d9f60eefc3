// A local community's moderation, as its members' servers (and Lemmy) learn it:
// a removal is the moderator's Delete announced by the Group (its Undo, a
// restore); pins are the
// moderator's Add / Remove on `featured`, moderators Add / Remove on the
// moderators collection, both announced by the Group (Lemmy's shapes);
// bans the moderator's Block of the member with `target` the Group, announced
// by it (Undo to lift); settings an Update of the Group.
// Locks are Lemmy's `Lock` / `Undo(Lock)` by the moderator, announced by the
// Group (federation/vocab/lock.ts: a type Fedify 2.3 does not have).
import type { Context } from "@fedify/fedify";
import { Add, Block, Delete, PUBLIC_COLLECTION, Remove, Undo, Update } from "@fedify/vocab";
import { findActorById } from "../../src/domain/actors.ts";
import { findCommunity } from "../../src/domain/communities.ts";
import { findNoteById } from "../../src/domain/notes.ts";
import type { Services } from "../../src/services.ts";
import { toRecipient } from "../actors/recipient.ts";
import { toActor } from "../actors/to-actor.ts";
import { announceInCommunity } from "../communities/announce.ts";
import { remoteFollowers } from "../notes/audience.ts";
import { Lock } from "../vocab/lock.ts";
import { about } from "./ordering.ts";

async function localGroup(ctx: Context<Services>, communityId: string) {
  const community = await findCommunity(ctx.data.db, communityId);
  return community && community.actor.is_local === 1 ? community : null;
}

function addressing(ctx: Context<Services>, communityId: string, isPublic: boolean) {
  const followers = ctx.getFollowersUri(communityId);
  return isPublic ? { to: PUBLIC_COLLECTION, cc: followers } : { to: followers };
}

/**
 * A moderator's removal, in Lemmy's shape (remove_note.json): a Delete by the
 * moderator with a `summary` (Lemmy reads a Delete with a summary as a
 * moderator's removal, one without as the author deleting their own post).
 */
function removal(ctx: Context<Services>, community: NonNullable<Awaited<ReturnType<typeof localGroup>>>, note: { uri: string }, moderator: { uri: string }, stamp: number): Delete {
  return new Delete({
    id: new URL(`${moderator.uri}#removals/${encodeURIComponent(note.uri)}/${stamp}`),
    actor: new URL(moderator.uri),
    object: new URL(note.uri),
    audience: new URL(community.actor.uri),
    summary: "",
    ...addressing(ctx, community.actor.id, community.settings.visibility === "public"),
  });
}

export async function sendPostRemoved(ctx: Context<Services>, communityId: string, noteId: string, moderatorId: string): Promise<void> {
  const [community, note, moderator] = await Promise.all([localGroup(ctx, communityId), findNoteById(ctx.data.db, noteId), findActorById(ctx.data.db, moderatorId)]);
  if (!community || !note || !moderator) return;
  await announceInCommunity(ctx, community.actor.id, removal(ctx, community, note, moderator, Date.now()));
}

/**
 * Lemmy's shape for a moderator's restore (undo_remove_note.json, UndoDelete
 * in crates/apub/activities/src/deletion/undo_delete.rs): `Undo` by the
 * moderator of the removal `Delete` (embedded, with its `summary`: Lemmy
 * restores as a moderator only then), `to` Public, `cc` the Group, `audience`
 * the Group; announced by the Group to its followers. Like Lemmy, the Delete
 * is built again rather than read back (its id is not what Lemmy checks).
 */
export async function sendPostRestored(ctx: Context<Services>, communityId: string, noteId: string, moderatorId: string): Promise<void> {
  const [community, note, moderator] = await Promise.all([localGroup(ctx, communityId), findNoteById(ctx.data.db, noteId), findActorById(ctx.data.db, moderatorId)]);
  if (!community || !note || !moderator) return;
  const stamp = Date.now();
  const group = new URL(community.actor.uri);
  const undoAddressing = community.settings.visibility === "public" ? { to: PUBLIC_COLLECTION, cc: group } : { to: group };
  const undo = new Undo({
    id: new URL(`${moderator.uri}#removals/${encodeURIComponent(note.uri)}/${stamp}/undo`),
    actor: new URL(moderator.uri),
    object: removal(ctx, community, note, moderator, stamp),
    audience: group,
    ...undoAddressing,
  });
  await announceInCommunity(ctx, community.actor.id, undo, { orderAbout: new URL(note.uri) });
}

async function sendToFollowers(ctx: Context<Services>, communityId: string, activity: Update): Promise<void> {
  const recipients = await remoteFollowers(ctx, [communityId]);
  if (recipients.length > 0) await ctx.sendActivity({ identifier: communityId }, recipients, activity, about(ctx.getActorUri(communityId), { preferSharedInbox: true }));
}

/**
 * Lemmy's shape for a moderator's collection change (add_featured_post.json,
 * add_mod.json): the moderator is the actor (Lemmy reads `actor` as a person
 * and checks they moderate the community), `to` Public and `cc` the Group, and
 * the Group announces it to its followers.
 */
async function announceModeratorCollectionChange(
  ctx: Context<Services>,
  community: NonNullable<Awaited<ReturnType<typeof localGroup>>>,
  moderatorId: string,
  add: boolean,
  key: string,
  object: URL,
  target: URL,
): Promise<void> {
  const moderator = await findActorById(ctx.data.db, moderatorId);
  if (!moderator) return;
  const group = new URL(community.actor.uri);
  const values = {
    id: new URL(`${moderator.uri}#${key}/${add ? "add" : "remove"}/${encodeURIComponent(object.href)}/${Date.now()}`),
    actor: new URL(moderator.uri),
    object,
    target,
    audience: group,
    ...(community.settings.visibility === "public" ? { to: PUBLIC_COLLECTION, cc: group } : { to: group }),
  };
  await announceInCommunity(ctx, community.actor.id, add ? new Add(values) : new Remove(values));
}

export async function sendPinChange(ctx: Context<Services>, communityId: string, noteId: string, pinned: boolean, moderatorId: string): Promise<void> {
  const [community, note] = await Promise.all([localGroup(ctx, communityId), findNoteById(ctx.data.db, noteId)]);
  if (!community || !note) return;
  await announceModeratorCollectionChange(ctx, community, moderatorId, pinned, "featured", new URL(note.uri), ctx.getFeaturedUri(community.actor.id));
}

export async function sendModeratorChange(ctx: Context<Services>, communityId: string, actorId: string, added: boolean, moderatorId: string): Promise<void> {
  const [community, actor] = await Promise.all([localGroup(ctx, communityId), findActorById(ctx.data.db, actorId)]);
  if (!community || !actor) return;
  await announceModeratorCollectionChange(ctx, community, moderatorId, added, "moderators", new URL(actor.uri), new URL(`${community.actor.uri}/moderators`));
}

/**
 * Lemmy's shape for a ban (block_user.json, undo_block_user.rs): the moderator
 * is the actor (Lemmy reads `actor` as a person and checks they moderate the
 * `target` community), `to` Public and `cc` the Group, announced by the Group
 * to its followers; `Undo(Block)` by the moderator who lifts it.
 */
export async function sendBanChange(ctx: Context<Services>, communityId: string, actorId: string, banned: boolean, moderatorId: string, reason: string | null): Promise<void> {
  const [community, actor, moderator] = await Promise.all([localGroup(ctx, communityId), findActorById(ctx.data.db, actorId), findActorById(ctx.data.db, moderatorId)]);
  if (!community || !actor || !moderator) return;
  const group = new URL(community.actor.uri);
  const banAddressing = community.settings.visibility === "public" ? { to: PUBLIC_COLLECTION, cc: group } : { to: group };
  const stamp = Date.now();
  const block = new Block({
    id: new URL(`${moderator.uri}#blocks/${encodeURIComponent(actor.uri)}/${stamp}`),
    actor: new URL(moderator.uri),
    object: new URL(actor.uri),
    target: group,
    summary: reason,
    audience: group,
    ...banAddressing,
  });
  const activity = banned ? block : new Undo({ id: new URL(`${block.id!.href}/undo`), actor: new URL(moderator.uri), object: block, audience: group, ...banAddressing });
  // The banned person's server learns it first (it stops offering the community to them).
  if (actor.is_local === 0) await ctx.sendActivity({ identifier: moderator.id }, toRecipient(actor), activity, about(community.actor.uri));
  await announceInCommunity(ctx, community.actor.id, activity, { exceptActorUri: actor.uri });
}

export async function sendCommunityUpdated(ctx: Context<Services>, communityId: string): Promise<void> {
  const community = await localGroup(ctx, communityId);
  if (!community) return;
  const group = await toActor(ctx, community.actor);
  await sendToFollowers(
    ctx,
    community.actor.id,
    new Update({
      id: new URL(`${community.actor.uri}#update-${Date.parse(community.actor.updated_at)}`),
      actor: new URL(community.actor.uri),
      object: group,
      ...addressing(ctx, community.actor.id, true),
    }),
  );
}

/** Lemmy's shape: `Lock{actor: moderator, object: post, audience: group}`, `Undo(Lock)` to unlock, both announced by the Group. */
export async function sendThreadLock(ctx: Context<Services>, communityId: string, noteId: string, locked: boolean, moderatorId: string, reason: string | null): Promise<void> {
  const [community, note, moderator] = await Promise.all([localGroup(ctx, communityId), findNoteById(ctx.data.db, noteId), findActorById(ctx.data.db, moderatorId)]);
  if (!community || !note || !moderator) return;
  const isPublic = community.settings.visibility === "public";
  const lockAddressing = isPublic ? { to: PUBLIC_COLLECTION, cc: new URL(community.actor.uri) } : { to: new URL(community.actor.uri) };
  const stamp = Date.now();
  const lock = new Lock({
    id: new URL(`${moderator.uri}#locks/${encodeURIComponent(note.uri)}/${stamp}`),
    actor: new URL(moderator.uri),
    object: new URL(note.uri),
    audience: new URL(community.actor.uri),
    summary: locked ? reason : null,
    ...lockAddressing,
  });
  const activity = locked
    ? lock
    : new Undo({ id: new URL(`${moderator.uri}#locks/${encodeURIComponent(note.uri)}/${stamp}/undo`), actor: new URL(moderator.uri), object: lock, audience: new URL(community.actor.uri), summary: reason, ...lockAddressing });
  await announceInCommunity(ctx, community.actor.id, activity, { skipFanout: true });
}
