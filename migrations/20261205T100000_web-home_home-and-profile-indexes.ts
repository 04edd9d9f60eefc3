// The home page's "active communities": the newest threads across every
// community, read newest first until a few communities are found. The other
// community_posts indexes lead with community_id (one community's page or
// outbox); this partial index is the order of all of them together.
// A profile's notebooks: notebook_curators' key leads with the notebook, so
// "the notebooks this person curates, newest first" read every curator row;
// (actor, notebook id) is that list's order (test/db/home-query-plans.test.ts).
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("community_posts_recent_idx")
    .on("community_posts")
    .columns(["created_at", "note_id"])
    .where(sql<boolean>`is_thread = 1 and removed_at is null`)
    .execute();
  await db.schema.createIndex("notebook_curators_actor_idx").on("notebook_curators").columns(["actor_id", "notebook_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("notebook_curators_actor_idx").execute();
  await db.schema.dropIndex("community_posts_recent_idx").execute();
}
