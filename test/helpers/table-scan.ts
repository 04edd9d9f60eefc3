// A database-wide search for a string: every row of every table, as text
// (what "in no database row" means in the privacy tests).
import { sql, type Kysely } from "kysely";
import type { Database } from "../../src/db/schema.ts";

/** Every row of every table, as text: a database-wide search for a string. */
export async function tablesContaining(db: Kysely<Database>, dialect: string, needle: string): Promise<string[]> {
  const tables =
    dialect === "postgres"
      ? (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public'`.execute(db)).rows
      : (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)).rows;
  const found: string[] = [];
  for (const { name } of tables) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db)).rows;
    if (rows.some((row) => JSON.stringify(row).includes(needle))) found.push(name);
  }
  return found;
}
