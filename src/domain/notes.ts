// Reading notes: a note with everything shown next to it (authors,
// translations, tags, terms, organizations, links, media), lists and the
// "cited by" backlinks.
import type { NoteLabelsTable } from "../db/labels-schema.ts";
import { sql, type Kysely, type RawBuilder, type Selectable } from "kysely";
import type { MediaTable, NoteRevisionsTable, NotesTable, NoteTranslationsTable, TermsTable } from "../db/knowledge-schema.ts";
import type { Database } from "../db/schema.ts";
import type { ActorRow } from "./actors.ts";
import { currentRestrictions, isNoteHiddenByBlock, listedContentFilter } from "./content-restrictions.ts";
import type { Page } from "./follows.ts";
import { hiddenAuthorsFilter, hiddenFor } from "./member-blocks.ts";
import { canShowTo, type Viewer } from "./visibility.ts";

export type NoteRow = Selectable<NotesTable>;
export type NoteTranslationRow = Selectable<NoteTranslationsTable>;
export type TermRow = Selectable<TermsTable>;
export type MediaRow = Selectable<MediaTable>;
type NoteLabelRow = NoteLabelsTable;
export type RevisionRow = Selectable<NoteRevisionsTable>;

export interface NoteDetails {
  note: NoteRow;
  /** In order; the first is on the note's host. */
  authors: ActorRow[];
  broughtInBy: ActorRow | null;
  translations: NoteTranslationRow[];
  tags: { key: string; name: string }[];
  terms: TermRow[];
  organizations: ActorRow[];
  /** URIs of linked notes, in order. */
  links: string[];
  media: MediaRow[];
  /** The communities (Group actors, here or elsewhere) that carry it. */
  communities: ActorRow[];
  /** Quality labels (note-labels.ts), decided here or by the note's home instance. */
  labels: NoteLabelRow[];
}

