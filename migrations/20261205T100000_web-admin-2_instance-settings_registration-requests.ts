// Instance settings changed by administrators from /admin/settings, which
// override the environment's defaults (src/domain/instance-settings.ts), and
// the sign-up requests of the `approval` registration mode
// (src/domain/registration-requests.ts). Portable types only, timestamps as
// ISO-8601 UTC strings.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("instance_settings")
    // `name`, `description`, `registrationMode`…: one row per overridden setting, its value as JSON.
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("updated_by", "text")
    .execute();
  await db.schema
    .createTable("registration_requests")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("handle", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    // The applicant's answer to "why do you want to join?".
    .addColumn("answer", "text", (c) => c.notNull())
    .addColumn("language", "text", (c) => c.notNull())
    // pending | approved | refused
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("reason", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("decided_at", "text")
    .addColumn("decided_by", "text")
    .execute();
  await db.schema.createIndex("registration_requests_handle").on("registration_requests").column("handle").execute();
  await db.schema.createIndex("registration_requests_status").on("registration_requests").columns(["status", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("registration_requests").ifExists().execute();
  await db.schema.dropTable("instance_settings").ifExists().execute();
}
