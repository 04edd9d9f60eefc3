// Full-text search (issue 13). One row per findable thing in
// `search_documents` (a note, a notebook, a term, a person, an organization,
// a community), written by the domain (src/domain/search/indexing.ts), which
// folds accents and stems French words for SQLite. Triggers on the source
// tables only mark what changed in `search_pending`; the domain refreshes those
// rows before each search, so a change is found by the next search whatever
// code path made it (a page, the API, the inbox, a backfill).
// - SQLite: an FTS5 index over `search_documents` with external content
//   (the text is not stored twice), kept in step by triggers on that table.
//   The kind is indexed too, so that a search of one kind intersects posting
//   lists instead of reading every match of the words.
// - PostgreSQL: a `tsvector` column generated with the `french` configuration
//   over `unaccent`ed text, under a GIN index. `unaccent` is a trusted
//   extension (PostgreSQL 13+): a database owner may create it. Where it
//   cannot be created, `search_unaccent` falls back to `translate` over the
//   accented letters of French (documented in docs/SEARCH.md).
import { sql, SqliteAdapter, type Kysely } from "kysely";

/** Source table → what it marks: the document kind and the column holding its id. */
const SOURCES: readonly (readonly [table: string, kind: string, column: string])[] = [
  ["notes", "note", "id"],
  ["note_tags", "note", "note_id"],
  ["note_translations", "note", "note_id"],
  ["note_authors", "note", "note_id"],
  ["notebooks", "notebook", "id"],
  ["terms", "term", "id"],
  ["actors", "actor", "id"],
  ["communities", "actor", "actor_id"],
];

