import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { KvKey, KvStoreListEntry } from "@fedify/fedify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KyselyKvStore, durationToMs } from "../../../federation/stores/kysely-kv-store.ts";
import { openDatabase, type DatabaseHandle } from "../../../src/db/database.ts";
import { migrateToLatest } from "../../../src/db/migrate.ts";
import { freshPostgres } from "../../helpers/databases.ts";

async function freshSqliteFile(): Promise<DatabaseHandle> {
  const dir = mkdtempSync(join(tmpdir(), "encommun-kv-"));
  const handle = openDatabase(`sqlite:${join(dir, "x.sqlite")}`);
  await migrateToLatest(handle.db);
  return { ...handle, close: async () => { await handle.close(); rmSync(dir, { recursive: true, force: true }); } };
}

async function collect(iterable: AsyncIterable<KvStoreListEntry>): Promise<string[]> {
  const keys: string[] = [];
  for await (const entry of iterable) keys.push(`${entry.key.join("/")}=${JSON.stringify(entry.value)}`);
  return keys.sort();
}

const seconds = (n: number) => Temporal.Duration.from({ milliseconds: n * 1000 });

describe.each([
  ["SQLite", freshSqliteFile],
  ["PostgreSQL", freshPostgres],
] as const)("KyselyKvStore on %s", (_name, open) => {
  let handle: DatabaseHandle;
  let kv: KyselyKvStore;
  beforeEach(async () => {
    handle = await open();
    kv = new KyselyKvStore(handle);
  });
  afterEach(async () => {
    await handle.close();
  });

  it("gets, sets, overwrites and deletes JSON values", async () => {
    expect(await kv.get(["a"])).toBeUndefined();
    await kv.set(["a"], { n: 1, list: [1, "two", null], nested: { ok: true } });
    expect(await kv.get(["a"])).toEqual({ n: 1, list: [1, "two", null], nested: { ok: true } });
    await kv.set(["a"], "replaced");
    expect(await kv.get(["a"])).toBe("replaced");
    await kv.set(["a", "b"], 0);
    expect(await kv.get(["a", "b"])).toBe(0);
    await kv.delete(["a"]);
    expect(await kv.get(["a"])).toBeUndefined();
    expect(await kv.get(["a", "b"])).toBe(0);
    await kv.delete(["missing"]);
  });

  it("treats expired entries as absent and removes them", async () => {
    await kv.set(["short"], 1, { ttl: seconds(0.3) });
    await kv.set(["long"], 2, { ttl: Temporal.Duration.from({ hours: 1 }) });
    await kv.set(["forever"], 3);
    expect(await kv.get(["short"])).toBe(1);
    await sleep(400);
    expect(await kv.get(["short"])).toBeUndefined();
    expect(await collect(kv.list())).toEqual(["forever=3", "long=2"]);
    const rows = await handle.db.selectFrom("fedify_kv").select("key").orderBy("key").execute();
    expect(rows.map((r) => r.key)).toEqual(['["forever"]', '["long"]']);
    // A set without ttl clears an earlier expiry.
    await kv.set(["long"], 4);
    const row = await handle.db.selectFrom("fedify_kv").select("expires_at").where("key", "=", '["long"]').executeTakeFirstOrThrow();
    expect(row.expires_at).toBeNull();
  });

  it("compares and swaps atomically", async () => {
    expect(await kv.cas(["c"], "nope", 1)).toBe(false);
    expect(await kv.get(["c"])).toBeUndefined();
    expect(await kv.cas(["c"], undefined, { a: 1, b: [1, 2] })).toBe(true);
    expect(await kv.cas(["c"], undefined, "again")).toBe(false);
    // Deep equality, whatever the key order of the expected object.
    expect(await kv.cas(["c"], { b: [1, 2], a: 1 }, 2)).toBe(true);
    expect(await kv.cas(["c"], { a: 1, b: [1, 2] }, 3)).toBe(false);
    expect(await kv.get(["c"])).toBe(2);
    // An expired value counts as absent.
    await kv.set(["e"], "old", { ttl: seconds(0.2) });
    await sleep(300);
    expect(await kv.cas(["e"], "old", "new")).toBe(false);
    expect(await kv.cas(["e"], undefined, "new", { ttl: Temporal.Duration.from({ hours: 1 }) })).toBe(true);
    expect(await kv.get(["e"])).toBe("new");
  });

  it("lets exactly one of many concurrent cas calls win", async () => {
    await kv.set(["counter"], 0);
    const stores = [kv, new KyselyKvStore(handle), new KyselyKvStore(handle)];
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => stores[i % 3]!.cas(["counter"], 0, i + 1)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true) + 1;
    expect(await kv.get(["counter"])).toBe(winner);
    const inserts = await Promise.all(Array.from({ length: 6 }, (_, i) => stores[i % 3]!.cas(["fresh"], undefined, i)));
    expect(inserts.filter(Boolean)).toHaveLength(1);
  });

  it("lists a prefix exactly: the key itself and keys under it, no wildcards, case-sensitive", async () => {
    const keys: KvKey[] = [
      ["p"], ["p", "a"], ["p", "a", "deep"], ["p", "A"], ["P", "a"], ["pp", "a"], ["p,", "x"],
      ["%"], ["%", "x"], ["%x", "y"], ["_", "x"], ["a", "x"], ["é", "😀"], ["é", "😀x"], ["e", "x"],
      ['q"', "x"], ["q\\", "x"],
    ];
    for (const [i, key] of keys.entries()) await kv.set(key, i);
    await kv.set(["p", "expired"], "gone", { ttl: seconds(0.2) });
    await sleep(300);
    expect(await collect(kv.list(["p"]))).toEqual(["p/A=3", "p/a/deep=2", "p/a=1", "p=0"]);
    expect(await collect(kv.list(["p", "a"]))).toEqual(["p/a/deep=2", "p/a=1"]);
    expect(await collect(kv.list(["P"]))).toEqual(["P/a=4"]);
    expect(await collect(kv.list(["%"]))).toEqual(["%/x=8", "%=7"]);
    expect(await collect(kv.list(["_"]))).toEqual(["_/x=10"]);
    expect(await collect(kv.list(["é"]))).toEqual(["é/😀=12", "é/😀x=13"]);
    expect(await collect(kv.list(["é", "😀"]))).toEqual(["é/😀=12"]);
    expect(await collect(kv.list(['q"']))).toEqual(['q"/x=15']);
    expect(await collect(kv.list(["q\\"]))).toEqual(["q\\/x=16"]);
    expect(await collect(kv.list(["nothing"]))).toEqual([]);
    expect(await collect(kv.list())).toHaveLength(keys.length);
    // list() also cleaned the expired entry under its prefix.
    const expired = await handle.db.selectFrom("fedify_kv").select("key").where("key", "=", '["p","expired"]').execute();
    expect(expired).toEqual([]);
  });
});

describe("durationToMs", () => {
  it("converts clock and calendar durations", () => {
    expect(durationToMs(Temporal.Duration.from({ minutes: 2, milliseconds: 5 }))).toBe(120_005);
    expect(durationToMs(Temporal.Duration.from({ days: 1 }))).toBe(86_400_000);
    expect(durationToMs(Temporal.Duration.from({ months: 1 }))).toBeGreaterThanOrEqual(28 * 86_400_000);
  });
});
