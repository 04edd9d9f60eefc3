// A community's pinned posts, as its `featured` collection (Lemmy reads it);
// other local actors pin nothing yet: theirs is empty.
import type { FederationBuilder } from "@fedify/fedify";
import type { Object as ASObject } from "@fedify/vocab";
import { findActorById } from "../../src/domain/actors.ts";
import { findCommunity } from "../../src/domain/communities.ts";
import { loadNoteDetails } from "../../src/domain/notes.ts";
import { ROUTES } from "../../src/domain/paths.ts";
import type { Services } from "../../src/services.ts";
import { toArticle } from "../notes/to-article.ts";

export function registerFeaturedCollection(builder: FederationBuilder<Services>): void {
  builder.setFeaturedDispatcher(ROUTES.featured, async (ctx, identifier) => {
    const community = await findCommunity(ctx.data.db, identifier);
    if (!community) {
      const actor = await findActorById(ctx.data.db, identifier);
      return actor && actor.is_local === 1 && actor.deleted_at == null ? { items: [] } : null;
    }
    if (community.actor.is_local !== 1) return null;
    const pinned = await ctx.data.db
      .selectFrom("community_posts")
      .innerJoin("notes", "notes.id", "community_posts.note_id")
      .selectAll("notes")
      .where("community_posts.community_id", "=", community.actor.id)
      .where("community_posts.pinned", "=", 1)
      .where("community_posts.removed_at", "is", null)
      .where("notes.deleted_at", "is", null)
      .where("notes.visibility", "in", community.settings.visibility === "public" ? ["public", "unlisted"] : ["public"])
      .orderBy("community_posts.created_at", "desc")
      .execute();
    const items: ASObject[] = [];
    for (const note of pinned) items.push(toArticle(ctx, await loadNoteDetails(ctx.data.db, note)));
    return { items };
  });
}
