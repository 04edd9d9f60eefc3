// One discussion: the replies under a note, from any instance, found by
// walking `in_reply_to_uri` down, and the order in which they are read.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { NoteRow } from "./notes.ts";

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
