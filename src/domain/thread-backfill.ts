// Keeping a conversation whole where it is read. A reply travels to its
// parent's authors (and the communities carrying the thread), not to everyone
// who keeps a copy of the note, so a thread whose root lives elsewhere may lack
// replies here. Before a thread is shown, its root's server and the servers of
// its replies are asked for what they know. Like the lookup, a port: the
// federation layer reads the `context` and `replies` collections.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { Services } from "../services.ts";
import { isoNow } from "./clock.ts";
import { findNoteById, type NoteRow } from "./notes.ts";
import { isPubliclyReadable } from "./visibility.ts";

export interface ThreadBackfill {
  /**
   * Fetches what is missing of the thread under a remote note (by its id),
   * from its root's `context` and the `replies` of every note, bounded in
   * depth, count and time. Returns how many notes were added; never throws
   * (failures are logged). A note read by a backfill in the last ten minutes
   * is not fetched again.
   */
  backfill(noteUri: string): Promise<number>;
}

/** A thread is read from its sources at most this often. */
export const THREAD_BACKFILL_FRESH_MS = 10 * 60 * 1000;

export function backfilledRecently(note: Pick<NoteRow, "backfilled_at">, now = Date.now()): boolean {
  return note.backfilled_at != null && Date.parse(note.backfilled_at) + THREAD_BACKFILL_FRESH_MS > now;
}

/**
 * Whether a thread should be completed before it is shown: its root is
 * another server's public or unlisted note not backfilled in the last ten
 * minutes. Our own notes receive their replies; private threads
 * (community-only, followers-only) are never asked of other servers.
 */
export function threadNeedsBackfill(root: NoteRow, now = Date.now()): boolean {
  return root.is_local === 0 && root.deleted_at == null && isPubliclyReadable(root.visibility) && !backfilledRecently(root, now);
}

/** Completes the thread under a note when it needs it (and a federation layer runs); the note as stored afterwards. */
export async function refreshThread(services: Services, root: NoteRow): Promise<NoteRow> {
  if (services.threadBackfill == null || !threadNeedsBackfill(root)) return root;
  await services.threadBackfill.backfill(root.uri);
  return (await findNoteById(services.db, root.id)) ?? root;
}

/** Records that a backfill has just read a note (and is reading its replies). */
export async function markBackfilled(db: Kysely<Database>, noteId: string, at = isoNow()): Promise<void> {
  await db.updateTable("notes").set({ backfilled_at: at }).where("id", "=", noteId).execute();
}
