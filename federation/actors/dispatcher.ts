// Serves local actors: people, organizations and the instance actor, with
// their stored keys, found by opaque id or by WebFinger handle.
import type { FederationBuilder } from "@fedify/fedify";
import { findActorById, findLocalActor } from "../../src/domain/actors.ts";
import { INSTANCE_ACTOR_ID, ROUTES } from "../../src/domain/paths.ts";
import type { Services } from "../../src/services.ts";
import { getKeyPairs } from "./keys.ts";
import { toActor } from "./to-actor.ts";

export function registerActorDispatcher(builder: FederationBuilder<Services>): void {
  builder
    .setActorDispatcher(ROUTES.actor, async (ctx, identifier) => {
      const actor = await findActorById(ctx.data.db, identifier);
      if (!actor || actor.is_local !== 1) return null;
      return toActor(ctx, actor);
    })
    .setKeyPairsDispatcher(async (ctx, identifier) => {
      // Deleted actors keep their keys: their Delete must still be signed.
      const actor = await findActorById(ctx.data.db, identifier);
      if (!actor || actor.is_local !== 1) return [];
      return getKeyPairs(ctx.data.db, identifier);
    })
    .mapHandle(async (ctx, username) => {
      // The instance actor answers to acct:host@host, as Mastodon's does.
      if (username.toLowerCase() === ctx.data.config.publicUrl.host.toLowerCase()) return INSTANCE_ACTOR_ID;
      const actor = await findLocalActor(ctx.data.db, ctx.data.config.publicUrl, username);
      return actor && actor.deleted_at == null ? actor.id : null;
    });
}
