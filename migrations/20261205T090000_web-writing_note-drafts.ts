// Drafts (issue 12, "writing without fear"): a draft is a local note whose
// visibility is `draft`, seen only by its authors, never listed nor
// federated. The visibility its writer chose is kept beside it until it is
// published. Nothing else changes: existing notes have no draft visibility.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("notes").addColumn("draft_visibility", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("notes").dropColumn("draft_visibility").execute();
}
