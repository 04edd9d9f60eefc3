// Block and Undo(Block) received. Two meanings, told apart by who blocks:
// - a community bans one of our members (Lemmy: `Block` by a moderator with
//   `target` = the community; En commun: by the Group itself): the member is
//   recorded as banned from that remote community and their membership (the
//   follow of the Group) ends, so we stop offering to post there;
// - a person elsewhere blocks one of our members (Mastodon's shape, `object`
//   the member): the follows between them end both ways, as Mastodon does;
//   the member is not told (Mastodon hides the blocker too).
// Undo(Block) lifts a community ban; for a person there is nothing to restore
// (follows are not renewed by themselves).
import type { Context, InboxContext } from "@fedify/fedify";
import { Block, Undo, type Announce } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import { findActorByUri, type ActorRow } from "../../src/domain/actors.ts";
import { recordModerationAction } from "../../src/domain/moderation-log.ts";
import { isoNow } from "../../src/domain/clock.ts";
import type { Services } from "../../src/services.ts";
import { rawDocument } from "../vocab/raw-document.ts";
import { senderOf } from "./sender.ts";

const logger = getLogger(["encommun", "inbox", "block"]);

/** The remote community a Block speaks for, if its actor may speak for it: the Group itself, or an actor on the Group's server. */
async function bannedFrom(ctx: InboxContext<Services>, block: Block, sender: ActorRow): Promise<ActorRow | null> {
  if (sender.type === "Group") return sender;
  if (block.targetId == null) return null;
  const group = await findActorByUri(ctx.data.db, block.targetId.href);
  if (!group || group.type !== "Group" || group.is_local === 1) return null;
  // Lemmy's moderators of a community may live elsewhere; only a moderator on the community's own server is trusted here.
  return new URL(group.uri).origin === new URL(sender.uri).origin ? group : null;
}

/**
 * Trusts: the signature (Fedify checked that the signer owns `actor`). Only
 * Blocks whose `object` is one of our actors do anything.
 */
export async function onBlockReceived(ctx: InboxContext<Services>, block: Block): Promise<void> {
  if (block.id == null || block.objectId == null || block.actorId == null) return;
  const { db } = ctx.data;
  const member = await findActorByUri(db, block.objectId.href);
  if (!member || member.is_local !== 1) {
    logger.info("Ignored Block {id}: {object} is not ours", { id: block.id.href, object: block.objectId.href });
    return;
  }
  const sender = await senderOf(ctx, block);
  if (!sender || sender.is_local === 1) {
    logger.info("Dropped Block {id}: its actor could not be fetched", { id: block.id.href });
    return;
  }
  if (sender.type === "Group" || block.targetId != null) {
    const group = await bannedFrom(ctx, block, sender);
    if (!group) {
      logger.info("Dropped Block {id}: {actor} does not speak for {target}", { id: block.id.href, actor: sender.uri, target: block.targetId?.href ?? null });
      return;
    }
    await recordBan(ctx, block, member, group, sender.uri);
    return;
  }
  const removed = await db
    .deleteFrom("follows")
    .where((eb) =>
      eb.or([
        eb.and([eb("follower_id", "=", member.id), eb("following_id", "=", sender.id)]),
        eb.and([eb("follower_id", "=", sender.id), eb("following_id", "=", member.id)]),
      ]),
    )
    .executeTakeFirst();
  logger.info("{actor} blocked {member}: {count} follow(s) between them removed", { actor: sender.uri, member: member.uri, count: Number(removed.numDeletedRows) });
}

/** Undo(Block): lifts a remote community's ban of one of our members (the undone Block as received or fetched). */
export async function onUndoBlockReceived(ctx: InboxContext<Services>, undo: Undo, object: Block): Promise<void> {
  if (undo.actorId == null || object.objectId == null || object.actorId?.href !== undo.actorId.href) return;
  const { db } = ctx.data;
  const [member, sender] = await Promise.all([findActorByUri(db, object.objectId.href), findActorByUri(db, undo.actorId.href)]);
  if (!member || member.is_local !== 1 || !sender) return;
  if (sender.type !== "Group" && object.targetId == null) {
    logger.info("{actor} no longer blocks {member}: nothing to restore", { actor: sender.uri, member: member.uri });
    return;
  }
  const group = await bannedFrom(ctx, object, sender);
  if (!group) return;
  await liftBan(ctx, undo, member, group, sender.uri);
}

