// The host each queued delivery goes to, so that a worker can pass over the
// deliveries of a host that already has its share in flight (a server that
// never answers must not hold every worker). Null for messages that are not
// deliveries, and for deliveries queued before this column existed.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("fedify_queue").addColumn("target_host", "text").execute();
  await db.schema.createIndex("fedify_queue_target_host_idx").on("fedify_queue").columns(["target_host", "locked_until"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("fedify_queue_target_host_idx").ifExists().execute();
  await db.schema.alterTable("fedify_queue").dropColumn("target_host").execute();
}
