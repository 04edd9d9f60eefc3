import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.ts";

// A running server and the CLI share one SQLite file. A transaction that reads
// before it writes must not lose its write to the other process's commit.
describe("SQLite transactions shared with another process", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("hold the write lock from their first statement, so a read-then-write transaction commits", async () => {
    const dir = mkdtempSync(join(tmpdir(), "encommun-sqlite-"));
    dirs.push(dir);
    const path = join(dir, "shared.sqlite");
    const ours = openDatabase(`sqlite:${path}`);
    const other = new SqliteDatabase(path);
    other.pragma("busy_timeout = 50");
    try {
      await sql`create table entries (who text not null)`.execute(ours.db);
      let otherWriteDuringOurs: "written" | "waited for us" = "written";
      await ours.db.transaction().execute(async (tx) => {
        await sql`select count(*) from entries`.execute(tx);
        try {
          other.prepare("insert into entries (who) values ('other')").run();
        } catch (error) {
          expect((error as { code?: string }).code).toBe("SQLITE_BUSY");
          otherWriteDuringOurs = "waited for us";
        }
        await sql`insert into entries (who) values ('ours')`.execute(tx);
      });
      expect(otherWriteDuringOurs).toBe("waited for us");
      other.prepare("insert into entries (who) values ('other')").run();
      const rows = await sql<{ who: string }>`select who from entries order by rowid`.execute(ours.db);
      expect(rows.rows.map((row) => row.who)).toEqual(["ours", "other"]);
    } finally {
      other.close();
      await ours.close();
    }
  });
});
