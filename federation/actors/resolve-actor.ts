import type { Context } from "@fedify/fedify";
import { isActor } from "@fedify/vocab";
import { findActorByUri, isStale, type ActorRow } from "../../src/domain/actors.ts";
import type { Services } from "../../src/services.ts";
import { INSTANCE_ACTOR_ID } from "../../src/domain/paths.ts";
import { persistActor } from "./persist-actor.ts";

/** A stored actor by URI: the cached row while fresh, else fetched (signed by the instance actor) and cached. */
export async function resolveActorByUri(ctx: Context<Services>, uri: URL): Promise<ActorRow | null> {
  const cached = await findActorByUri(ctx.data.db, uri.href);
  if (cached && (cached.is_local === 1 || !isStale(cached))) return cached.deleted_at == null ? cached : null;
  const documentLoader = await ctx.getDocumentLoader({ identifier: INSTANCE_ACTOR_ID });
  const object = await ctx.lookupObject(uri.href, { documentLoader }).catch(() => null);
  if (!object || !isActor(object) || object.id?.href !== uri.href) return cached && cached.deleted_at == null ? cached : null;
  return persistActor(ctx.data.db, object);
}
