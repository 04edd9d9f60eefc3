// Co-authorship by consent: a local person or community named as a note's
// author is invited, and becomes an author (note_authors) only by accepting.
// Also drops the local actors that remote objects listed as their authors:
// nobody here agreed to those credits (FEDERATION.md, "Attribution").
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("coauthor_invitations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("note_id", "text", (c) => c.notNull().references("notes.id").onDelete("cascade"))
    .addColumn("actor_id", "text", (c) => c.notNull().references("actors.id").onDelete("cascade"))
    // Where the writer named them among the authors, kept when they accept.
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("invited_by", "text", (c) => c.references("actors.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("coauthor_invitations_note_actor", ["note_id", "actor_id"])
    .execute();
  await db.schema.createIndex("coauthor_invitations_actor_idx").on("coauthor_invitations").column("actor_id").execute();

  await db
    .deleteFrom("note_authors")
    .where("note_id", "in", db.selectFrom("notes").select("id").where("is_local", "=", 0))
    .where("actor_id", "in", db.selectFrom("actors").select("id").where("is_local", "=", 1))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("coauthor_invitations").ifExists().execute();
}
