// Followers and following: paged collections with counts. Sending to
// "followers" reads the whole list (cursor null), remote followers only.
// A private community's members are served only to its members and
// moderators, and someone's following leaves out the private communities the
// signer of the request is not part of (as the pages do).
import type { FederationBuilder, RequestContext } from "@fedify/fedify";
import type { Recipient } from "@fedify/vocab";
import { toRecipient } from "../actors/recipient.ts";
import { findActorById, findActorByUri } from "../../src/domain/actors.ts";
import { canSeeMembers, findCommunity } from "../../src/domain/communities.ts";
import { countFollows, listFollows, type FollowsViewer } from "../../src/domain/follows.ts";
import { ROUTES } from "../../src/domain/paths.ts";
import type { Services } from "../../src/services.ts";

export const PAGE_SIZE = 20;
const FIRST = "first";

async function isLiveLocal(services: Services, identifier: string): Promise<boolean> {
  const actor = await findActorById(services.db, identifier);
  return actor != null && actor.is_local === 1 && actor.deleted_at == null;
}

/** The actor who signed the request, as we know it; an unsigned request or an unknown signer is nobody. */
async function signer(ctx: RequestContext<Services>): Promise<FollowsViewer> {
  const owner = await ctx.getSignedKeyOwner().catch(() => null);
  const actor = owner?.id ? await findActorByUri(ctx.data.db, owner.id.href) : undefined;
  return { actorId: actor?.id ?? null };
}

async function mayListFollowers(ctx: RequestContext<Services>, identifier: string): Promise<boolean> {
  const community = await findCommunity(ctx.data.db, identifier);
  if (!community || community.settings.visibility === "public") return true;
  return canSeeMembers(ctx.data.db, community, (await signer(ctx)).actorId);
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
    .setFirstCursor(() => FIRST)
    .authorize(mayListFollowers);

  builder
    .setFollowingDispatcher(ROUTES.following, async (ctx, identifier, cursor) => {
      if (!(await isLiveLocal(ctx.data, identifier))) return null;
      const page = await listFollows(ctx.data.db, identifier, "following", {
        limit: PAGE_SIZE,
        cursor: cursor == null || cursor === FIRST ? null : cursor,
        seenBy: await signer(ctx),
      });
      return { items: page.items.map(({ actor }) => new URL(actor.uri)), nextCursor: page.nextCursor };
    })
    .setCounter(async (ctx, identifier) => countFollows(ctx.data.db, identifier, "following", await signer(ctx)))
    .setFirstCursor(() => FIRST);
}
