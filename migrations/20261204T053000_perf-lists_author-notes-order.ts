// An author's notes (their page, `/@name/notes`, the API's author filter and
// their outbox), newest first, keyset-paged: the author's rows were found by
// note_authors_actor_idx, then every one of their notes sorted in a temporary
// B-tree on each request. note_authors now carries its note's published_at
// (kept in step by triggers, whatever writes the note or its authors), and
// (actor_id, published_at, note_id) is the list's order
// (test/db/author-list-query-plans.test.ts).
import { sql, SqliteAdapter, type Kysely } from "kysely";

function isSqlite(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("note_authors").addColumn("published_at", "text").execute();
  await sql`UPDATE note_authors SET published_at = (SELECT notes.published_at FROM notes WHERE notes.id = note_authors.note_id)`.execute(db);
  if (isSqlite(db)) {
    await sql`CREATE TRIGGER note_authors_published_at_ai AFTER INSERT ON note_authors BEGIN
      UPDATE note_authors SET published_at = (SELECT published_at FROM notes WHERE id = NEW.note_id) WHERE note_id = NEW.note_id AND actor_id = NEW.actor_id;
    END`.execute(db);
    await sql`CREATE TRIGGER notes_published_at_authors_au AFTER UPDATE OF published_at ON notes BEGIN
      UPDATE note_authors SET published_at = NEW.published_at WHERE note_id = NEW.id;
    END`.execute(db);
  } else {
    await sql`CREATE OR REPLACE FUNCTION note_authors_published_at() RETURNS trigger AS $$ BEGIN
      NEW.published_at := (SELECT published_at FROM notes WHERE id = NEW.note_id); RETURN NEW;
    END $$ LANGUAGE plpgsql`.execute(db);
    await sql`CREATE TRIGGER note_authors_published_at_bi BEFORE INSERT OR UPDATE OF note_id ON note_authors FOR EACH ROW EXECUTE FUNCTION note_authors_published_at()`.execute(db);
    await sql`CREATE OR REPLACE FUNCTION notes_published_at_authors() RETURNS trigger AS $$ BEGIN
      IF NEW.published_at IS DISTINCT FROM OLD.published_at THEN UPDATE note_authors SET published_at = NEW.published_at WHERE note_id = NEW.id; END IF; RETURN NULL;
    END $$ LANGUAGE plpgsql`.execute(db);
    await sql`CREATE TRIGGER notes_published_at_authors_au AFTER UPDATE OF published_at ON notes FOR EACH ROW EXECUTE FUNCTION notes_published_at_authors()`.execute(db);
  }
  await db.schema.createIndex("note_authors_actor_published_idx").on("note_authors").columns(["actor_id", "published_at", "note_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("note_authors_actor_published_idx").execute();
  if (isSqlite(db)) {
    await sql`DROP TRIGGER IF EXISTS note_authors_published_at_ai`.execute(db);
    await sql`DROP TRIGGER IF EXISTS notes_published_at_authors_au`.execute(db);
  } else {
    await sql`DROP TRIGGER IF EXISTS note_authors_published_at_bi ON note_authors`.execute(db);
    await sql`DROP TRIGGER IF EXISTS notes_published_at_authors_au ON notes`.execute(db);
    await sql`DROP FUNCTION IF EXISTS note_authors_published_at()`.execute(db);
    await sql`DROP FUNCTION IF EXISTS notes_published_at_authors()`.execute(db);
  }
  await db.schema.alterTable("note_authors").dropColumn("published_at").execute();
}
