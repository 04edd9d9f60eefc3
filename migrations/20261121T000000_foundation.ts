// Foundation: actors (local and remote, one handle namespace), accounts,
// keys, follows, sessions and tokens, and the durable Fedify stores.
// Portable types only (text, integer, bigint) so it runs unchanged on SQLite
// and PostgreSQL; timestamps are ISO-8601 UTC strings, booleans 0/1 integers.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("actors")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("uri", "text", (c) => c.notNull().unique())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("is_local", "integer", (c) => c.notNull())
    .addColumn("username", "text", (c) => c.notNull())
    // Lower-cased username: the handle namespace is case-insensitive.
    .addColumn("username_key", "text", (c) => c.notNull())
    .addColumn("domain", "text", (c) => c.notNull())
    .addColumn("name", "text")
    .addColumn("summary", "text")
    .addColumn("icon_url", "text")
    .addColumn("url", "text")
    .addColumn("inbox_url", "text")
    .addColumn("shared_inbox_url", "text")
    .addColumn("outbox_url", "text")
    .addColumn("followers_url", "text")
    .addColumn("following_url", "text")
    .addColumn("profile_fields", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("manually_approves_followers", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("followers_count", "integer")
    .addColumn("following_count", "integer")
    .addColumn("fetched_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("deleted_at", "text")
    .execute();
  await db.schema
    .createIndex("actors_handle_unique")
    .on("actors")
    .columns(["username_key", "domain"])
    .unique()
    .execute();

  await db.schema
    .createTable("users")
    .addColumn("actor_id", "text", (c) => c.primaryKey().references("actors.id").onDelete("cascade"))
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("is_admin", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("key_pairs")
    .addColumn("actor_id", "text", (c) => c.notNull().references("actors.id").onDelete("cascade"))
    .addColumn("algorithm", "text", (c) => c.notNull())
    .addColumn("private_jwk", "text", (c) => c.notNull())
    .addColumn("public_jwk", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("key_pairs_pk", ["actor_id", "algorithm"])
    .execute();

  await db.schema
    .createTable("follows")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("follower_id", "text", (c) => c.notNull().references("actors.id").onDelete("cascade"))
    .addColumn("following_id", "text", (c) => c.notNull().references("actors.id").onDelete("cascade"))
    .addColumn("activity_uri", "text", (c) => c.notNull().unique())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("accepted_at", "text")
    .execute();
  await db.schema
    .createIndex("follows_pair_unique")
    .on("follows")
    .columns(["follower_id", "following_id"])
    .unique()
    .execute();
  await db.schema.createIndex("follows_following_idx").on("follows").columns(["following_id", "status"]).execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id_hash", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.actor_id").onDelete("cascade"))
    .addColumn("csrf_token", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("api_tokens")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.actor_id").onDelete("cascade"))
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_used_at", "text")
    .execute();

  await db.schema
    .createTable("setup_tokens")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .execute();

  // Fedify's key-value store: the key is the JSON of its string array.
  await db.schema
    .createTable("fedify_kv")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("expires_at", "text")
    .execute();

  // Fedify's message queue. A message is deleted only after its handler
  // succeeded (at-least-once); `locked_until` is the lease of the worker that
  // claimed it, so a crashed worker's message becomes visible again.
  await db.schema
    .createTable("fedify_queue")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("message", "text", (c) => c.notNull())
    .addColumn("ordering_key", "text")
    .addColumn("deliver_at", "text", (c) => c.notNull())
    .addColumn("locked_until", "text")
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("fedify_queue_ready_idx").on("fedify_queue").columns(["deliver_at", "id"]).execute();
  await db.schema.createIndex("fedify_queue_ordering_idx").on("fedify_queue").columns(["ordering_key", "id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["fedify_queue", "fedify_kv", "setup_tokens", "api_tokens", "sessions", "follows", "key_pairs", "users", "actors"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
