// Followers and following lists newest first, keyset-paged by follow id:
// (following_id, status, id) and (follower_id, status, id) give each page in
// index order, where (following_id, status) made SQLite sort every follow of
// the actor in a temporary B-tree (test/db/more-list-query-plans.test.ts).
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("follows_following_status_id_idx").on("follows").columns(["following_id", "status", "id"]).execute();
  await db.schema.createIndex("follows_follower_status_id_idx").on("follows").columns(["follower_id", "status", "id"]).execute();
  await db.schema.dropIndex("follows_following_idx").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("follows_following_idx").on("follows").columns(["following_id", "status"]).execute();
  await db.schema.dropIndex("follows_follower_status_id_idx").execute();
  await db.schema.dropIndex("follows_following_status_id_idx").execute();
}
