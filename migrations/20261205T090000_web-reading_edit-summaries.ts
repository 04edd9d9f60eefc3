// `note_revisions.edit_summary`: what the editor said about a change ("typo",
// "added the 2025 figures"), shown in the history beside the diff. Optional,
// and emptied with the rest of the revision's text when it is redacted.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("note_revisions").addColumn("edit_summary", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("note_revisions").dropColumn("edit_summary").execute();
}
