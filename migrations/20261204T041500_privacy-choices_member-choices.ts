// A member's privacy choices (`actors.discoverable` and `actors.indexable`
// came with the moderation-log migration):
// - `actors.profile_details_public`: interests, region, standpoint and links are
//   shown to everyone and federated. 1 for rows that exist (remote actors,
//   organizations, and people who filled them in on a form that said they were
//   public); new local people start at 0 (src/domain/actors.ts).
// - `users.allow_search_engines`: search engines may index the member's
//   profile and notes (otherwise `noindex` and absence from the sitemap). Off
//   by default (Law 25, s. 9.1: the most private settings by default).
// - `users.default_visibility`: what a new note starts as.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("actors").addColumn("profile_details_public", "integer", (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable("users").addColumn("allow_search_engines", "integer", (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable("users").addColumn("default_visibility", "text", (c) => c.notNull().defaultTo("public")).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").dropColumn("default_visibility").execute();
  await db.schema.alterTable("users").dropColumn("allow_search_engines").execute();
  await db.schema.alterTable("actors").dropColumn("profile_details_public").execute();
}
