// Fedify 2.3's KvStore contract, run the same way against Fedify's own
// MemoryKvStore (the reference) and against our KyselyKvStore on SQLite and on
// PostgreSQL. Whatever Fedify may rely on is here; the last case is the way
// its circuit breaker uses the store (a closed circuit is a deleted key).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { CircuitBreaker, MemoryKvStore, type KvKey, type KvStore } from "@fedify/fedify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KyselyKvStore } from "../../../federation/stores/kysely-kv-store.ts";
import { openDatabase } from "../../../src/db/database.ts";
import { migrateToLatest } from "../../../src/db/migrate.ts";
import { freshPostgres } from "../../helpers/databases.ts";

interface OpenStore {
  readonly kv: Required<KvStore>;
  close(): Promise<void>;
}

async function sqliteStore(): Promise<OpenStore> {
  const dir = mkdtempSync(join(tmpdir(), "encommun-kv-contract-"));
  const handle = openDatabase(`sqlite:${join(dir, "kv.sqlite")}`);
  await migrateToLatest(handle.db);
  return {
    kv: new KyselyKvStore(handle),
    close: async () => {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresStore(): Promise<OpenStore> {
  const handle = await freshPostgres();
  return { kv: new KyselyKvStore(handle), close: () => handle.close() };
}

async function memoryStore(): Promise<OpenStore> {
  return { kv: new MemoryKvStore(), close: async () => {} };
}

/**
 * What list() yields, as sorted `key=value` lines. An entry whose value is
 * undefined is no entry: MemoryKvStore keeps an empty slot after a cas to
 * undefined (get and cas see nothing there), a database store deletes the row.
 */
async function listed(kv: KvStore, prefix?: KvKey): Promise<string[]> {
  const lines: string[] = [];
  for await (const { key, value } of kv.list(prefix)) {
    if (value !== undefined) lines.push(`${JSON.stringify(key)}=${JSON.stringify(value)}`);
  }
  return lines.sort();
}

const ms = (milliseconds: number) => Temporal.Duration.from({ milliseconds });

describe.each([
  ["Fedify's MemoryKvStore", memoryStore],
  ["KyselyKvStore on SQLite", sqliteStore],
  ["KyselyKvStore on PostgreSQL", postgresStore],
] as const)("the KvStore contract: %s", (_name, open) => {
  let store: OpenStore;
  let kv: Required<KvStore>;
  beforeEach(async () => {
    store = await open();
    kv = store.kv;
  });
  afterEach(async () => {
    await store.close();
  });

  it("gets what was set, for every kind of JSON value, and undefined for a missing key", async () => {
    expect(await kv.get(["missing"])).toBeUndefined();
    const values = { object: { n: 1, nested: { list: [1, "two", null, true] } }, array: [3, 2, 1], text: "é😀", zero: 0, no: false, nothing: null };
    for (const [name, value] of Object.entries(values)) await kv.set(["v", name], value);
    for (const [name, value] of Object.entries(values)) expect(await kv.get(["v", name])).toEqual(value);
  });

  it("overwrites, deletes, and deletes a missing key without complaint", async () => {
    await kv.set(["a"], 1);
    await kv.set(["a"], 2);
    expect(await kv.get(["a"])).toBe(2);
    await kv.delete(["a"]);
    expect(await kv.get(["a"])).toBeUndefined();
    await kv.delete(["never", "there"]);
    expect(await listed(kv)).toEqual([]);
  });

  it("treats setting undefined as removing the value", async () => {
    await kv.set(["a"], 1);
    await kv.set(["a"], undefined);
    expect(await kv.get(["a"])).toBeUndefined();
    expect(await listed(kv)).toEqual([]);
    expect(await kv.cas(["a"], undefined, 3)).toBe(true);
  });

  it("keys are whole arrays: a longer key is a different entry", async () => {
    await kv.set(["a"], "parent");
    await kv.set(["a", "b"], "child");
    await kv.delete(["a"]);
    expect(await kv.get(["a"])).toBeUndefined();
    expect(await kv.get(["a", "b"])).toBe("child");
  });

  it("forgets a value once its ttl has passed (get, list and cas alike), and a later set without ttl keeps it", async () => {
    await kv.set(["short"], 1, { ttl: ms(150) });
    await kv.set(["renewed"], 2, { ttl: ms(150) });
    await kv.set(["renewed"], 2);
    await kv.set(["long"], 3, { ttl: Temporal.Duration.from({ hours: 1 }) });
    expect(await kv.get(["short"])).toBe(1);
    await sleep(300);
    expect(await kv.get(["short"])).toBeUndefined();
    expect(await listed(kv)).toEqual(['["long"]=3', '["renewed"]=2'].sort());
    await kv.set(["gone"], "x", { ttl: ms(100) });
    await sleep(200);
    expect(await kv.cas(["gone"], "x", "y")).toBe(false);
    expect(await kv.cas(["gone"], undefined, "fresh")).toBe(true);
    expect(await kv.get(["gone"])).toBe("fresh");
  });

  it("lists everything, or the key equal to a prefix and the keys under it, not siblings that merely share text", async () => {
    await kv.set(["a"], 0);
    await kv.set(["a", "b"], 1);
    await kv.set(["a", "b", "c"], 2);
    await kv.set(["a", "bc"], 3);
    await kv.set(["ab"], 4);
    await kv.set(["a", "b%_"], 5);
    expect(await listed(kv, ["a", "b"])).toEqual(['["a","b","c"]=2', '["a","b"]=1'].sort());
    expect(await listed(kv, ["a"])).toEqual(['["a","b","c"]=2', '["a","b%_"]=5', '["a","bc"]=3', '["a","b"]=1', '["a"]=0'].sort());
    expect(await listed(kv, ["z"])).toEqual([]);
    expect(await listed(kv)).toHaveLength(6);
  });

  it("cas swaps only when the current value equals the expected one (deeply, in any key order)", async () => {
    await kv.set(["c"], { state: "closed", failures: ["t1"] });
    expect(await kv.cas(["c"], { state: "open", failures: ["t1"] }, "no")).toBe(false);
    expect(await kv.get(["c"])).toEqual({ state: "closed", failures: ["t1"] });
    expect(await kv.cas(["c"], { failures: ["t1"], state: "closed" }, { state: "open" })).toBe(true);
    expect(await kv.get(["c"])).toEqual({ state: "open" });
  });

  it("cas with undefined expected creates a missing key, and fails when the key exists", async () => {
    expect(await kv.cas(["new"], undefined, 1)).toBe(true);
    expect(await kv.get(["new"])).toBe(1);
    expect(await kv.cas(["new"], undefined, 2)).toBe(false);
    expect(await kv.get(["new"])).toBe(1);
  });

  it("cas to undefined deletes the key, after which it can be created again", async () => {
    await kv.set(["host"], { state: "half-open" });
    expect(await kv.cas(["host"], { state: "open" }, undefined)).toBe(false);
    expect(await kv.get(["host"])).toEqual({ state: "half-open" });
    expect(await kv.cas(["host"], { state: "half-open" }, undefined)).toBe(true);
    expect(await kv.get(["host"])).toBeUndefined();
    expect(await listed(kv)).toEqual([]);
    expect(await kv.cas(["host"], undefined, { state: "closed" })).toBe(true);
    expect(await kv.cas(["missing"], undefined, undefined)).toBe(true);
    expect(await kv.get(["missing"])).toBeUndefined();
  });

  it("cas with a ttl sets the expiry of the new value", async () => {
    await kv.set(["t"], 1);
    expect(await kv.cas(["t"], 1, 2, { ttl: ms(100) })).toBe(true);
    expect(await kv.get(["t"])).toBe(2);
    await sleep(200);
    expect(await kv.get(["t"])).toBeUndefined();
  });

  it("lets Fedify's circuit breaker open, probe and close a host's circuit", async () => {
    let now = Temporal.Instant.from("2026-12-03T12:00:00Z");
    const breaker = new CircuitBreaker({
      kv,
      prefix: ["_fedify", "circuit"],
      options: { failureThreshold: 2, failureWindow: { minutes: 1 }, recoveryDelay: { seconds: 30 } },
      now: () => now,
    });
    await breaker.recordFailure("peer.example");
    expect((await breaker.getState("peer.example"))?.state).toBe("closed");
    await breaker.recordFailure("peer.example");
    expect((await breaker.getState("peer.example"))?.state).toBe("open");
    expect((await breaker.beforeSend("peer.example", {})).type).toBe("hold");
    now = now.add({ seconds: 31 });
    expect(await breaker.beforeSend("peer.example", {})).toMatchObject({ type: "send", probe: true });
    expect((await breaker.getState("peer.example"))?.state).toBe("half-open");
    expect(await breaker.recordSuccess("peer.example")).toEqual({ previousState: "half-open", newState: "closed" });
    expect(await breaker.getState("peer.example")).toBeUndefined();
    expect(await breaker.beforeSend("peer.example", {})).toEqual({ type: "send", probe: false });
    await breaker.pendingSweep;
  });
});