export async function findNoteById(db: Kysely<Database>, id: string): Promise<NoteRow | undefined> {
  return db.selectFrom("notes").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findNoteByUri(db: Kysely<Database>, uri: string): Promise<NoteRow | undefined> {
  return db.selectFrom("notes").selectAll().where("uri", "=", uri).executeTakeFirst();
}

export async function noteAuthors(db: Kysely<Database>, noteId: string): Promise<ActorRow[]> {
  return db
    .selectFrom("note_authors")
    .innerJoin("actors", "actors.id", "note_authors.actor_id")
    .selectAll("actors")
    .where("note_authors.note_id", "=", noteId)
    .orderBy("note_authors.position")
    .execute();
}

export async function loadNoteDetails(db: Kysely<Database>, note: NoteRow): Promise<NoteDetails> {
  const [authors, broughtInBy, translations, tags, terms, organizations, links, media, communities, labels] = await Promise.all([
    noteAuthors(db, note.id),
    note.brought_in_by ? db.selectFrom("actors").selectAll().where("id", "=", note.brought_in_by).executeTakeFirst() : undefined,
    db.selectFrom("note_translations").selectAll().where("note_id", "=", note.id).orderBy("language").execute(),
    db.selectFrom("note_tags").select(["key", "name"]).where("note_id", "=", note.id).orderBy("key").execute(),
    db
      .selectFrom("note_terms")
      .innerJoin("terms", "terms.id", "note_terms.term_id")
      .selectAll("terms")
      .where("note_terms.note_id", "=", note.id)
      .orderBy("terms.slug")
      .execute(),
    db
      .selectFrom("note_organizations")
      .innerJoin("actors", "actors.id", "note_organizations.actor_id")
      .selectAll("actors")
      .where("note_organizations.note_id", "=", note.id)
      .orderBy("actors.username")
      .execute(),
    db.selectFrom("note_links").select("target_uri").where("note_id", "=", note.id).orderBy("position").execute(),
    db.selectFrom("media").selectAll().where("note_id", "=", note.id).orderBy("position").execute(),
    db
      .selectFrom("community_posts")
      .innerJoin("actors", "actors.id", "community_posts.community_id")
      .selectAll("actors")
      .where("community_posts.note_id", "=", note.id)
      .where("community_posts.removed_at", "is", null)
      .orderBy("community_posts.created_at")
      .execute(),
    db.selectFrom("note_labels").selectAll().where("note_id", "=", note.id).orderBy("created_at").orderBy("id").execute(),
  ]);
  return {
    note,
    authors,
    broughtInBy: broughtInBy ?? null,
    translations,
    tags,
    terms,
    organizations,
    links: links.map((l) => l.target_uri),
    media,
    communities,
    labels,
  };
}

/** How a viewer relates to a note's authors, for visibility decisions. */
export async function viewerOf(db: Kysely<Database>, note: NoteRow, viewerActorId: string | null): Promise<Viewer> {
  if (viewerActorId == null) return { actorId: null, isAuthor: false, followsAnAuthor: false, memberOfCommunity: false };
  const authorIds = (await db.selectFrom("note_authors").select("actor_id").where("note_id", "=", note.id).execute()).map((r) => r.actor_id);
  const isAuthor = authorIds.includes(viewerActorId) || note.brought_in_by === viewerActorId;
  const memberOfCommunity =
    note.visibility === "community" &&
    (await db
      .selectFrom("community_posts")
      .innerJoin("follows", "follows.following_id", "community_posts.community_id")
      .select("follows.id")
      .where("community_posts.note_id", "=", note.id)
      .where("community_posts.removed_at", "is", null)
      .where("follows.follower_id", "=", viewerActorId)
      .where("follows.status", "=", "accepted")
      .executeTakeFirst()) != null;
  if (isAuthor || authorIds.length === 0) return { actorId: viewerActorId, isAuthor, followsAnAuthor: false, memberOfCommunity };
  const follow = await db
    .selectFrom("follows")
    .select("id")
    .where("follower_id", "=", viewerActorId)
    .where("following_id", "in", authorIds)
    .where("status", "=", "accepted")
    .executeTakeFirst();
  return { actorId: viewerActorId, isAuthor, followsAnAuthor: follow != null, memberOfCommunity };
}

export async function canSeeNote(db: Kysely<Database>, note: NoteRow, viewerActorId: string | null): Promise<boolean> {
  if (note.deleted_at != null) return false;
  // An administrator's block hides what the blocked account or instance left here (until unblocked).
  if (await isNoteHiddenByBlock(db, note)) return false;
  return canShowTo(note.visibility, await viewerOf(db, note, viewerActorId));
}

export interface NoteListFilter {
  authorId?: string;
  termId?: string;
  organizationId?: string;
  tagKey?: string;
  /** Only notes of this instance. */
  localOnly?: boolean;
  limit: number;
  /** `published_at|id` of the last note of the previous page. */
  cursor?: string | null;
  /** The signed-in member: the people and instances they mute or block are left out. */
  viewerId?: string | null;
}

/** Listed (public) notes, newest first. Unlisted and restricted notes never appear in lists. */
export async function listPublicNotes(db: Kysely<Database>, filter: NoteListFilter): Promise<Page<NoteRow>> {
  const order = listOrder(filter.authorId);
  let query = db
    .selectFrom("notes")
    .$if(filter.authorId != null, (q) => q.innerJoin("note_authors", "note_authors.note_id", "notes.id").where("note_authors.actor_id", "=", filter.authorId!))
    .selectAll("notes")
    .where("notes.deleted_at", "is", null)
    .where("notes.visibility", "=", "public")
    .where("notes.in_reply_to_uri", "is", null)
    .orderBy(sql`${order.publishedAt} desc`)
    .orderBy(sql`${order.id} desc`)
    .limit(filter.limit + 1)
    // Blocked and limited accounts and instances stay out of public lists; so do those the viewer mutes or blocks.
    .where(listedContentFilter(await currentRestrictions(db)))
    .where(hiddenAuthorsFilter(await hiddenFor(db, filter.viewerId ?? null)));
  if (filter.localOnly) query = query.where("notes.is_local", "=", 1);
  if (filter.termId) {
    const termId = filter.termId;
    query = query.where((eb) =>
      eb.exists(eb.selectFrom("note_terms").select("note_id").whereRef("note_terms.note_id", "=", "notes.id").where("note_terms.term_id", "=", termId)),
    );
  }
  if (filter.organizationId) {
    const orgId = filter.organizationId;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("note_organizations")
          .select("note_id")
          .whereRef("note_organizations.note_id", "=", "notes.id")
          .where("note_organizations.actor_id", "=", orgId),
      ),
    );
  }
  if (filter.tagKey) {
    const key = filter.tagKey;
    query = query.where((eb) =>
      eb.exists(eb.selectFrom("note_tags").select("note_id").whereRef("note_tags.note_id", "=", "notes.id").where("note_tags.key", "=", key)),
    );
  }
  if (filter.cursor) {
    query = query.where(afterCursor(order, filter.cursor));
  }
  const rows = await query.execute();
  const items = rows.slice(0, filter.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > filter.limit && last ? `${last.published_at}|${last.id}` : null };
}

