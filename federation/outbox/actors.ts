// Update(Person) on a profile change, Delete(Person) on account deletion.
import type { Context } from "@fedify/fedify";
import { Delete, PUBLIC_COLLECTION, Update } from "@fedify/vocab";
import { findActorById } from "../../src/domain/actors.ts";
import type { Services } from "../../src/services.ts";
import { toRecipient } from "../actors/recipient.ts";
import { toActor } from "../actors/to-actor.ts";
import { about } from "./ordering.ts";

export async function sendProfileUpdate(ctx: Context<Services>, actorId: string): Promise<void> {
  const actor = await findActorById(ctx.data.db, actorId);
  if (!actor || actor.is_local !== 1 || actor.deleted_at != null) return;
  const object = await toActor(ctx, actor);
  const update = new Update({
    id: new URL(`${actor.uri}#update-${Date.parse(actor.updated_at)}`),
    actor: new URL(actor.uri),
    object,
    to: PUBLIC_COLLECTION,
    cc: ctx.getFollowersUri(actor.id),
  });
  await ctx.sendActivity({ identifier: actor.id }, "followers", update, about(actor.uri, { preferSharedInbox: true }));
}

export async function sendActorDelete(ctx: Context<Services>, actorId: string, recipientIds: readonly string[]): Promise<void> {
  const actor = await findActorById(ctx.data.db, actorId);
  if (!actor || actor.is_local !== 1) return;
  const recipients = [];
  for (const id of recipientIds) {
    const row = await findActorById(ctx.data.db, id);
    if (row && row.is_local === 0) recipients.push(toRecipient(row));
  }
  if (recipients.length === 0) return;
  const del = new Delete({
    id: new URL(`${actor.uri}#delete`),
    actor: new URL(actor.uri),
    object: new URL(actor.uri),
    to: PUBLIC_COLLECTION,
  });
  await ctx.sendActivity({ identifier: actor.id }, recipients, del, about(actor.uri, { preferSharedInbox: true }));
}
