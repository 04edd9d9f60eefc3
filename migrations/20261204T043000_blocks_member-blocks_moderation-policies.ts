// Blocks and limits (issue 14):
// - `member_blocks`: what a member blocks or mutes for themselves, a person
//   (`target_actor_id`) or a whole instance (`target_host`), one row per
//   member and target (`target_key` is the actor id or `host:<host>`);
// - `moderation_policies`: an administrator's limit or block of a remote
//   account (`target` its actor URI) or instance (`target` its host). An
//   instance block is enforced by the federation policy's blocklist; the row
//   keeps the reason and tells limits apart.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("member_blocks")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("owner_id", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("target_key", "text", (c) => c.notNull())
    .addColumn("target_actor_id", "text")
    .addColumn("target_host", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("member_blocks_owner_target_idx").on("member_blocks").columns(["owner_id", "target_key"]).unique().execute();
  await db.schema.createIndex("member_blocks_target_actor_idx").on("member_blocks").columns(["target_actor_id"]).execute();
  await db.schema
    .createTable("moderation_policies")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("target_type", "text", (c) => c.notNull())
    .addColumn("target", "text", (c) => c.notNull())
    .addColumn("policy", "text", (c) => c.notNull())
    .addColumn("reason", "text")
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("moderation_policies_target_idx").on("moderation_policies").columns(["target_type", "target"]).unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("moderation_policies").ifExists().execute();
  await db.schema.dropTable("member_blocks").ifExists().execute();
}
