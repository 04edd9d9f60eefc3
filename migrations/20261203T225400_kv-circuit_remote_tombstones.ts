// Deletes of objects this instance never had: a Delete that arrives before its
// Create (a retried Create, a crash at the sender) leaves a tombstone here so
// the late Create cannot bring back what its author deleted.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("remote_tombstones")
    .addColumn("uri", "text", (c) => c.primaryKey())
    .addColumn("actor_uri", "text", (c) => c.notNull())
    .addColumn("deleted_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("remote_tombstones").ifExists().execute();
}
