// What a deleted note leaves behind (issue 15): nothing of its text. Its row
// stays as a tombstone (served as 410, so the Delete can be addressed and a
// late Create refused), but its title, summary, bodies, translations, tags,
// revisions and attachments go. Files are removed after the transaction
// commits (a rollback must not lose a file that is still used).
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.ts";
import { deleteMedia } from "./media.ts";

/** Empties the notes' content and removes their revisions; returns the stored files to delete after commit. */
export async function purgeNoteContent(tx: Kysely<Database> | Transaction<Database>, noteIds: readonly string[]): Promise<string[]> {
  if (noteIds.length === 0) return [];
  const files: string[] = [];
  // In slices: PostgreSQL and SQLite both limit bound parameters per statement.
  for (let start = 0; start < noteIds.length; start += 500) {
    const ids = noteIds.slice(start, start + 500);
    await tx.deleteFrom("note_revisions").where("note_id", "in", ids).execute();
    await tx.deleteFrom("note_translations").where("note_id", "in", ids).execute();
    await tx.deleteFrom("note_tags").where("note_id", "in", ids).execute();
    const media = await tx.selectFrom("media").select("storage_path").where("note_id", "in", ids).execute();
    for (const row of media) if (row.storage_path) files.push(row.storage_path);
    await tx.deleteFrom("media").where("note_id", "in", ids).execute();
    await tx.updateTable("notes").set({ title: "", summary: null, content_source: null, content_html: "" }).where("id", "in", ids).execute();
  }
  return files;
}

export async function deleteStoredFiles(dataDir: string, paths: readonly string[]): Promise<void> {
  for (const path of paths) await deleteMedia(dataDir, path);
}
