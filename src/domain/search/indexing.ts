// Keeping `search_documents` in step with what it describes. Triggers mark
// every changed row in `search_pending` (migration 20261204T041000); this
// rebuilds the marked documents, in batches, inside one transaction each. A
// mark made while a batch was being built keeps a higher version and is
// not cleared, so the next refresh sees it.
import { sql, type Insertable, type Kysely, type Transaction } from "kysely";
import type { Dialect } from "../../db/database.ts";
import type { Database } from "../../db/schema.ts";
import type { SearchDocumentKind, SearchDocumentsTable } from "../../db/search-schema.ts";
import { stemsOf, textOfHtml } from "./french-text.ts";

type Doc = Insertable<SearchDocumentsTable>;

const ACTOR_KINDS: Partial<Record<string, SearchDocumentKind>> = { Person: "person", Organization: "organization", Group: "community" };

function hostOfUri(uri: string): string {
  return URL.parse(uri)?.host.toLowerCase() ?? "";
}

function joined(parts: readonly (string | null | undefined)[]): string {
  return parts.filter((p): p is string => !!p && p.trim() !== "").join("\n");
}

async function noteDocs(tx: Transaction<Database>, ids: readonly string[]): Promise<Doc[]> {
  const [notes, tags, translations, authors] = await Promise.all([
    tx.selectFrom("notes").selectAll().where("id", "in", ids).where("deleted_at", "is", null).execute(),
    tx.selectFrom("note_tags").select(["note_id", "name"]).where("note_id", "in", ids).execute(),
    tx.selectFrom("note_translations").selectAll().where("note_id", "in", ids).execute(),
    tx
      .selectFrom("note_authors")
      .innerJoin("actors", "actors.id", "note_authors.actor_id")
      .select(["note_authors.note_id", "actors.indexable"])
      .where("note_authors.note_id", "in", ids)
      .execute(),
  ]);
  return notes.map((note) => {
    const own = translations.filter((t) => t.note_id === note.id);
    // A public note is found by anyone only while every author lets their notes be found.
    const indexable = authors.every((a) => a.note_id !== note.id || a.indexable === 1);
    return {
      kind: "note",
      ref_id: note.id,
      title: joined([note.title, ...own.map((t) => t.title)]),
      body: joined([
        note.summary,
        textOfHtml(note.content_html),
        ...tags.filter((t) => t.note_id === note.id).map((t) => t.name.replace(/_/g, " ")),
        ...own.flatMap((t) => [t.summary, textOfHtml(t.content_html)]),
      ]),
      listed: note.visibility === "public" && indexable ? 1 : 0,
      published_at: note.published_at,
      language: note.language?.toLowerCase() ?? null,
      license: note.license,
      domain: hostOfUri(note.uri),
    };
  });
}

async function notebookDocs(tx: Transaction<Database>, ids: readonly string[]): Promise<Doc[]> {
  const rows = await tx.selectFrom("notebooks").selectAll().where("id", "in", ids).where("deleted_at", "is", null).execute();
  return rows.map((n) => ({
    kind: "notebook",
    ref_id: n.id,
    title: n.title,
    body: n.summary ?? "",
    listed: 1,
    published_at: n.created_at,
    language: null,
    license: null,
    domain: hostOfUri(n.uri),
  }));
}

function aliasesOf(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((a): a is string => typeof a === "string") : [];
  } catch {
    return [];
  }
}

async function termDocs(tx: Transaction<Database>, ids: readonly string[]): Promise<Doc[]> {
  const rows = await tx.selectFrom("terms").selectAll().where("id", "in", ids).where("deleted_at", "is", null).execute();
  return rows.map((t) => ({
    kind: "term",
    ref_id: t.id,
    title: joined([t.label_fr, t.label_en, ...aliasesOf(t.aliases)]),
    body: joined([t.definition_fr, t.definition_en]),
    listed: 1,
    published_at: t.created_at,
    language: null,
    license: null,
    domain: hostOfUri(t.uri),
  }));
}

