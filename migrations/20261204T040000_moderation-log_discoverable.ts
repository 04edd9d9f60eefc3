// Two foundations shared by moderation and privacy work:
// - `moderation_log`: who did what to whom, kept for accountability (reports
//   resolved, suspensions, blocks, labels, locks, deletions by an administrator);
// - `actors.discoverable` (listed in the directory and in people search) and
//   `actors.indexable` (public notes may be found by full-text search), the
//   choices Mastodon publishes as `toot:discoverable` / `toot:indexable`.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("moderation_log")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("moderator_id", "text")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("target_type", "text", (c) => c.notNull())
    .addColumn("target_uri", "text", (c) => c.notNull())
    .addColumn("community_id", "text")
    .addColumn("reason", "text")
    .addColumn("details", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("moderation_log_target_idx").on("moderation_log").columns(["target_uri", "created_at"]).execute();
  await db.schema.alterTable("actors").addColumn("discoverable", "integer", (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable("actors").addColumn("indexable", "integer", (c) => c.notNull().defaultTo(1)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("actors").dropColumn("indexable").execute();
  await db.schema.alterTable("actors").dropColumn("discoverable").execute();
  await db.schema.dropTable("moderation_log").ifExists().execute();
}
