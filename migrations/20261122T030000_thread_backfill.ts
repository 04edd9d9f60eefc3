// Keeping conversations whole: when a note (a thread's root, or a reply met on
// the way) was last fetched with its replies by a thread backfill, so that a
// thread is read from its sources at most every ten minutes, whoever asks.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("notes").addColumn("backfilled_at", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("notes").dropColumn("backfilled_at").execute();
}
