// A notification as the page and the API show it: who did it, what it is
// about (a note the reader may still read, a person, a community) and where
// to go to act on it. Shared by /notifications and GET /api/v1/notifications.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { findActorById, findActorByUri, type ActorRow } from "../domain/actors.ts";
import { canSeeNote, findNoteByUri, type NoteRow } from "../domain/notes.ts";
import type { NotificationKind, NotificationRow } from "../domain/notifications.ts";
import { profileHref } from "./views/actors.ts";
import { notePath } from "./views/note.ts";

export interface NotificationItem {
  readonly row: NotificationRow;
  readonly kind: NotificationKind;
  /** Who did it; null when unnamed (a report) or gone. */
  readonly actor: ActorRow | null;
  /** The note it is about, when the reader may read it. */
  readonly note: NoteRow | null;
  /** The community it happened in (join request, cross-post, report). */
  readonly community: ActorRow | null;
  /** Where to read or act on it, a path of ours or another server's page; null when nothing is left to show. */
  readonly href: string | null;
}

const NOTE_KINDS: ReadonlySet<NotificationKind> = new Set(["reply", "mention", "like", "share", "cross-post", "note-labelled", "label-answered", "coauthor-invitation"]);

/** Where someone of another server is shown here, with follow and other actions: the remote-interaction page. */
export function remoteActorHref(actor: ActorRow): string {
  return `/authorize_interaction?uri=${encodeURIComponent(actor.uri)}`;
}

function personHref(actor: ActorRow | null): string | null {
  if (!actor || actor.deleted_at != null) return null;
  return actor.is_local === 1 ? profileHref(actor) : remoteActorHref(actor);
}

function hrefOf(kind: NotificationKind, reader: ActorRow, item: { actor: ActorRow | null; note: NoteRow | null; community: ActorRow | null }): string | null {
  switch (kind) {
    case "follow":
      return personHref(item.actor);
    case "follow-request":
      return "/follow-requests";
    case "join-request":
      return item.community ? `/c/${encodeURIComponent(item.community.username)}/moderation` : null;
    case "report":
      return "/moderation/reports";
    case "coauthor-invitation":
      // Invitations are answered on one's own profile.
      return `/@${reader.username}`;
    default:
      return item.note ? notePath(item.note) : null;
  }
}

export async function loadNotificationItems(db: Kysely<Database>, reader: ActorRow, rows: readonly NotificationRow[]): Promise<NotificationItem[]> {
  const actors = new Map<string, ActorRow | null>();
  const actorById = async (id: string | null) => {
    if (id == null) return null;
    if (!actors.has(id)) actors.set(id, (await findActorById(db, id)) ?? null);
    return actors.get(id)!;
  };
  const items: NotificationItem[] = [];
  for (const row of rows) {
    const kind = row.kind as NotificationKind;
    const actor = await actorById(row.actor_id);
    let note: NoteRow | null = null;
    if (NOTE_KINDS.has(kind)) {
      const found = await findNoteByUri(db, row.subject_uri);
      note = found && (await canSeeNote(db, found, reader.id)) ? found : null;
    }
    const communityUri = kind === "join-request" ? row.subject_uri : row.context_uri;
    const community = communityUri ? ((await findActorByUri(db, communityUri)) ?? null) : null;
    const shown = { actor: actor?.deleted_at == null ? actor : null, note, community };
    items.push({ row, kind, ...shown, href: hrefOf(kind, reader, shown) });
  }
  return items;
}
