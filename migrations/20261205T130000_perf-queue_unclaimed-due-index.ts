// The worker's look for its next delayed delivery ("unclaimed, due after now,
// earliest first") reads this index from its start instead of every unclaimed
// row of the queue (the lease index served `locked_until is null` and the rows
// were then sorted by due time).
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("fedify_queue_unclaimed_due_idx").on("fedify_queue").columns(["locked_until", "deliver_at", "id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("fedify_queue_unclaimed_due_idx").ifExists().execute();
}
