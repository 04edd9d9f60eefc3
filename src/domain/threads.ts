// One discussion: the replies under a note, from any instance, found by
// walking `in_reply_to_uri` down, and the order in which they are read.
import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { findNoteByUri, type NoteRow } from "./notes.ts";
import { noteContextUri } from "./paths.ts";

/** Replies are walked up to this depth and this many posts: a runaway thread is cut, not the server. */
export const MAX_THREAD_DEPTH = 50;
export const MAX_THREAD_POSTS = 1000;
/** Bound on the SQL `in (…)` lists (SQLite allows a few thousand parameters). */
const IN_CHUNK = 500;

/** Every reply under a note, deleted ones included (they keep their place), level by level, oldest first in each. */
export async function descendants(db: Kysely<Database>, root: NoteRow): Promise<NoteRow[]> {
  const found: NoteRow[] = [];
  const seen = new Set([root.uri]);
  let frontier = [root.uri];
  for (let depth = 0; frontier.length > 0 && depth < MAX_THREAD_DEPTH && found.length < MAX_THREAD_POSTS; depth++) {
    const next: string[] = [];
    for (let i = 0; i < frontier.length; i += IN_CHUNK) {
      const rows = await db
        .selectFrom("notes")
        .selectAll()
        .where("in_reply_to_uri", "in", frontier.slice(i, i + IN_CHUNK))
        .orderBy("published_at")
        .orderBy("id")
        .execute();
      for (const row of rows) {
        if (seen.has(row.uri)) continue;
        seen.add(row.uri);
        found.push(row);
        next.push(row.uri);
      }
    }
    frontier = next;
  }
  return found.slice(0, MAX_THREAD_POSTS);
}

/**
 * How many replies hang under each root, at any depth, not deleted and not
 * removed by this community's moderators: one recursive query for a whole page
 * of threads (walking each thread level by level cost a few queries a thread).
 * Deleted replies are walked through, as their replies keep their place.
 */
export async function replyCounts(db: Kysely<Database>, communityId: string, roots: readonly Pick<NoteRow, "id">[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (let i = 0; i < roots.length; i += IN_CHUNK) {
    const ids = roots.slice(i, i + IN_CHUNK).map((root) => root.id);
    const { rows } = await sql<{ root_id: string; n: number | string }>`
      with recursive thread(root_id, id, uri, deleted_at, depth) as (
        select id, id, uri, deleted_at, 0 from notes where id in (${sql.join(ids)})
        union
        select thread.root_id, notes.id, notes.uri, notes.deleted_at, thread.depth + 1
        from notes join thread on notes.in_reply_to_uri = thread.uri
        where thread.depth < ${MAX_THREAD_DEPTH}
      )
      select root_id, count(distinct id) as n from thread
      where depth > 0 and deleted_at is null and not exists (
        select 1 from community_posts
        where community_posts.community_id = ${communityId} and community_posts.note_id = thread.id and community_posts.removed_at is not null
      )
      group by root_id`.execute(db);
    for (const row of rows) counts.set(row.root_id, Number(row.n));
  }
  return counts;
}

/** The replies as a page shows them: each followed by its own replies, siblings oldest first. */
export function readingOrder(root: Pick<NoteRow, "uri">, replies: readonly NoteRow[]): NoteRow[] {
  const byParent = new Map<string, NoteRow[]>();
  for (const reply of replies) {
    if (reply.in_reply_to_uri == null) continue;
    byParent.set(reply.in_reply_to_uri, [...(byParent.get(reply.in_reply_to_uri) ?? []), reply]);
  }
  const ordered: NoteRow[] = [];
  const placed = new Set<string>([root.uri]);
  const visit = (uri: string): void => {
    const children = [...(byParent.get(uri) ?? [])].sort((a, b) => a.published_at.localeCompare(b.published_at) || a.id.localeCompare(b.id));
    for (const child of children) {
      if (placed.has(child.uri)) continue;
      placed.add(child.uri);
      ordered.push(child);
      visit(child.uri);
    }
  };
  visit(root.uri);
  return ordered;
}

/**
 * The conversation a reply joins (FEP-7888 `context`): its thread root's, found
 * by walking up `inReplyTo`, never a parent's own id (a Mastodon reply names no
 * context, and taking its id would split one discussion in two). A local root's
 * conversation is its context collection, a remote root's the one it names (or
 * itself); where the chain breaks, the highest note known is taken as the root.
 */
export async function threadContextOf(db: Kysely<Database>, origin: URL, inReplyTo: string): Promise<string> {
  let uri = inReplyTo;
  for (let depth = 0; depth < MAX_THREAD_DEPTH; depth++) {
    const note = await findNoteByUri(db, uri);
    if (!note) return uri;
    if (note.in_reply_to_uri == null) return note.context_uri ?? (note.is_local === 1 ? noteContextUri(origin, note.id) : note.uri);
    uri = note.in_reply_to_uri;
  }
  return uri;
}
