// What a page needs to know about the posts of a discussion it shows, for the
// viewer: the likes of each (one query for the whole tree) and which replies
// are the viewer's own to edit and delete (written here, by them).
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { mayEditNote } from "../../domain/note-writing.ts";
import { participationOf } from "../../domain/reactions.ts";
import { postIds, shownPosts, type ThreadPost } from "../views/discussion.ts";

export async function discussionFacts(db: Kysely<Database>, root: ThreadPost, viewerId: string | null) {
  const participation = await participationOf(db, postIds(root), viewerId);
  // The opening post is edited as a note (its own page's controls), not as a reply.
  const editable = new Set(
    shownPosts(root)
      .filter((post) => post !== root && post.note.in_reply_to_uri != null && mayEditNote({ note: post.note, authors: [...post.authors] }, viewerId))
      .map((post) => post.note.id),
  );
  return { participation, editable };
}

/** The status line after an edit or a deletion came back here (`?reply=saved`, `?reply=deleted`). */
export function replyStatusKey(query: string | undefined): "replies.saved" | "replies.deleted" | null {
  return query === "saved" ? "replies.saved" : query === "deleted" ? "replies.deleted" : null;
}
