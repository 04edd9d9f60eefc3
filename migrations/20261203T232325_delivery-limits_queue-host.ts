// The host each queued delivery goes to, so that a worker can pass over the
// deliveries of a host that already has its share in flight (a server that
// never answers must not hold every worker). Null for messages that are not
// deliveries, and for deliveries queued before this column existed. Indexed
// by lease first: a claim counts the live leases of each host.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("fedify_queue").addColumn("target_host", "text").execute();
  await db.schema.createIndex("fedify_queue_lease_host_idx").on("fedify_queue").columns(["locked_until", "target_host"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("fedify_queue_lease_host_idx").ifExists().execute();
  await db.schema.alterTable("fedify_queue").dropColumn("target_host").execute();
}
