import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.ts";
import { newId } from "./ids.ts";
import type { NoteRow } from "./notes.ts";

/** Keeps the note's current state as revision number `note.revision` (every edit, local or received). */
export async function recordRevision(
  db: Kysely<Database> | Transaction<Database>,
  note: NoteRow,
  snapshot: Record<string, unknown>,
  editorId: string | null,
  createdAt: string,
  /** What the editor said about the change (local edits only: ActivityPub carries no such thing). */
  editSummary: string | null = null,
): Promise<void> {
  await db
    .insertInto("note_revisions")
    .values({
      id: newId(),
      note_id: note.id,
      number: note.revision,
      title: note.title,
      summary: note.summary,
      content_source: note.content_source,
      content_html: note.content_html,
      language: note.language,
      snapshot: JSON.stringify(snapshot),
      editor_id: editorId,
      edit_summary: editSummary,
      created_at: createdAt,
    })
    .execute();
}
