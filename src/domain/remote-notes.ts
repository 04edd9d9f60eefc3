// Notes from other servers (Articles from En commun, Notes from Mastodon,
// Pages from Lemmy…), as stored here: authors, licence and dates as given,
// HTML sanitized on the way in, every received edit kept as a revision.
import { purgeNoteContent } from "./note-purge.ts";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { MediaKind } from "../db/knowledge-schema.ts";
import type { ActorRow } from "./actors.ts";
import { isoNow } from "./clock.ts";
import { newId } from "./ids.ts";
import { MAX_MENTIONS } from "./mentions.ts";
import { notifyNoteArrived } from "./notification-events.ts";
import { findNoteByUri, type NoteRow } from "./notes.ts";
import { isTombstoned } from "./remote-tombstones.ts";
import { httpUrlOrNull, isHttpUrl } from "./remote-urls.ts";
import { recordRevision } from "./revisions.ts";
import { plainText, sanitizeHtml } from "./sanitize.ts";
import { normalizeTags } from "./tags.ts";
import type { Visibility } from "./visibility.ts";

export interface RemoteNoteData {
  uri: string;
  url: string | null;
  title: string;
  /** HTML or plain text as sent; stored as plain text. */
  summary: string | null;
  /** HTML as sent; sanitized here. */
  contentHtml: string;
  contentSource: string | null;
  language: string | null;
  license: string | null;
  visibility: Visibility;
  /** Already stored actors, in the order of attributedTo. */
  authors: ActorRow[];
  inReplyTo: string | null;
  context: string | null;
  tags: string[];
  /** Term (page) URLs the note links to, with the label it used. */
  terms: { uri: string; label: string }[];
  links: string[];
  /** The actors its Mention tags name (URIs); those of people here are notified. */
  mentions?: string[];
  media: { url: string; mediaType: string; kind: MediaKind; name: string | null }[];
  translations: { language: string; title: string; contentHtml: string }[];
  published: string;
  updated: string | null;
}

export type UpsertResult =
  | { status: "created" | "updated"; note: NoteRow }
  | { status: "unchanged" | "deleted"; note: NoteRow }
  /** Its author deleted it before we had it: not stored. */
  | { status: "tombstoned"; note: null };

/**
 * Stores a remote note, or applies an edit when `updated` is newer than ours.
 * The caller has checked that the sender may speak for the note. With
 * `notify` (a note delivered as it is published, not one fetched or
 * backfilled later), a new note notifies the people here it answers or names.
 */
