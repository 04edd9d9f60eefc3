// Reports (a member's or a remote server's `Flag` about a note, a person, an
// organization or a community), the warnings moderators send while resolving
// them, and the suspension of local accounts.
// - `reports.snapshot` keeps what the content said when it was reported: an
//   edit or a deletion afterwards must not erase the evidence.
// - `reports.remote_activity_uri` is the incoming Flag's id: one Flag may name
//   several notes (Mastodon), one report each, unique per (Flag, target), so
//   a redelivered Flag creates nothing twice (NULLs, reports made here, are
//   distinct on both databases).
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("reports")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("reporter_id", "text", (c) => c.notNull())
    .addColumn("remote_activity_uri", "text")
    .addColumn("target_type", "text", (c) => c.notNull())
    .addColumn("target_id", "text", (c) => c.notNull())
    .addColumn("target_uri", "text", (c) => c.notNull())
    .addColumn("target_account_id", "text")
    .addColumn("community_id", "text")
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("comment", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("snapshot", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("forwarded_at", "text")
    .addColumn("status", "text", (c) => c.notNull().defaultTo("open"))
    .addColumn("resolution", "text")
    .addColumn("resolution_note", "text")
    .addColumn("resolved_by", "text")
    .addColumn("resolved_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("reports_remote_activity_idx").on("reports").columns(["remote_activity_uri", "target_uri"]).unique().execute();
  await db.schema.createIndex("reports_community_idx").on("reports").columns(["community_id", "id"]).execute();
  await db.schema.createIndex("reports_target_idx").on("reports").columns(["target_uri", "reporter_id"]).execute();
  await db.schema
    .createTable("account_warnings")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("account_id", "text", (c) => c.notNull())
    .addColumn("report_id", "text")
    .addColumn("moderator_id", "text")
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("account_warnings_account_idx").on("account_warnings").columns(["account_id", "id"]).execute();
  await db.schema.alterTable("users").addColumn("suspended_at", "text").execute();
  await db.schema.alterTable("users").addColumn("suspension_reason", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").dropColumn("suspension_reason").execute();
  await db.schema.alterTable("users").dropColumn("suspended_at").execute();
  await db.schema.dropTable("account_warnings").ifExists().execute();
  await db.schema.dropTable("reports").ifExists().execute();
}
