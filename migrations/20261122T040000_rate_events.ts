// Rate limits shared by every process of a deployment: one row per counted
// event (a failed password by handle or address, a Follow by sending host),
// kept only while it is inside its window.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("rate_events")
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("rate_events_key_at").on("rate_events").columns(["key", "at"]).execute();
  await db.schema.createIndex("rate_events_at").on("rate_events").column("at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("rate_events").ifExists().execute();
}
