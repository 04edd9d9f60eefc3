import type { InboxContext } from "@fedify/fedify";
import { isActor, type Activity } from "@fedify/vocab";
import { findActorByUri, isStale, type ActorRow } from "../../src/domain/actors.ts";
import type { Services } from "../../src/services.ts";
import { persistActor } from "../actors/persist-actor.ts";

/**
 * The stored row of an activity's (signature-verified) actor, fetched and
 * cached when unknown or stale. Null when it cannot be had: drop the activity.
 */
export async function senderOf(ctx: InboxContext<Services>, activity: Activity): Promise<ActorRow | null> {
  if (activity.actorId == null) return null;
  const cached = await findActorByUri(ctx.data.db, activity.actorId.href);
  if (cached && !isStale(cached) && cached.deleted_at == null) return cached;
  const actor = await activity.getActor({ documentLoader: ctx.documentLoader }).catch(() => null);
  if (!actor || !isActor(actor) || actor.id?.href !== activity.actorId.href) return cached ?? null;
  return persistActor(ctx.data.db, actor);
}