/** Notes an author wrote that a given viewer may see (the outbox), newest first; `cursor` as in listPublicNotes. */
export async function listNotesByAuthor(
  db: Kysely<Database>,
  authorId: string,
  options: { includeRestricted: boolean; limit: number; cursor?: string | null },
): Promise<Page<NoteRow>> {
  const order = listOrder(authorId);
  let query = db
    .selectFrom("notes")
    .innerJoin("note_authors", "note_authors.note_id", "notes.id")
    .selectAll("notes")
    .where("note_authors.actor_id", "=", authorId)
    .where("notes.deleted_at", "is", null)
    .orderBy(sql`${order.publishedAt} desc`)
    .orderBy(sql`${order.id} desc`)
    .limit(options.limit + 1);
  if (!options.includeRestricted) query = query.where("notes.visibility", "in", ["public", "unlisted"]);
  if (options.cursor) query = query.where(afterCursor(order, options.cursor));
  const rows = await query.execute();
  const items = rows.slice(0, options.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > options.limit && last ? `${last.published_at}|${last.id}` : null };
}

interface ListOrder {
  publishedAt: RawBuilder<unknown>;
  id: RawBuilder<unknown>;
}

/**
 * The columns a list is sorted on. An author's notes are walked through
 * note_authors_actor_published_idx (note_authors carries its note's
 * published_at), other lists through the notes' own indexes: sorting on
 * notes.published_at there would make every author page sort all their notes.
 */
function listOrder(authorId: string | undefined): ListOrder {
  return authorId != null
    ? { publishedAt: sql.ref("note_authors.published_at"), id: sql.ref("note_authors.note_id") }
    : { publishedAt: sql.ref("notes.published_at"), id: sql.ref("notes.id") };
}

/**
 * `published_at|id` of the last row of the previous page. A row-value
 * comparison is what both databases turn into an index range: the next page
 * starts where the last one ended instead of rescanning it.
 */
function afterCursor(order: ListOrder, cursor: string): RawBuilder<boolean> {
  const [publishedAt, id] = cursor.split("|") as [string, string | undefined];
  return sql<boolean>`(${order.publishedAt}, ${order.id}) < (${publishedAt}, ${id ?? ""})`;
}

export async function countNotesByAuthor(db: Kysely<Database>, authorId: string, includeRestricted: boolean): Promise<number> {
  let query = db
    .selectFrom("notes")
    .innerJoin("note_authors", "note_authors.note_id", "notes.id")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("note_authors.actor_id", "=", authorId)
    .where("notes.deleted_at", "is", null);
  if (!includeRestricted) query = query.where("notes.visibility", "in", ["public", "unlisted"]);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/** Notes that link to this one ("cité par"), by its id or its page URL; listed ones only. */
export async function citedBy(db: Kysely<Database>, note: NoteRow): Promise<NoteRow[]> {
  const targets = [note.uri, ...(note.url && note.url !== note.uri ? [note.url] : [])];
  return db
    .selectFrom("note_links")
    .innerJoin("notes", "notes.id", "note_links.note_id")
    .selectAll("notes")
    .distinct()
    .where("note_links.target_uri", "in", targets)
    .where("notes.deleted_at", "is", null)
    .where("notes.visibility", "=", "public")
    .orderBy("notes.published_at", "desc")
    .execute();
}

export async function listRevisions(db: Kysely<Database>, noteId: string): Promise<RevisionRow[]> {
  return db.selectFrom("note_revisions").selectAll().where("note_id", "=", noteId).orderBy("number", "desc").execute();
}

export async function findRevision(db: Kysely<Database>, noteId: string, number: number): Promise<RevisionRow | undefined> {
  return db.selectFrom("note_revisions").selectAll().where("note_id", "=", noteId).where("number", "=", number).executeTakeFirst();
}

