// A community's threads as its page lists them: pinned first, then the newest
// posted into it, read page by page in the order of an index.
import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { currentRestrictions, visibleContentFilter } from "./content-restrictions.ts";
import type { NoteRow } from "./notes.ts";

export interface ThreadRow {
  note: NoteRow;
  pinned: boolean;
  locked: boolean;
}

function threadsQuery(db: Kysely<Database>, communityId: string) {
  return db
    .selectFrom("community_posts")
    .innerJoin("notes", "notes.id", "community_posts.note_id")
    .selectAll("notes")
    .select(["community_posts.pinned as post_pinned", "community_posts.locked as post_locked"])
    .where("community_posts.community_id", "=", communityId)
    // A literal, as community_posts_threads_idx's condition says it.
    .where("community_posts.is_thread", "=", sql.lit(1))
    .where("community_posts.removed_at", "is", null);
}

function threadRowOf(row: NoteRow & { post_pinned: number; post_locked: number }): ThreadRow {
  const { post_pinned, post_locked, ...note } = row;
  return { note, pinned: post_pinned === 1, locked: post_locked === 1 };
}

/**
 * Pinned threads first, then the newest posted into the community. Keyset
 * paging on (pinned, posted at, note id), the order of the
 * community_posts_threads_idx index: a page reads its rows and stops, however
 * deep it is. `cursor` is the `nextCursor` of the previous page.
 */
export async function listThreads(db: Kysely<Database>, communityId: string, cursor: string | null, limit: number): Promise<{ rows: ThreadRow[]; nextCursor: string | null }> {
  let query = threadsQuery(db, communityId)
    .where("notes.deleted_at", "is", null)
    // What an administrator blocked stays hidden in communities too.
    .where(visibleContentFilter(await currentRestrictions(db)))
    .select("community_posts.created_at as post_created_at")
    .orderBy("community_posts.pinned", "desc")
    .orderBy("community_posts.created_at", "desc")
    .orderBy("community_posts.note_id", "desc")
    .limit(limit + 1);
  const after = parseThreadCursor(cursor);
  if (after) {
    query = query.where((eb) =>
      eb(eb.refTuple("community_posts.pinned", "community_posts.created_at", "community_posts.note_id"), "<", eb.tuple(after.pinned, after.createdAt, after.noteId)),
    );
  }
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    rows: page.map(({ post_created_at, ...row }) => threadRowOf(row)),
    nextCursor: rows.length > limit && last ? `${last.post_pinned}|${last.post_created_at}|${last.id}` : null,
  };
}

function parseThreadCursor(cursor: string | null): { pinned: number; createdAt: string; noteId: string } | null {
  const match = /^([01])\|([^|]{1,40})\|([^|]{1,40})$/.exec(cursor ?? "");
  return match ? { pinned: Number(match[1]), createdAt: match[2]!, noteId: match[3]! } : null;
}

export async function findThread(db: Kysely<Database>, communityId: string, noteId: string): Promise<ThreadRow | null> {
  const row = await threadsQuery(db, communityId).where("notes.id", "=", noteId).executeTakeFirst();
  return row ? threadRowOf(row) : null;
}
