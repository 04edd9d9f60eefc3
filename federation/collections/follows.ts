// Followers and following: paged collections with counts. Sending to
// "followers" reads the whole list (cursor null), remote followers only.
import type { FederationBuilder } from "@fedify/fedify";
import type { Recipient } from "@fedify/vocab";
import { toRecipient } from "../actors/recipient.ts";
import { findActorById } from "../../src/domain/actors.ts";
import { countFollows, listFollows } from "../../src/domain/follows.ts";
import { ROUTES } from "../../src/domain/paths.ts";
import type { Services } from "../../src/services.ts";

export const PAGE_SIZE = 20;
const FIRST = "first";

async function isLiveLocal(services: Services, identifier: string): Promise<boolean> {
  const actor = await findActorById(services.db, identifier);
  return actor != null && actor.is_local === 1 && actor.deleted_at == null;
}

export function registerFollowCollections(builder: FederationBuilder<Services>): void {
  builder
    .setFollowersDispatcher(ROUTES.followers, async (ctx, identifier, cursor) => {
      if (!(await isLiveLocal(ctx.data, identifier))) return null;
      if (cursor == null) {
        // Whole collection, for delivery: only remote followers need HTTP.
        const items: Recipient[] = [];
        let next: string | null = null;
        do {
          const page = await listFollows(ctx.data.db, identifier, "followers", { limit: 500, cursor: next });
          for (const { actor } of page.items) if (actor.is_local === 0) items.push(toRecipient(actor));
          next = page.nextCursor;
        } while (next);
        return { items };
      }
      const page = await listFollows(ctx.data.db, identifier, "followers", { limit: PAGE_SIZE, cursor: cursor === FIRST ? null : cursor });
      return { items: page.items.map(({ actor }) => toRecipient(actor)), nextCursor: page.nextCursor };
    })
    .setCounter((ctx, identifier) => countFollows(ctx.data.db, identifier, "followers"))
    .setFirstCursor(() => FIRST);

  builder
    .setFollowingDispatcher(ROUTES.following, async (ctx, identifier, cursor) => {
      if (!(await isLiveLocal(ctx.data, identifier))) return null;
      const page = await listFollows(ctx.data.db, identifier, "following", {
        limit: PAGE_SIZE,
        cursor: cursor == null || cursor === FIRST ? null : cursor,
      });
      return { items: page.items.map(({ actor }) => new URL(actor.uri)), nextCursor: page.nextCursor };
    })
    .setCounter((ctx, identifier) => countFollows(ctx.data.db, identifier, "following"))
    .setFirstCursor(() => FIRST);
}