async function actorDocs(tx: Transaction<Database>, ids: readonly string[]): Promise<Doc[]> {
  const rows = await tx.selectFrom("actors").selectAll().where("id", "in", ids).where("deleted_at", "is", null).execute();
  return rows.flatMap((a): Doc[] => {
    const kind = ACTOR_KINDS[a.type];
    // Who chose not to be listed is not found by words (their handle still resolves).
    if (!kind || a.discoverable !== 1) return [];
    return [
      {
        kind,
        ref_id: a.id,
        title: joined([a.name, a.username]),
        body: a.summary ? textOfHtml(a.summary) : "",
        listed: 1,
        published_at: a.created_at,
        language: null,
        license: null,
        domain: a.domain.toLowerCase(),
      },
    ];
  });
}

const BUILDERS: Record<string, { kinds: readonly SearchDocumentKind[]; build: (tx: Transaction<Database>, ids: readonly string[]) => Promise<Doc[]> }> = {
  note: { kinds: ["note"], build: noteDocs },
  notebook: { kinds: ["notebook"], build: notebookDocs },
  term: { kinds: ["term"], build: termDocs },
  actor: { kinds: ["person", "organization", "community"], build: actorDocs },
};

/** SQLite's index compares stems; PostgreSQL's `french` configuration stems the plain text itself. */
function prepared(doc: Doc, dialect: Dialect): Doc {
  if (dialect === "postgres") return doc;
  return { ...doc, title: stemsOf(doc.title).join(" "), body: stemsOf(doc.body).join(" ") };
}

/**
 * Rebuilds up to `limit` marked documents; returns how many marks it cleared
 * (0 when the index was up to date).
 */
export async function refreshSearchIndex(db: Kysely<Database>, dialect: Dialect, limit = 500): Promise<number> {
  const marked = await db.selectFrom("search_pending").select("kind").limit(1).executeTakeFirst();
  if (!marked) return 0;
  return db.transaction().execute(async (tx) => {
    let query = tx.selectFrom("search_pending").selectAll().orderBy("kind").orderBy("ref_id").limit(limit);
    // Two web processes refreshing at once on PostgreSQL take different rows.
    if (dialect === "postgres") query = query.forUpdate().skipLocked();
    const pending = await query.execute();
    for (const [sourceKind, { kinds, build }] of Object.entries(BUILDERS)) {
      const ids = pending.filter((p) => p.kind === sourceKind).map((p) => p.ref_id);
      if (ids.length === 0) continue;
      const docs = (await build(tx, ids)).map((d) => prepared(d, dialect));
      await tx.deleteFrom("search_documents").where("kind", "in", kinds).where("ref_id", "in", ids).execute();
      for (let i = 0; i < docs.length; i += 100) await tx.insertInto("search_documents").values(docs.slice(i, i + 100)).execute();
    }
    for (const p of pending) {
      await tx.deleteFrom("search_pending").where("kind", "=", p.kind).where("ref_id", "=", p.ref_id).where("version", "=", p.version).execute();
    }
    return pending.length;
  });
}

/** Rebuilds every marked document (after the migration, or in the benchmark). */
export async function refreshWholeSearchIndex(db: Kysely<Database>, dialect: Dialect): Promise<number> {
  let total = 0;
  for (let n = await refreshSearchIndex(db, dialect, 1000); n > 0; n = await refreshSearchIndex(db, dialect, 1000)) total += n;
  return total;
}

/** Compacts the index after a bulk build (FTS5 merges its segments; PostgreSQL refreshes its statistics). */
export async function optimizeSearchIndex(db: Kysely<Database>, dialect: Dialect): Promise<void> {
  if (dialect === "sqlite") await sql`INSERT INTO search_fts (search_fts) VALUES ('optimize')`.execute(db);
  else await sql`VACUUM ANALYZE search_documents`.execute(db);
}
