import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { migrations } from "../../migrations/index.ts";
import { createPostgresDatabase } from "../helpers/databases.ts";

const expectedTables = ["actors", "users", "key_pairs", "follows", "sessions", "api_tokens", "setup_tokens", "fedify_kv", "fedify_queue", "rate_events"];

describe("migrations", () => {
  it("migrate an empty SQLite all the way up, and are idempotent", async () => {
    const handle = openDatabase("sqlite::memory:");
    try {
      const applied = await migrateToLatest(handle.db);
      expect(applied).toEqual(Object.keys(migrations));
      expect(await migrateToLatest(handle.db)).toEqual([]);
      const rows = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(handle.db);
      expect(rows.rows.map((r) => r.name)).toEqual(expect.arrayContaining(expectedTables));
      const pragma = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(handle.db);
      expect(pragma.rows[0]?.foreign_keys).toBe(1);
    } finally {
      await handle.close();
    }
  });

  it("migrate an empty PostgreSQL all the way up, and are idempotent", async () => {
    const { url, drop } = await createPostgresDatabase();
    const handle = openDatabase(url);
    try {
      const applied = await migrateToLatest(handle.db);
      expect(applied).toEqual(Object.keys(migrations));
      expect(await migrateToLatest(handle.db)).toEqual([]);
      const rows = await sql<{ tablename: string }>`select tablename from pg_tables where schemaname = 'public'`.execute(handle.db);
      expect(rows.rows.map((r) => r.tablename)).toEqual(expect.arrayContaining(expectedTables));
    } finally {
      await handle.close();
      await drop();
    }
  });
});
