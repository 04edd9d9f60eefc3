import SqliteDatabase from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import { describe, expect, it } from "vitest";
import { withStatementCache } from "../../src/db/statement-cache.ts";

/** A better-sqlite3 database that counts how often SQL is compiled. */
function countingDatabase() {
  const sqlite = new SqliteDatabase(":memory:");
  const counter = { prepared: 0 };
  const prepare = sqlite.prepare.bind(sqlite);
  return {
    counter,
    database: {
      close: () => sqlite.close(),
      prepare: (text: string) => {
        counter.prepared++;
        return prepare(text);
      },
    },
  };
}

describe("the SQLite statement cache", () => {
  it("compiles each SQL text once, however many times Kysely runs it", async () => {
    const { counter, database } = countingDatabase();
    const db = new Kysely<{ t: { n: number } }>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
    await sql`create table t (n integer)`.execute(db);
    for (let n = 0; n < 50; n++) await db.insertInto("t").values({ n }).execute();
    for (let n = 0; n < 50; n++) expect(await db.selectFrom("t").select("n").where("n", "=", n).executeTakeFirst()).toEqual({ n });
    expect(counter.prepared).toBe(3);
    await db.destroy();
  });

  it("keeps only the most recently used statements", () => {
    const { counter, database } = countingDatabase();
    const cached = withStatementCache(database, 2);
    cached.prepare("select 1");
    cached.prepare("select 2");
    cached.prepare("select 1"); // now the most recent
    cached.prepare("select 3"); // evicts "select 2"
    expect(counter.prepared).toBe(3);
    cached.prepare("select 1");
    cached.prepare("select 3");
    expect(counter.prepared).toBe(3);
    cached.prepare("select 2");
    expect(counter.prepared).toBe(4);
    cached.close();
  });
});