export async function upsertRemoteNote(
  db: Kysely<Database>,
  data: RemoteNoteData,
  resolveTermIds: (terms: RemoteNoteData["terms"]) => Promise<string[]>,
  options: { notify?: boolean } = {},
): Promise<UpsertResult> {
  const existing = await findNoteByUri(db, data.uri);
  if (existing?.is_local === 1) return { status: "unchanged", note: existing };
  if (existing?.deleted_at != null) return { status: "deleted", note: existing };
  if (!existing && (await isTombstoned(db, data.uri))) return { status: "tombstoned", note: null };
  const updatedAt = data.updated ?? data.published;
  if (existing && updatedAt <= existing.updated_at) return { status: "unchanged", note: existing };

  const contentHtml = sanitizeHtml(data.contentHtml);
  const summary = data.summary ? plainText(data.summary, 1000) || null : null;
  const termIds = await resolveTermIds(data.terms);
  const now = isoNow();
  const note = await db.transaction().execute(async (tx) => {
    const values = {
      // Only web addresses from another server (src/domain/remote-urls.ts).
      url: httpUrlOrNull(data.url),
      title: data.title,
      summary,
      content_source: data.contentSource,
      content_html: contentHtml,
      language: data.language,
      license: data.license,
      visibility: data.visibility,
      in_reply_to_uri: data.inReplyTo,
      context_uri: data.context,
      published_at: data.published,
      updated_at: updatedAt,
      fetched_at: now,
    };
    const note = existing
      ? await tx.updateTable("notes").set({ ...values, revision: existing.revision + 1 }).where("id", "=", existing.id).returningAll().executeTakeFirstOrThrow()
      : await tx.insertInto("notes").values({ id: newId(), uri: data.uri, is_local: 0, created_at: now, revision: 1, ...values }).returningAll().executeTakeFirstOrThrow();
    // An edit replaces what the note had; a new row has nothing yet (six statements, each a round trip on PostgreSQL, saved per received note).
    if (existing) {
      for (const table of ["note_authors", "note_tags", "note_terms", "note_links", "note_translations"] as const) {
        await tx.deleteFrom(table).where("note_id", "=", note.id).execute();
      }
      await tx.deleteFrom("media").where("note_id", "=", note.id).where("storage_path", "is", null).execute();
    }
    if (data.authors.length > 0) {
      await tx.insertInto("note_authors").values(data.authors.map((a, position) => ({ note_id: note.id, actor_id: a.id, position }))).execute();
    }
    const tags = normalizeTags(data.tags);
    if (tags.length > 0) await tx.insertInto("note_tags").values(tags.map((t) => ({ note_id: note.id, ...t }))).execute();
    if (termIds.length > 0) await tx.insertInto("note_terms").values(termIds.map((term_id) => ({ note_id: note.id, term_id }))).execute();
    const links = [...new Set(data.links.filter(isHttpUrl))];
    if (links.length > 0) await tx.insertInto("note_links").values(links.map((target_uri, position) => ({ note_id: note.id, target_uri, position }))).execute();
    const translations = data.translations.filter((t) => t.language !== data.language);
    if (translations.length > 0) {
      await tx
        .insertInto("note_translations")
        .values(translations.map((t) => ({ note_id: note.id, language: t.language, title: t.title, summary: null, content_source: null, content_html: sanitizeHtml(t.contentHtml) })))
        .execute();
    }
    const media = data.media.filter((m) => isHttpUrl(m.url));
    if (media.length > 0) {
      await tx
        .insertInto("media")
        .values(media.map((m, position) => ({ id: newId(), note_id: note.id, url: m.url, media_type: m.mediaType, kind: m.kind, name: m.name, position, created_at: now })))
        .execute();
    }
    await recordRevision(tx, note, { license: note.license, visibility: note.visibility }, data.authors[0]?.id ?? null, updatedAt);
    if (!existing && options.notify) await notifyNoteArrived(tx, note, data.authors[0]?.id ?? null, await mentionedHere(tx, data.mentions ?? []));
    return note;
  });
  // Its Delete may have been handled while we stored it (two workers at once):
  // one of the two sees the other's row, so no copy outlives its Delete.
  if (!existing && (await isTombstoned(db, data.uri))) {
    await markRemoteNoteDeleted(db, data.uri);
    return { status: "tombstoned", note: null };
  }
  return { status: existing ? "updated" : "created", note };
}

/** A remote note was deleted by its home: keep a tombstone row, drop its content. */
export async function markRemoteNoteDeleted(db: Kysely<Database>, uri: string): Promise<boolean> {
  const note = await findNoteByUri(db, uri);
  if (!note || note.is_local === 1 || note.deleted_at != null) return false;
  await db.updateTable("notes").set({ deleted_at: isoNow(), content_html: "", content_source: null, summary: null }).where("id", "=", note.id).execute();
  await purgeNoteContent(db, [note.id]);
  return true;
}

/** Whether a stored actor is among a note's authors. */
export async function isAuthorOf(db: Kysely<Database>, noteId: string, actorId: string): Promise<boolean> {
  const row = await db.selectFrom("note_authors").select("actor_id").where("note_id", "=", noteId).where("actor_id", "=", actorId).executeTakeFirst();
  return row != null;
}

/** The stored local people among the actors a received note mentions. */
async function mentionedHere(db: Kysely<Database>, uris: readonly string[]): Promise<string[]> {
  const wanted = [...new Set(uris)].slice(0, MAX_MENTIONS);
  if (wanted.length === 0) return [];
  const rows = await db.selectFrom("actors").select("id").where("uri", "in", wanted).where("is_local", "=", 1).where("type", "=", "Person").execute();
  return rows.map((r) => r.id);
}
