// A discussion as a viewer may see it, nested: the replies under a post, from
// any instance, without those by people the viewer mutes or blocks. A reply
// the viewer may not read, or that was deleted or removed by moderators,
// keeps its place (without its content) only when replies they may read hang
// under it. The page decides what "removed" and "may read" mean (a
// community's thread, or a note's page).
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { ActorRow } from "../../domain/actors.ts";
import { withoutHiddenAuthors } from "../../domain/member-blocks.ts";
import type { NoteRow } from "../../domain/notes.ts";
import { descendants } from "../../domain/threads.ts";
import type { ThreadPost } from "../views/discussion.ts";

type Db = Kysely<Database>;
/** Bound on the SQL `in (…)` lists (SQLite allows a few thousand parameters). */
const IN_CHUNK = 500;

export interface DiscussionRules {
  /** Of these posts, those moderators removed. */
  removed(noteIds: readonly string[]): Promise<Set<string>>;
  /** Whether the viewer may read this (not deleted) post. */
  mayRead(note: NoteRow): Promise<boolean>;
}

export async function authorsOf(db: Db, noteIds: readonly string[]): Promise<Map<string, ActorRow[]>> {
  const authors = new Map<string, ActorRow[]>();
  for (let i = 0; i < noteIds.length; i += IN_CHUNK) {
    const rows = await db
      .selectFrom("note_authors")
      .innerJoin("actors", "actors.id", "note_authors.actor_id")
      .selectAll("actors")
      .select("note_authors.note_id")
      .where("note_authors.note_id", "in", noteIds.slice(i, i + IN_CHUNK))
      .orderBy("note_authors.position")
      .execute();
    for (const { note_id, ...actor } of rows) authors.set(note_id, [...(authors.get(note_id) ?? []), actor]);
  }
  return authors;
}

/** The root (always shown: the page checked it) and every reply the viewer may see, nested. */
export async function buildDiscussion(db: Db, root: NoteRow, viewerId: string | null, rules: DiscussionRules): Promise<ThreadPost> {
  const replies = await withoutHiddenAuthors(db, viewerId, await descendants(db, root));
  const ids = [root.id, ...replies.map((n) => n.id)];
  const [removed, authors] = await Promise.all([rules.removed(ids), authorsOf(db, ids)]);
  const byParent = new Map<string, NoteRow[]>();
  for (const reply of replies) byParent.set(reply.in_reply_to_uri!, [...(byParent.get(reply.in_reply_to_uri!) ?? []), reply]);
  const build = async (note: NoteRow, isRoot: boolean): Promise<ThreadPost | null> => {
    const children: ThreadPost[] = [];
    for (const child of byParent.get(note.uri) ?? []) {
      const post = await build(child, false);
      if (post) children.push(post);
    }
    const hidden = isRoot ? null : note.deleted_at != null ? "deleted" : removed.has(note.id) ? "removed" : (await rules.mayRead(note)) ? null : "unavailable";
    if (hidden && children.length === 0) return null;
    return { note, authors: hidden ? [] : (authors.get(note.id) ?? []), hidden, children };
  };
  return (await build(root, true))!;
}

/** Removed from any community (a note's page shows none of what a community's moderators took down). */
export async function removedAnywhere(db: Db, noteIds: readonly string[]): Promise<Set<string>> {
  const removed = new Set<string>();
  for (let i = 0; i < noteIds.length; i += IN_CHUNK) {
    const rows = await db
      .selectFrom("community_posts")
      .select("note_id")
      .where("removed_at", "is not", null)
      .where("note_id", "in", noteIds.slice(i, i + IN_CHUNK))
      .execute();
    for (const row of rows) removed.add(row.note_id);
  }
  return removed;
}
