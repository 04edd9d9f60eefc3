// Praxis knowledge: notes (local and remote) with authors, translations,
// revisions, tags, lexicon terms, organizations, links and media; notebooks
// with sections; organization members. Portable types only (see foundation).
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("notes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("uri", "text", (c) => c.notNull().unique())
    .addColumn("is_local", "integer", (c) => c.notNull())
    .addColumn("url", "text")
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("summary", "text")
    .addColumn("content_source", "text")
    .addColumn("content_html", "text", (c) => c.notNull())
    .addColumn("language", "text")
    .addColumn("category", "text")
    .addColumn("license", "text")
    .addColumn("visibility", "text", (c) => c.notNull())
    .addColumn("brought_in_by", "text", (c) => c.references("actors.id").onDelete("set null"))
    .addColumn("in_reply_to_uri", "text")
    .addColumn("context_uri", "text")
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("published_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("fetched_at", "text")
    .addColumn("deleted_at", "text")
    .execute();
  await db.schema.createIndex("notes_published_idx").on("notes").columns(["is_local", "published_at"]).execute();
  await db.schema.createIndex("notes_reply_idx").on("notes").column("in_reply_to_uri").execute();

  await db.schema
    .createTable("note_translations")
    .addColumn("note_id", "text", (c) => c.notNull().references("notes.id").onDelete("cascade"))
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("summary", "text")
    .addColumn("content_source", "text")
    .addColumn("content_html", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("note_translations_pk", ["note_id", "language"])
    .execute();

  await db.schema
    .createTable("note_authors")
    .addColumn("note_id", "text", (c) => c.notNull().references("notes.id").onDelete("cascade"))
    .addColumn("actor_id", "text", (c) => c.notNull().references("actors.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("note_authors_pk", ["note_id", "actor_id"])
    .execute();
  await db.schema.createIndex("note_authors_actor_idx").on("note_authors").column("actor_id").execute();

  await db.schema
    .createTable("note_revisions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("note_id", "text", (c) => c.notNull().references("notes.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("summary", "text")
    .addColumn("content_source", "text")
    .addColumn("content_html", "text", (c) => c.notNull())
    .addColumn("language", "text")
    // Translations and metadata at that revision, as JSON.
    .addColumn("snapshot", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("editor_id", "text", (c) => c.references("actors.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("note_revisions_number_unique").on("note_revisions").columns(["note_id", "number"]).unique().execute();

  await db.schema
    .createTable("note_tags")
    .addColumn("note_id", "text", (c) => c.notNull().references("notes.id").onDelete("cascade"))
    // Folded (lower case, no accents): what Mastodon's hashtags match on.
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("note_tags_pk", ["note_id", "key"])
    .execute();
  await db.schema.createIndex("note_tags_key_idx").on("note_tags").column("key").execute();

  await db.schema
    .createTable("terms")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("uri", "text", (c) => c.notNull().unique())
    .addColumn("is_local", "integer", (c) => c.notNull())
    .addColumn("slug", "text", (c) => c.notNull())
    .addColumn("label_fr", "text")
    .addColumn("label_en", "text")
    .addColumn("definition_fr", "text")
    .addColumn("definition_en", "text")
    .addColumn("aliases", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("deleted_at", "text")
    .execute();
  await db.schema.createIndex("terms_local_slug_unique").on("terms").column("slug").unique().where(sql.ref("is_local"), "=", 1).execute();

  await db.schema
    .createTable("note_terms")
    .addColumn("note_id", "text", (c) => c.notNull().references("notes.id").onDelete("cascade"))
    .addColumn("term_id", "text", (c) => c.notNull().references("terms.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("note_terms_pk", ["note_id", "term_id"])
    .execute();
  await db.schema.createIndex("note_terms_term_idx").on("note_terms").column("term_id").execute();

  await db.schema
    .createTable("note_organizations")
    .addColumn("note_id", "text", (c) => c.notNull().references("notes.id").onDelete("cascade"))
    .addColumn("actor_id", "text", (c) => c.notNull().references("actors.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("note_organizations_pk", ["note_id", "actor_id"])
    .execute();
  await db.schema.createIndex("note_organizations_actor_idx").on("note_organizations").column("actor_id").execute();

  // Links from a note to other notes, local or remote, by URL: "cited by" is
  // the reverse lookup on target_uri.
  await db.schema
    .createTable("note_links")
    .addColumn("note_id", "text", (c) => c.notNull().references("notes.id").onDelete("cascade"))
    .addColumn("target_uri", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("note_links_pk", ["note_id", "target_uri"])
    .execute();
  await db.schema.createIndex("note_links_target_idx").on("note_links").column("target_uri").execute();

  await db.schema
    .createTable("media")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("note_id", "text", (c) => c.references("notes.id").onDelete("cascade"))
    .addColumn("uploader_id", "text", (c) => c.references("actors.id").onDelete("set null"))
    .addColumn("url", "text", (c) => c.notNull())
    // Relative to DATA_DIR for local files; null for remote media.
    .addColumn("storage_path", "text")
    .addColumn("media_type", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("size", "integer")
    .addColumn("name", "text")
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("media_note_idx").on("media").column("note_id").execute();

  await db.schema
    .createTable("notebooks")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("uri", "text", (c) => c.notNull().unique())
    .addColumn("is_local", "integer", (c) => c.notNull())
    .addColumn("url", "text")
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("summary", "text")
    .addColumn("cover_url", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("deleted_at", "text")
    .execute();

  await db.schema
    .createTable("notebook_curators")
    .addColumn("notebook_id", "text", (c) => c.notNull().references("notebooks.id").onDelete("cascade"))
    .addColumn("actor_id", "text", (c) => c.notNull().references("actors.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("notebook_curators_pk", ["notebook_id", "actor_id"])
    .execute();

  await db.schema
    .createTable("notebook_sections")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("notebook_id", "text", (c) => c.notNull().references("notebooks.id").onDelete("cascade"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("notebook_items")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("notebook_id", "text", (c) => c.notNull().references("notebooks.id").onDelete("cascade"))
    .addColumn("section_id", "text", (c) => c.references("notebook_sections.id").onDelete("set null"))
    .addColumn("note_uri", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("added_by", "text", (c) => c.references("actors.id").onDelete("set null"))
    .addColumn("added_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("notebook_items_note_unique").on("notebook_items").columns(["notebook_id", "note_uri"]).unique().execute();

  await db.schema
    .createTable("organization_members")
    .addColumn("organization_id", "text", (c) => c.notNull().references("actors.id").onDelete("cascade"))
    .addColumn("member_id", "text", (c) => c.notNull().references("actors.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("organization_members_pk", ["organization_id", "member_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "organization_members",
    "notebook_items",
    "notebook_sections",
    "notebook_curators",
    "notebooks",
    "media",
    "note_links",
    "note_organizations",
    "note_terms",
    "terms",
    "note_tags",
    "note_revisions",
    "note_authors",
    "note_translations",
    "notes",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
