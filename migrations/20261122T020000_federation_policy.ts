// Federation policy and the network of instances: the policy admins change at
// runtime (one row; its initial values come from the environment), the log of
// who changed it, and what we learned of other instances (their NodeInfo,
// cached; when a sister's outbox was last read). Portable types only.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("federation_policy")
    // Always "current": one row, so every process reads the same policy.
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("mode", "text", (c) => c.notNull())
    // JSON arrays of hosts (`host` or `host:port`), lower-case.
    .addColumn("blocked_hosts", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("allowed_hosts", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    // Null while the policy is the one seeded from the environment.
    .addColumn("updated_by", "text")
    .execute();

  await db.schema
    .createTable("federation_policy_changes")
    .addColumn("id", "text", (c) => c.primaryKey())
    // No foreign key: the log outlives a deleted administrator account.
    .addColumn("actor_id", "text", (c) => c.notNull())
    .addColumn("actor_handle", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("known_instances")
    .addColumn("host", "text", (c) => c.primaryKey())
    .addColumn("name", "text")
    .addColumn("description", "text")
    .addColumn("software", "text")
    .addColumn("version", "text")
    .addColumn("region", "text")
    .addColumn("sector", "text")
    // JSON array of language codes.
    .addColumn("languages", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("users_total", "integer")
    .addColumn("users_active_month", "integer")
    .addColumn("local_posts", "integer")
    .addColumn("open_registrations", "integer")
    .addColumn("instance_actor_uri", "text")
    .addColumn("nodeinfo_fetched_at", "text")
    .addColumn("nodeinfo_error", "text")
    // A sister's outbox: when it was last read (claimed by one worker a day).
    .addColumn("outbox_synced_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["known_instances", "federation_policy_changes", "federation_policy"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
