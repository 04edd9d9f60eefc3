import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { sql, type Kysely } from "kysely";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DatabaseBusyError } from "../../src/db/busy.ts";
import { openDatabase, type DatabaseHandle } from "../../src/db/database.ts";

// Another process (the CLI, a backup, a second server) may hold the SQLite
// file's write lock. Waiting for it must not stop the event loop, reads must
// go on meanwhile, and a wait that lasts too long ends in DatabaseBusyError.
describe("SQLite locked by another process", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function sharedFile(busyTimeoutMs: number): Promise<{ ours: DatabaseHandle; other: SqliteDatabase.Database }> {
    const dir = mkdtempSync(join(tmpdir(), "encommun-busy-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, "shared.sqlite");
    const ours = openDatabase(`sqlite:${path}`, { busyTimeoutMs });
    cleanups.push(() => ours.close());
    await sql`create table entries (who text not null)`.execute(ours.db);
    await ours.db.insertInto("entries" as never).values({ who: "before" } as never).execute();
    // The other process: a plain connection that never waits.
    const other = new SqliteDatabase(path);
    cleanups.push(() => {
      if (other.inTransaction) other.exec("rollback");
      other.close();
    });
    return { ours, other };
  }

  const entries = async (db: Kysely<any>) => (await sql<{ who: string }>`select who from entries order by rowid`.execute(db)).rows.map((r) => r.who);
  const insert = (db: Kysely<any>, who: string) => db.insertInto("entries").values({ who }).execute();

  it("keeps reading and keeps the event loop turning while a write waits, and the write goes through once the lock is released", async () => {
    const { ours, other } = await sharedFile(30_000);
    other.exec("begin immediate");
    other.exec("insert into entries (who) values ('other')");

    const events: string[] = [];
    const write = insert(ours.db, "ours").then(() => events.push("write"));
    const transaction = ours.db
      .transaction()
      .execute((tx) => insert(tx, "ours in a transaction"))
      .then(() => events.push("transaction"));
    // Both wait for the lock; meanwhile a read answers, with the last commit.
    expect(await entries(ours.db)).toEqual(["before"]);
    events.push("read");
    await new Promise((resolve) => setTimeout(resolve, 20));
    events.push("timer");
    expect(events).toEqual(["read", "timer"]);

    other.exec("commit");
    await Promise.all([write, transaction]);
    expect(events).toEqual(["read", "timer", "write", "transaction"]);
    expect(await entries(ours.db)).toEqual(["before", "other", "ours", "ours in a transaction"]);
  });

  it("gives up past the busy timeout with DatabaseBusyError, having changed nothing, and writes again once the lock is released", async () => {
    const { ours, other } = await sharedFile(150);
    other.exec("begin immediate");

    await expect(insert(ours.db, "plain")).rejects.toBeInstanceOf(DatabaseBusyError);
    await expect(sql`update entries set who = 'raw' returning who`.execute(ours.db)).rejects.toBeInstanceOf(DatabaseBusyError);
    let ran = false;
    await expect(
      ours.db.transaction().execute(async (tx) => {
        ran = true;
        await insert(tx, "transaction");
      }),
    ).rejects.toBeInstanceOf(DatabaseBusyError);
    expect(ran).toBe(false);
    expect(await entries(ours.db)).toEqual(["before"]);

    other.exec("rollback");
    await insert(ours.db, "after");
    await ours.db.transaction().execute((tx) => insert(tx, "after, in a transaction"));
    expect(await entries(ours.db)).toEqual(["before", "after", "after, in a transaction"]);
  });

  it("reads the last commit while one of our own transactions is open, instead of waiting for it", async () => {
    const { ours } = await sharedFile(5_000);
    let inserted = false;
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const transaction = ours.db.transaction().execute(async (tx) => {
      await insert(tx, "uncommitted");
      inserted = true;
      await finished;
    });
    await vi.waitFor(() => expect(inserted).toBe(true));

    const stuck = new Promise<"stuck">((resolve) => setTimeout(() => resolve("stuck"), 5_000));
    expect(await Promise.race([entries(ours.db), stuck])).toEqual(["before"]);
    finish();
    await transaction;
    expect(await entries(ours.db)).toEqual(["before", "uncommitted"]);
  });

  it("in memory (one connection), a read still waits for an open transaction rather than see its uncommitted rows", async () => {
    const memory = openDatabase("sqlite::memory:");
    cleanups.push(() => memory.close());
    await sql`create table entries (who text not null)`.execute(memory.db);
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    let inserted = false;
    const transaction = memory.db.transaction().execute(async (tx) => {
      await insert(tx, "uncommitted");
      inserted = true;
      await finished;
    });
    await vi.waitFor(() => expect(inserted).toBe(true));
    const read = entries(memory.db);
    await new Promise((resolve) => setTimeout(resolve, 20));
    finish();
    await transaction;
    expect(await read).toEqual(["uncommitted"]);
  });
});
