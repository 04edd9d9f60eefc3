// Privacy (issue 15, the member's data):
// - `note_revisions.redacted_at` / `redacted_by`: a redacted revision keeps
//   only that it was redacted, when and by whom (its text columns are emptied);
// - `data_exports`: the member's archive, built in the background, with its
//   progress and the expiry of its download (the file is deleted then).
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("note_revisions").addColumn("redacted_at", "text").execute();
  await db.schema.alterTable("note_revisions").addColumn("redacted_by", "text").execute();
  await db.schema
    .createTable("data_exports")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("actor_id", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("done_items", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("total_items", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("storage_path", "text")
    .addColumn("size", "integer")
    .addColumn("error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("finished_at", "text")
    .addColumn("expires_at", "text")
    .execute();
  await db.schema.createIndex("data_exports_actor_idx").on("data_exports").columns(["actor_id", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("data_exports").ifExists().execute();
  await db.schema.alterTable("note_revisions").dropColumn("redacted_by").execute();
  await db.schema.alterTable("note_revisions").dropColumn("redacted_at").execute();
}
