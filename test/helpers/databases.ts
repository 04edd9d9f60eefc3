// Fresh, fully migrated databases for tests: in-memory SQLite, or a
// throwaway PostgreSQL database on the local server (dropped afterwards).
import pg from "pg";
import { openDatabase, type DatabaseHandle } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { newId } from "../../src/domain/ids.ts";

/** The local PostgreSQL used by tests and CI (trust auth); override with TEST_DATABASE_URL. */
export const POSTGRES_ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export async function freshSqlite(): Promise<DatabaseHandle> {
  const handle = openDatabase("sqlite::memory:");
  await migrateToLatest(handle.db);
  return handle;
}

/** Creates an empty PostgreSQL database and returns its URL and a function that drops it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `encommun_test_${newId()}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A migrated throwaway PostgreSQL database; `close` also drops it. */
export async function freshPostgres(): Promise<DatabaseHandle> {
  const { url, drop } = await createPostgresDatabase();
  const handle = openDatabase(url);
  await migrateToLatest(handle.db);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await drop();
    },
  };
}
