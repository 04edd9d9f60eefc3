// Redaction of a note's revision (issue 15, Law 25): text that an edit removed
// must not stay public in the history forever. A redacted revision keeps its
// number, date and editor, and that it was redacted (when, by whom); its title,
// summary, bodies and snapshot are emptied in the database itself.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { ActorRow } from "./actors.ts";
import { isoNow } from "./clock.ts";
import { communitiesOfNote, isModerator } from "./communities.ts";
import { DomainError } from "./errors.ts";
import { recordModerationAction } from "./moderation-log.ts";
import { findNoteById, findRevision, type RevisionRow } from "./notes.ts";
import { isAuthorOf } from "./remote-notes.ts";

export interface Redactor {
  readonly actor: ActorRow;
  readonly isAdmin: boolean;
}

/** The columns a redaction empties: what the revision said. */
export const REDACTED_TEXT = { title: "", summary: null, content_source: null, content_html: "", snapshot: "{}", edit_summary: null } as const;

/** Who may redact: any author of the note, an administrator, or a moderator of a community carrying it. */
export async function redactionRole(db: Kysely<Database>, by: Redactor, noteId: string): Promise<"author" | "moderator" | null> {
  if (await isAuthorOf(db, noteId, by.actor.id)) return "author";
  if (by.isAdmin) return "moderator";
  for (const post of await communitiesOfNote(db, noteId)) {
    if (await isModerator(db, post.communityId, by.actor.id)) return "moderator";
  }
  return null;
}

export function isRedacted(revision: RevisionRow): boolean {
  return revision.redacted_at != null;
}

/**
 * Redacts one revision. The current one cannot be: its text is the note
 * itself (edit the note first, then redact the older revision). Redacting
 * someone else's writing is a moderation action, logged with its reason.
 */
export async function redactRevision(db: Kysely<Database>, by: Redactor, noteId: string, number: number, reason: string | null = null): Promise<RevisionRow> {
  const note = await findNoteById(db, noteId);
  if (!note || note.deleted_at != null) throw new DomainError("not_found", "No such note");
  const role = await redactionRole(db, by, note.id);
  if (role == null) throw new DomainError("forbidden", "Only the note's authors, its communities' moderators and administrators may redact its history");
  const revision = await findRevision(db, note.id, number);
  if (!revision) throw new DomainError("not_found", "No such revision");
  if (revision.number === note.revision) {
    throw new DomainError("conflict", "The current revision cannot be redacted: edit the note to remove the text, then redact the older revision");
  }
  if (isRedacted(revision)) return revision;
  const now = isoNow();
  await db
    .updateTable("note_revisions")
    .set({ ...REDACTED_TEXT, redacted_at: now, redacted_by: by.actor.id })
    .where("id", "=", revision.id)
    .execute();
  if (role === "moderator") {
    await recordModerationAction(db, {
      moderatorId: by.actor.id,
      action: "revision-redacted",
      targetType: "note",
      targetUri: note.uri,
      reason,
      details: { revision: revision.number },
    });
  }
  return { ...revision, ...REDACTED_TEXT, redacted_at: now, redacted_by: by.actor.id };
}
