// What a feed lists (issue 13, "Feeds"): public notes only, newest first.
// Unlisted, followers-only and community-only notes never appear, whatever
// the feed: a feed is read by anyone, signed in or not.
import { sql, type Kysely, type SelectQueryBuilder } from "kysely";
import type { Dialect } from "../../db/database.ts";
import type { Database } from "../../db/schema.ts";
import { searchText } from "../search/search.ts";
import type { ActorRow } from "../actors.ts";
import { isQualityLabel, labelsOfNotes, type QualityLabel } from "../note-labels.ts";
import type { NoteRow } from "../notes.ts";

/** Feed readers poll; a short feed keeps every poll cheap. */
export const FEED_SIZE = 30;

export interface FeedEntry {
  readonly note: NoteRow;
  readonly authors: ActorRow[];
  /** Quality labels in force on the note (issue 14): a reader of the feed sees them as the page shows them. */
  readonly labels: readonly QualityLabel[];
}

type NoteQuery = SelectQueryBuilder<Database, "notes", object>;

/** Which public notes one feed shows. */
export type FeedScope =
  | { readonly kind: "instance" }
  | { readonly kind: "author"; readonly actorId: string }
  | { readonly kind: "organization"; readonly actorId: string }
  | { readonly kind: "community"; readonly communityId: string }
  | { readonly kind: "notebook"; readonly notebookId: string }
  | { readonly kind: "term"; readonly termId: string }
  | { readonly kind: "tag"; readonly key: string };

function scoped(query: NoteQuery, scope: FeedScope): NoteQuery {
  switch (scope.kind) {
    case "instance":
      return query.where("notes.is_local", "=", 1);
    case "author":
      return query.where("notes.id", "in", (eb) => eb.selectFrom("note_authors").select("note_id").where("actor_id", "=", scope.actorId));
    case "organization":
      // An organization's notes: those it wrote and those that name it.
      return query.where((eb) =>
        eb.or([
          eb("notes.id", "in", eb.selectFrom("note_authors").select("note_id").where("actor_id", "=", scope.actorId)),
          eb("notes.id", "in", eb.selectFrom("note_organizations").select("note_id").where("actor_id", "=", scope.actorId)),
        ]),
      );
    case "community":
      // Discussions, as Lemmy's community feeds list posts rather than comments.
      return query.where("notes.id", "in", (eb) => eb.selectFrom("community_posts").select("note_id").where("community_id", "=", scope.communityId).where("is_thread", "=", 1));
    case "notebook":
      return query.where("notes.uri", "in", (eb) => eb.selectFrom("notebook_items").select("note_uri").where("notebook_id", "=", scope.notebookId));
    case "term":
      return query.where("notes.id", "in", (eb) => eb.selectFrom("note_terms").select("note_id").where("term_id", "=", scope.termId));
    case "tag":
      return query.where("notes.id", "in", (eb) => eb.selectFrom("note_tags").select("note_id").where("key", "=", scope.key));
  }
}

/** The authors of these notes, in their order on each note, and their quality labels. */
export async function authorsOf(db: Kysely<Database>, notes: readonly NoteRow[]): Promise<FeedEntry[]> {
  if (notes.length === 0) return [];
  const rows = await db
    .selectFrom("note_authors")
    .innerJoin("actors", "actors.id", "note_authors.actor_id")
    .selectAll("actors")
    .select(sql<string>`note_authors.note_id`.as("feed_note_id"))
    .where(
      "note_authors.note_id",
      "in",
      notes.map((n) => n.id),
    )
    .orderBy("note_authors.position")
    .execute();
  const labels = await labelsOfNotes(db, notes.map((n) => n.id));
  return notes.map((note) => ({
    note,
    authors: rows.filter((r) => r.feed_note_id === note.id),
    labels: (labels.get(note.id) ?? []).flatMap((l) => (isQualityLabel(l.label) ? [l.label] : [])),
  }));
}

export async function feedEntries(db: Kysely<Database>, scope: FeedScope): Promise<FeedEntry[]> {
  const notes = await scoped(db.selectFrom("notes"), scope)
    .selectAll("notes")
    .where("notes.visibility", "=", "public")
    .where("notes.deleted_at", "is", null)
    .orderBy("notes.published_at", "desc")
    .orderBy("notes.id", "desc")
    .limit(FEED_SIZE)
    .execute();
  return authorsOf(db, notes);
}

/** A search's public notes, best-ranked first; null when the words cannot be searched (none, too long). */
export async function searchEntries(db: Kysely<Database>, dialect: Dialect, q: string): Promise<FeedEntry[] | null> {
  const answer = await searchText(db, dialect, q, "note", { viewerId: null, filters: {}, limit: FEED_SIZE, offset: 0 });
  if (!answer.ok) return null;
  const notes = (answer.pages.get("note")?.items ?? []).flatMap((item) => (item.kind === "note" && item.note.visibility === "public" && !item.note.deleted_at ? [item.note] : []));
  return authorsOf(db, notes);
}