async function recordBan(ctx: Context<Services>, block: Block, member: ActorRow, group: ActorRow, by: string): Promise<void> {
  const { db } = ctx.data;
  const reason = block.summary?.toString() ?? null;
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto("community_bans")
      .values({ community_id: group.id, actor_id: member.id, reason, created_at: isoNow() })
      .onConflict((oc) => oc.columns(["community_id", "actor_id"]).doUpdateSet({ reason }))
      .execute();
    await tx.deleteFrom("follows").where("follower_id", "=", member.id).where("following_id", "=", group.id).execute();
  });
  await recordModerationAction(db, {
    moderatorId: null,
    action: "community-ban-received",
    targetType: "actor",
    targetUri: member.uri,
    communityId: group.id,
    reason,
    details: { activity: block.id?.href ?? null, by },
  });
  logger.info("{member} was banned from {community} by {actor}", { member: member.uri, community: group.uri, actor: by });
}

async function liftBan(ctx: Context<Services>, undo: Undo, member: ActorRow, group: ActorRow, by: string): Promise<void> {
  const { db } = ctx.data;
  const lifted = await db.deleteFrom("community_bans").where("community_id", "=", group.id).where("actor_id", "=", member.id).executeTakeFirst();
  if (Number(lifted.numDeletedRows) > 0) {
    await recordModerationAction(db, { moderatorId: null, action: "community-unban-received", targetType: "actor", targetUri: member.uri, communityId: group.id, details: { activity: undo.id?.href ?? null, by } });
    logger.info("{member}'s ban from {community} was lifted by {actor}", { member: member.uri, community: group.uri, actor: by });
  }
}

/** Whether `block` speaks for `group` as its Announce carries it: by the Group itself, or by an actor on its server with `target` the Group. */
function speaksFor(block: Block, group: ActorRow): boolean {
  if (block.actorId == null) return false;
  if (block.actorId.href === group.uri) return true;
  return block.targetId?.href === group.uri && block.actorId.origin === new URL(group.uri).origin;
}

/**
 * Announce(Block) / Announce(Undo(Block)) by a community of another instance
 * (Lemmy relays its moderator's ban to its followers that way): applies to a
 * member of ours only. The Group signed the Announce, and the inner actor must
 * be the Group or live on its server, as for a direct Block. Returns false
 * when the Announce carries something else.
 */
export async function onBanAnnounced(ctx: Context<Services>, announce: Announce, group: ActorRow): Promise<boolean> {
  // Only an embedded Block or Undo is looked at: anything else is left to the caller, unparsed.
  const raw = (await rawDocument(announce))?.object as { type?: unknown } | undefined;
  if (raw == null || typeof raw !== "object" || (raw.type !== "Block" && raw.type !== "Undo")) return false;
  const loaders = { documentLoader: ctx.documentLoader, contextLoader: ctx.contextLoader, crossOrigin: "trust" as const };
  const inner = await announce.getObject(loaders).catch(() => null);
  const undo = inner instanceof Undo ? inner : null;
  const block = inner instanceof Block ? inner : undo ? await undo.getObject(loaders).catch(() => null) : null;
  if (!(block instanceof Block)) return false;
  if (undo && undo.actorId?.href !== block.actorId?.href) return true;
  const member = block.objectId ? await findActorByUri(ctx.data.db, block.objectId.href) : null;
  if (!member || member.is_local !== 1) return true;
  if (!speaksFor(block, group)) {
    logger.info("Dropped ban announced by {group}: {actor} does not speak for it", { group: group.uri, actor: block.actorId?.href ?? null });
    return true;
  }
  const by = block.actorId!.href;
  if (undo) await liftBan(ctx, undo, member, group, by);
  else await recordBan(ctx, block, member, group, by);
  return true;
}
