// Notifications name, besides what they are about, where it happened: the
// community a cross-post landed in or a report concerns (null otherwise).
// The header counts a member's unread notifications on every page they see:
// an index that answers that count without reading their read ones.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("notifications").addColumn("context_uri", "text").execute();
  await db.schema.createIndex("notifications_unread_idx").on("notifications").columns(["recipient_id", "read_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("notifications_unread_idx").execute();
  await db.schema.alterTable("notifications").dropColumn("context_uri").execute();
}
