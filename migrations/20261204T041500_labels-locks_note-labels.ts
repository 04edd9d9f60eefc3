// Quality labels on notes ("information à valider", "source requise",
// "information contestée"), the members' votes that set them where a
// community opts in, their history, and a generic notifications table (the
// author of a labelled note is told; follows, replies and reports can use it).
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("note_labels")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("note_id", "text", (c) => c.notNull().references("notes.id").onDelete("cascade"))
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("reason", "text")
    .addColumn("source_url", "text")
    // Who set it here (null: a threshold of members' votes, or the note's home for a mirrored label).
    .addColumn("set_by", "text")
    .addColumn("community_id", "text")
    // `local`: decided on this instance; `remote`: as the note's home instance says.
    .addColumn("origin", "text", (c) => c.notNull())
    .addColumn("answer", "text")
    .addColumn("answered_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("note_labels_note_label_origin_idx").unique().on("note_labels").columns(["note_id", "label", "origin"]).execute();
  await db.schema
    .createTable("note_label_events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("note_id", "text", (c) => c.notNull().references("notes.id").onDelete("cascade"))
    .addColumn("label", "text", (c) => c.notNull())
    // added, removed, answered, voted
    .addColumn("event", "text", (c) => c.notNull())
    .addColumn("actor_id", "text")
    .addColumn("text", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("note_label_events_note_idx").on("note_label_events").columns(["note_id", "id"]).execute();
  await db.schema
    .createTable("note_label_votes")
    .addColumn("note_id", "text", (c) => c.notNull().references("notes.id").onDelete("cascade"))
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("voter_id", "text", (c) => c.notNull())
    .addColumn("community_id", "text", (c) => c.notNull())
    .addColumn("reason", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("note_label_votes_pk", ["note_id", "label", "voter_id"])
    .execute();
  await db.schema
    .createTable("notifications")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("recipient_id", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("subject_uri", "text", (c) => c.notNull())
    .addColumn("actor_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("read_at", "text")
    .execute();
  await db.schema.createIndex("notifications_recipient_idx").on("notifications").columns(["recipient_id", "id"]).execute();
  // Null: only moderators label; a number: that many distinct members' votes set a label.
  await db.schema.alterTable("communities").addColumn("label_vote_threshold", "integer").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("communities").dropColumn("label_vote_threshold").execute();
  await db.schema.dropTable("notifications").ifExists().execute();
  await db.schema.dropTable("note_label_votes").ifExists().execute();
  await db.schema.dropTable("note_label_events").ifExists().execute();
  await db.schema.dropTable("note_labels").ifExists().execute();
}
