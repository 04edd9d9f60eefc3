// Passerelles: communities of practice (Group actors, FEP-1b12), what is
// posted into them, their moderators and bans; light participation (likes,
// shares, aggregated reading counts). Membership is a follow of the Group.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("communities")
    .addColumn("actor_id", "text", (c) => c.primaryKey().references("actors.id").onDelete("cascade"))
    .addColumn("visibility", "text", (c) => c.notNull())
    .addColumn("rules", "text")
    .addColumn("languages", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("topics", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("posting_restricted_to_mods", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("community_moderators")
    .addColumn("community_id", "text", (c) => c.notNull().references("actors.id").onDelete("cascade"))
    .addColumn("actor_id", "text", (c) => c.notNull().references("actors.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("community_moderators_pk", ["community_id", "actor_id"])
    .execute();

  await db.schema
    .createTable("community_bans")
    .addColumn("community_id", "text", (c) => c.notNull().references("actors.id").onDelete("cascade"))
    .addColumn("actor_id", "text", (c) => c.notNull().references("actors.id").onDelete("cascade"))
    .addColumn("reason", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("community_bans_pk", ["community_id", "actor_id"])
    .execute();

  // A thread or reply carried by a community (local or remote community, local or remote note).
  await db.schema
    .createTable("community_posts")
    .addColumn("community_id", "text", (c) => c.notNull().references("actors.id").onDelete("cascade"))
    .addColumn("note_id", "text", (c) => c.notNull().references("notes.id").onDelete("cascade"))
    .addColumn("is_thread", "integer", (c) => c.notNull())
    .addColumn("pinned", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("locked", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("removed_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("community_posts_pk", ["community_id", "note_id"])
    .execute();
  await db.schema.createIndex("community_posts_note_idx").on("community_posts").column("note_id").execute();

  await db.schema
    .createTable("community_links")
    .addColumn("community_id", "text", (c) => c.notNull().references("actors.id").onDelete("cascade"))
    .addColumn("linked_uri", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("community_links_pk", ["community_id", "linked_uri"])
    .execute();

  await db.schema
    .createTable("reactions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("actor_id", "text", (c) => c.notNull().references("actors.id").onDelete("cascade"))
    .addColumn("note_id", "text", (c) => c.notNull().references("notes.id").onDelete("cascade"))
    .addColumn("activity_uri", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("reactions_unique").on("reactions").columns(["kind", "actor_id", "note_id"]).unique().execute();
  await db.schema.createIndex("reactions_note_idx").on("reactions").columns(["note_id", "kind"]).execute();

  // Aggregated reading counts: a number per note, never who read it.
  await db.schema
    .createTable("note_reads")
    .addColumn("note_id", "text", (c) => c.primaryKey().references("notes.id").onDelete("cascade"))
    .addColumn("count", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["note_reads", "reactions", "community_links", "community_posts", "community_bans", "community_moderators", "communities"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