function isSqlite(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = isSqlite(db);
  await db.schema
    .createTable("search_documents")
    .addColumn("id", sqlite ? "integer" : "serial", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("ref_id", "text", (c) => c.notNull())
    // SQLite: stems (src/domain/search/french-text.ts); PostgreSQL: the plain text, stemmed by `french`.
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    // 1 when anyone may find it; 0 for notes only some may read (followers, community, unlisted, not indexable).
    .addColumn("listed", "integer", (c) => c.notNull())
    .addColumn("published_at", "text", (c) => c.notNull())
    .addColumn("language", "text")
    .addColumn("license", "text")
    .addColumn("domain", "text", (c) => c.notNull())
    .addUniqueConstraint("search_documents_kind_ref_unique", ["kind", "ref_id"])
    .execute();
  await db.schema
    .createTable("search_pending")
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("ref_id", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("search_pending_pk", ["kind", "ref_id"])
    .execute();
  if (sqlite) await upSqlite(db);
  else await upPostgres(db);
  // Everything already there is marked: the workers index it in the background (searches refresh what is left).
  for (const [table, kind, column] of [
    ["notes", "note", "id"],
    ["notebooks", "notebook", "id"],
    ["terms", "term", "id"],
    ["actors", "actor", "id"],
  ] as const) {
    await sql`INSERT INTO search_pending (kind, ref_id, version) SELECT ${sql.lit(kind)}, ${sql.ref(column)}, 1 FROM ${sql.table(table)}`.execute(db);
  }
}

const MARK = (kind: string, id: string) =>
  `INSERT INTO search_pending (kind, ref_id, version) VALUES ('${kind}', ${id}, 1) ON CONFLICT (kind, ref_id) DO UPDATE SET version = search_pending.version + 1;`;

async function upSqlite(db: Kysely<any>): Promise<void> {
  await sql`CREATE VIRTUAL TABLE search_fts USING fts5(kind, title, body, content='search_documents', content_rowid='id', tokenize='unicode61 remove_diacritics 2')`.execute(db);
  await sql`CREATE TRIGGER search_fts_ai AFTER INSERT ON search_documents BEGIN
    INSERT INTO search_fts (rowid, kind, title, body) VALUES (NEW.id, NEW.kind, NEW.title, NEW.body); END`.execute(db);
  await sql`CREATE TRIGGER search_fts_ad AFTER DELETE ON search_documents BEGIN
    INSERT INTO search_fts (search_fts, rowid, kind, title, body) VALUES ('delete', OLD.id, OLD.kind, OLD.title, OLD.body); END`.execute(db);
  await sql`CREATE TRIGGER search_fts_au AFTER UPDATE ON search_documents BEGIN
    INSERT INTO search_fts (search_fts, rowid, kind, title, body) VALUES ('delete', OLD.id, OLD.kind, OLD.title, OLD.body);
    INSERT INTO search_fts (rowid, kind, title, body) VALUES (NEW.id, NEW.kind, NEW.title, NEW.body); END`.execute(db);
  for (const [table, kind, column] of SOURCES) {
    for (const [event, row] of [["INSERT", "NEW"], ["UPDATE", "NEW"], ["DELETE", "OLD"]] as const) {
      const name = `search_mark_${table}_${event.toLowerCase()}`;
      await sql.raw(`CREATE TRIGGER ${name} AFTER ${event} ON ${table} BEGIN ${MARK(kind, `${row}.${column}`)} END`).execute(db);
    }
  }
  // A person who stops (or starts) letting their public notes be found: those notes change.
  await sql`CREATE TRIGGER search_mark_author_notes AFTER UPDATE OF indexable ON actors BEGIN
    INSERT INTO search_pending (kind, ref_id, version) SELECT 'note', note_id, 1 FROM note_authors WHERE actor_id = NEW.id AND true
    ON CONFLICT (kind, ref_id) DO UPDATE SET version = search_pending.version + 1; END`.execute(db);
}

async function upPostgres(db: Kysely<any>): Promise<void> {
  await sql`DO $$ BEGIN CREATE EXTENSION IF NOT EXISTS unaccent; EXCEPTION WHEN OTHERS THEN RAISE NOTICE 'unaccent unavailable: %', SQLERRM; END $$`.execute(db);
  const hasUnaccent = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'unaccent'`.execute(db)).rows[0]!.n > 0;
  // IMMUTABLE (unaccent itself is only STABLE, its dictionary could change) so that it may feed a generated column.
  const body = hasUnaccent
    ? `SELECT unaccent('unaccent'::regdictionary, $1)`
    : `SELECT translate($1, 'àâäáãåçéèêëíìîïñóòôöõúùûüýÿÀÂÄÁÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜÝŸ', 'aaaaaaceeeeiiiinooooouuuuyyAAAAAACEEEEIIIINOOOOOUUUUYY')`;
  const schema = hasUnaccent
    ? (await sql<{ s: string }>`SELECT n.nspname AS s FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'`.execute(db)).rows[0]!.s
    : null;
  await sql
    .raw(
      `CREATE FUNCTION search_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT ${schema ? `SET search_path = ${schema}` : ""} AS $f$ ${body} $f$`,
    )
    .execute(db);
  await sql`ALTER TABLE search_documents ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('french'::regconfig, search_unaccent(title)), 'A') || setweight(to_tsvector('french'::regconfig, search_unaccent(body)), 'B')) STORED`.execute(db);
  await sql`CREATE INDEX search_documents_tsv_idx ON search_documents USING gin (tsv)`.execute(db);
  await sql`CREATE FUNCTION search_mark() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN
    INSERT INTO search_pending (kind, ref_id, version)
    VALUES (TG_ARGV[0], (CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END) ->> TG_ARGV[1], 1)
    ON CONFLICT (kind, ref_id) DO UPDATE SET version = search_pending.version + 1;
    RETURN NULL; END $f$`.execute(db);
  for (const [table, kind, column] of SOURCES) {
    await sql.raw(`CREATE TRIGGER search_mark_${table} AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION search_mark('${kind}', '${column}')`).execute(db);
  }
  await sql`CREATE FUNCTION search_mark_author_notes() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN
    IF NEW.indexable IS DISTINCT FROM OLD.indexable THEN
      INSERT INTO search_pending (kind, ref_id, version) SELECT 'note', note_id, 1 FROM note_authors WHERE actor_id = NEW.id
      ON CONFLICT (kind, ref_id) DO UPDATE SET version = search_pending.version + 1;
    END IF;
    RETURN NULL; END $f$`.execute(db);
  await sql`CREATE TRIGGER search_mark_author_notes AFTER UPDATE ON actors FOR EACH ROW EXECUTE FUNCTION search_mark_author_notes()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) {
    for (const [table] of SOURCES) for (const event of ["insert", "update", "delete"]) await sql.raw(`DROP TRIGGER IF EXISTS search_mark_${table}_${event}`).execute(db);
    await sql`DROP TRIGGER IF EXISTS search_mark_author_notes`.execute(db);
    await sql`DROP TABLE IF EXISTS search_fts`.execute(db);
  } else {
    for (const [table] of SOURCES) await sql.raw(`DROP TRIGGER IF EXISTS search_mark_${table} ON ${table}`).execute(db);
    await sql`DROP TRIGGER IF EXISTS search_mark_author_notes ON actors`.execute(db);
    await sql`DROP FUNCTION IF EXISTS search_mark_author_notes()`.execute(db);
    await sql`DROP FUNCTION IF EXISTS search_mark()`.execute(db);
  }
  await db.schema.dropTable("search_pending").ifExists().execute();
  await db.schema.dropTable("search_documents").ifExists().execute();
  if (!isSqlite(db)) await sql`DROP FUNCTION IF EXISTS search_unaccent(text)`.execute(db);
}
