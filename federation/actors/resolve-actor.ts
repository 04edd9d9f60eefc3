// Remote actors, cached: the stored row while fresh, else looked up with a
// fetch signed by the instance actor and stored again. Used by the inbox and
// fetch paths (resolveActorByUri) and by the directory, which adds the
// federation policy and user-facing errors around fetchRemoteActor.
import type { Context } from "@fedify/fedify";
import { isActor } from "@fedify/vocab";
import { findActorByUri, isStale, type ActorRow } from "../../src/domain/actors.ts";
import { INSTANCE_ACTOR_ID } from "../../src/domain/paths.ts";
import type { Services } from "../../src/services.ts";
import { lookupWithinPolicy } from "../policy.ts";
import { persistActor } from "./persist-actor.ts";

export function live(actor: ActorRow | null | undefined): ActorRow | null {
  return actor && actor.deleted_at == null ? actor : null;
}

/**
 * Looks up an actor by URL (its id, or a page that leads to it) or `acct:`
 * URI and stores it; null when the answer is not an actor, or (with
 * `exactId`) not the actor asked for. Lookup errors (a refused address or
 * host) propagate.
 */
export async function fetchRemoteActor(ctx: Context<Services>, query: string, options: { exactId?: boolean } = {}): Promise<ActorRow | null> {
  const documentLoader = await ctx.getDocumentLoader({ identifier: INSTANCE_ACTOR_ID });
  const object = await lookupWithinPolicy(ctx, query, { documentLoader });
  if (!object || !isActor(object)) return null;
  if (options.exactId && object.id?.href !== query) return null;
  return persistActor(ctx.data.db, object);
}

/** A stored actor by URI: the cached row while fresh, else fetched and cached; the stale row when the fetch fails. */
export async function resolveActorByUri(ctx: Context<Services>, uri: URL): Promise<ActorRow | null> {
  const cached = await findActorByUri(ctx.data.db, uri.href);
  if (cached && (cached.is_local === 1 || !isStale(cached))) return live(cached);
  const fetched = await fetchRemoteActor(ctx, uri.href, { exactId: true }).catch(() => null);
  return live(fetched ?? cached);
}
