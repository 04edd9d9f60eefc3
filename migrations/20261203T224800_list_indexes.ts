// Lists that scale with the page, not the database: each list's ORDER BY is an
// index's order, so a page reads its rows and stops (test/db/list-query-plans
// checks the plans on SQLite and PostgreSQL).
// - Top-level notes newest first: a partial index, because PostgreSQL does not
//   read `in_reply_to_uri IS NULL` on an index's first column as fixing it for
//   the ORDER BY (it sorts); (in_reply_to_uri, published_at, id) serves "the
//   replies to X, oldest first" and replaces the single-column index.
// - This instance's notes newest first: (is_local, published_at, id); the
//   former (is_local, published_at) made SQLite sort the id tie-break.
// - A community's threads: pinned first, then the newest posted into it (partial,
//   for the same reason; queries must say `is_thread = 1` as a literal, SQLite
//   does not match a bound parameter against a partial index's condition).
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("notes_top_level_idx")
    .on("notes")
    .columns(["published_at", "id"])
    .where(sql.ref("in_reply_to_uri"), "is", null)
    .execute();
  await db.schema.createIndex("notes_reply_published_idx").on("notes").columns(["in_reply_to_uri", "published_at", "id"]).execute();
  await db.schema.dropIndex("notes_reply_idx").execute();
  await db.schema.createIndex("notes_local_published_idx").on("notes").columns(["is_local", "published_at", "id"]).execute();
  await db.schema.dropIndex("notes_published_idx").execute();
  await db.schema
    .createIndex("community_posts_threads_idx")
    .on("community_posts")
    .columns(["community_id", "pinned", "created_at", "note_id"])
    .where(sql<boolean>`is_thread = 1 and removed_at is null`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("community_posts_threads_idx").execute();
  await db.schema.createIndex("notes_published_idx").on("notes").columns(["is_local", "published_at"]).execute();
  await db.schema.dropIndex("notes_local_published_idx").execute();
  await db.schema.createIndex("notes_reply_idx").on("notes").column("in_reply_to_uri").execute();
  await db.schema.dropIndex("notes_reply_published_idx").execute();
  await db.schema.dropIndex("notes_top_level_idx").execute();
}
