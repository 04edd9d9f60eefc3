// A member's block of a remote person, in Mastodon's shape: `Block` from the
// member to the person, delivered to that person's own inbox only (nobody
// else learns of it), and `Undo(Block)` to lift it. Mastodon removes the
// follows both ways when it receives one and hides the blocker's block from
// the blocked person; so do we (federation/inbox/block.ts).
import type { Context } from "@fedify/fedify";
import { Block, Undo } from "@fedify/vocab";
import { findActorById } from "../../src/domain/actors.ts";
import type { Services } from "../../src/services.ts";
import { about } from "./ordering.ts";

export async function sendMemberBlock(ctx: Context<Services>, ownerId: string, targetId: string, activityUri: string, blocked: boolean): Promise<void> {
  const [owner, target] = await Promise.all([findActorById(ctx.data.db, ownerId), findActorById(ctx.data.db, targetId)]);
  if (!owner || !target || owner.is_local !== 1 || target.is_local === 1 || target.inbox_url == null) return;
  const block = new Block({ id: new URL(activityUri), actor: new URL(owner.uri), object: new URL(target.uri) });
  const activity = blocked ? block : new Undo({ id: new URL(`${activityUri}/undo`), actor: new URL(owner.uri), object: block });
  // The personal inbox, not the shared one: the Block concerns that person alone.
  await ctx.sendActivity({ identifier: owner.id }, { id: new URL(target.uri), inboxId: new URL(target.inbox_url) }, activity, about(activityUri));
}
