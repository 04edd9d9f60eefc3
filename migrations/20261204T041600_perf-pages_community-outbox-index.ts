// A community's outbox, newest thread first, keyset-paged on (posted at, note
// id): community_posts_threads_idx leads with `pinned` (the community page
// shows pinned threads first), so the outbox, which ignores pinning, sorted
// every thread of the community; this partial index is its order
// (test/db/more-list-query-plans.test.ts).
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("community_posts_outbox_idx")
    .on("community_posts")
    .columns(["community_id", "created_at", "note_id"])
    .where(sql<boolean>`is_thread = 1 and removed_at is null`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("community_posts_outbox_idx").execute();
}
