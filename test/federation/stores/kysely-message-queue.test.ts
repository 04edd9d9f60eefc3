import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { testMessageQueue } from "@fedify/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KyselyMessageQueue } from "../../../federation/stores/kysely-message-queue.ts";
import { openDatabase, type DatabaseHandle } from "../../../src/db/database.ts";
import { migrateToLatest } from "../../../src/db/migrate.ts";
import { createPostgresDatabase } from "../../helpers/databases.ts";

/** A migrated database on disk (SQLite file or throwaway PostgreSQL database) that several handles can open. */
interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

async function sqliteFile(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), "encommun-mq-"));
  const url = `sqlite:${join(dir, "x.sqlite")}`;
  const handle = openDatabase(url);
  await migrateToLatest(handle.db);
  await handle.close();
  return { url, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function postgresDatabase(): Promise<TestDatabase> {
  const database = await createPostgresDatabase();
  const handle = openDatabase(database.url);
  await migrateToLatest(handle.db);
  await handle.close();
  return database;
}

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms`);
    await sleep(20);
  }
}

describe.each([
  ["SQLite", sqliteFile],
  ["PostgreSQL", postgresDatabase],
] as const)("KyselyMessageQueue on %s", (_name, create) => {
  let database: TestDatabase;
  let handles: DatabaseHandle[];
  let controller: AbortController;
  const open = () => {
    const handle = openDatabase(database.url);
    handles.push(handle);
    return handle;
  };
  beforeEach(async () => {
    database = await create();
    handles = [];
    controller = new AbortController();
  });
  afterEach(async () => {
    controller.abort();
    for (const handle of handles) await handle.close();
    await database.drop();
  });

  it("passes Fedify's conformance suite, with ordering keys, across two connections", async () => {
    // Two handles: the second queue is only woken by polling (SQLite) or NOTIFY (PostgreSQL).
    const queues = [open(), open()].map((h) => new KyselyMessageQueue(h, { pollIntervalMs: 500 }));
    let next = 0;
    await testMessageQueue(() => queues[next++]!, ({ controller }) => controller.abort(), { testOrderingKey: true });
    expect(next).toBe(2);
    expect(await queues[0]!.getDepth()).toEqual({ queued: 0, ready: 0, delayed: 0 });
  }, 90_000);

  it("counts queued, ready and delayed messages, excluding those being handled", async () => {
    const queue = new KyselyMessageQueue(open(), { concurrency: 1 });
    expect(await queue.getDepth()).toEqual({ queued: 0, ready: 0, delayed: 0 });
    await queue.enqueueMany(["a", "b"]);
    await queue.enqueue("later", { delay: Temporal.Duration.from({ hours: 1 }) });
    expect(await queue.getDepth()).toEqual({ queued: 3, ready: 2, delayed: 1 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handled: unknown[] = [];
    const listening = queue.listen(async (message) => {
      handled.push(message);
      await gate;
    }, { signal: controller.signal });
    await waitFor(() => handled.length === 1, 30_000);
    expect(await queue.getDepth()).toEqual({ queued: 2, ready: 1, delayed: 1 });
    release();
    await waitFor(() => handled.length === 2, 30_000);
    controller.abort();
    await listening;
    expect(handled).toEqual(["a", "b"]);
    expect(await queue.getDepth()).toEqual({ queued: 1, ready: 0, delayed: 1 });
  });

  it("enqueues a batch larger than the bound-parameter limits, in order under one key", async () => {
    const handle = open();
    const queue = new KyselyMessageQueue(handle);
    const batch = Array.from({ length: 6_000 }, (_, i) => i);
    await queue.enqueueMany(batch, { orderingKey: "fan-out" });
    expect(await queue.getDepth()).toEqual({ queued: 6_000, ready: 6_000, delayed: 0 });
    const rows = await handle.db.selectFrom("fedify_queue").select("message").orderBy("id").execute();
    expect(rows.map((r) => JSON.parse(r.message))).toEqual(batch);
  });

  it("hands a message whose handler threw to a listener again, after a backoff", async () => {
    const queue = new KyselyMessageQueue(open(), { retryBackoffMs: 300 });
    const deliveries: { message: unknown; at: number }[] = [];
    const listening = queue.listen((message) => {
      deliveries.push({ message, at: Date.now() });
      if (deliveries.length === 1) throw new Error("transient failure");
    }, { signal: controller.signal });
    await queue.enqueue({ id: 1 });
    await waitFor(() => deliveries.length === 2, 30_000);
    expect(deliveries.map((d) => d.message)).toEqual([{ id: 1 }, { id: 1 }]);
    expect(deliveries[1]!.at - deliveries[0]!.at).toBeGreaterThanOrEqual(300);
    controller.abort();
    await listening;
    expect(await queue.getDepth()).toEqual({ queued: 0, ready: 0, delayed: 0 });
  });

  it("holds later messages of a key while an earlier one is retried, but not other keys", async () => {
    const queue = new KyselyMessageQueue(open(), { retryBackoffMs: 500 });
    const seen: string[] = [];
    let failures = 0;
    const listening = queue.listen((message: string) => {
      seen.push(message);
      if (message === "k1" && failures++ === 0) throw new Error("first try fails");
    }, { signal: controller.signal });
    await queue.enqueue("k1", { orderingKey: "k" });
    await queue.enqueue("k2", { orderingKey: "k" });
    await queue.enqueue("other", { orderingKey: "j" });
    await queue.enqueue("free");
    await waitFor(() => seen.length === 5, 30_000);
    expect(seen.slice(0, 1)).toEqual(["k1"]);
    expect(seen.indexOf("k2")).toBe(4);
    expect(seen.indexOf("k1", 1)).toBe(3);
    expect(new Set(seen.slice(1, 3))).toEqual(new Set(["other", "free"]));
    controller.abort();
    await listening;
  });

  it("keeps a message's place when its handler enqueues it again (Fedify's retries and holds), ahead of later ones under its key", async () => {
    const queue = new KyselyMessageQueue(open());
    const seen: string[] = [];
    const listening = queue.listen(async (message: { id: string; attempt: number }) => {
      seen.push(`${message.id}#${message.attempt}`);
      // As Fedify retries a delivery: enqueue the same message again, later, under its key, and return.
      if (message.id === "create" && message.attempt < 2) {
        await queue.enqueue({ ...message, attempt: message.attempt + 1 }, { orderingKey: "note\nhttps://peer", delay: Temporal.Duration.from({ milliseconds: 300 }) });
      }
    }, { signal: controller.signal });
    await queue.enqueue({ id: "create", attempt: 0 }, { orderingKey: "note\nhttps://peer" });
    await queue.enqueue({ id: "update", attempt: 0 }, { orderingKey: "note\nhttps://peer" });
    await queue.enqueue({ id: "delete", attempt: 0 }, { orderingKey: "note\nhttps://peer" });
    await waitFor(() => seen.length === 5, 30_000);
    expect(seen).toEqual(["create#0", "create#1", "create#2", "update#0", "delete#0"]);
    controller.abort();
    await listening;
    expect(await queue.getDepth()).toEqual({ queued: 0, ready: 0, delayed: 0 });
  });

  it("runs a bounded number of handlers at once per listener", async () => {
    const queue = new KyselyMessageQueue(open(), { concurrency: 2 });
    let active = 0;
    let maxActive = 0;
    let done = 0;
    const listening = queue.listen(async () => {
      maxActive = Math.max(maxActive, ++active);
      await sleep(150);
      active--;
      done++;
    }, { signal: controller.signal });
    await queue.enqueueMany([1, 2, 3, 4, 5]);
    await waitFor(() => done === 5, 30_000);
    expect(maxActive).toBe(2);
    controller.abort();
    await listening;
  });

  it("enqueues within a transaction: the message exists only if the transaction commits", async () => {
    const writer = open();
    const queue = new KyselyMessageQueue(writer);
    // A listener on another connection, as a worker process would have.
    const worker = new KyselyMessageQueue(open(), { pollIntervalMs: 200 });
    const handled: unknown[] = [];
    const listening = worker.listen((message) => {
      handled.push(message);
    }, { signal: controller.signal });
    await expect(
      writer.db.transaction().execute(async (tx) => {
        await queue.enqueueWithin(tx, { change: "rolled back" }, { orderingKey: "k" });
        expect(await worker.getDepth()).toEqual({ queued: 0, ready: 0, delayed: 0 }); // not visible outside yet
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    await writer.db.transaction().execute(async (tx) => {
      await queue.enqueueWithin(tx, { change: "committed" }, { orderingKey: "k" });
    });
    await waitFor(() => handled.length === 1, 30_000);
    await sleep(300);
    expect(handled).toEqual([{ change: "committed" }]);
    controller.abort();
    await listening;
    expect(await queue.getDepth()).toEqual({ queued: 0, ready: 0, delayed: 0 });
  });

  it("resolves listen() on abort, waiting for a running handler, and never rejects", async () => {
    const queue = new KyselyMessageQueue(open());
    let finished = false;
    let started = false;
    const listening = queue.listen(async () => {
      started = true;
      await sleep(200);
      finished = true;
    }, { signal: controller.signal });
    await queue.enqueue("slow");
    await waitFor(() => started, 30_000);
    controller.abort();
    await expect(listening).resolves.toBeUndefined();
    expect(finished).toBe(true);
    expect(await queue.getDepth()).toEqual({ queued: 0, ready: 0, delayed: 0 });
    const aborted = new AbortController();
    aborted.abort();
    await expect(queue.listen(() => {}, { signal: aborted.signal })).resolves.toBeUndefined();
  });

  it("keeps a host to its share of deliveries in flight, across listeners, and serves other hosts meanwhile", async () => {
    // Two listeners on two connections, as two worker processes: the share is counted in the table.
    const queues = [open(), open()].map((h) => new KyselyMessageQueue(h, { concurrency: 2, deliveriesPerHost: 1, pollIntervalMs: 100 }));
    const delivery = (host: string, n: number) => ({ type: "outbox", inbox: `https://${host}/inbox`, n });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let hungInFlight = 0;
    let hungMost = 0;
    const handled: number[] = [];
    const handler = async (message: { inbox: string; n: number }) => {
      if (message.inbox.startsWith("https://hung.example/")) {
        hungMost = Math.max(hungMost, ++hungInFlight);
        await gate; // a server that does not answer
        hungInFlight--;
      }
      handled.push(message.n);
    };
    const listening = queues.map((queue) => queue.listen(handler, { signal: controller.signal }));
    await queues[0]!.enqueueMany([1, 2, 3, 4].map((n) => delivery("hung.example", n)));
    await queues[0]!.enqueue(delivery("healthy.example", 5));
    await waitFor(() => handled.includes(5), 30_000);
    expect(hungInFlight).toBe(1);
    release();
    await waitFor(() => handled.length === 5, 30_000);
    expect(hungMost).toBe(1);
    controller.abort();
    await Promise.all(listening);
  });

  it("frees the worker of a handler that never settles, and hands its message out again once the lease expires", async () => {
    const queue = new KyselyMessageQueue(open(), { concurrency: 1, handlerTimeoutMs: 300, leaseMs: 600, pollIntervalMs: 100 });
    const calls: { message: string; attempt: number }[] = [];
    const listening = queue.listen((message: string, { attempt }) => {
      calls.push({ message, attempt });
      if (message === "stuck" && attempt === 1) return new Promise<void>(() => {}); // never settles
    }, { signal: controller.signal });
    await queue.enqueue("stuck");
    await queue.enqueue("next");
    await waitFor(() => calls.some((c) => c.message === "stuck" && c.attempt === 2), 30_000);
    expect(calls.slice(0, 2).map((c) => c.message)).toEqual(["stuck", "next"]);
    controller.abort();
    await listening;
    expect(await queue.getDepth()).toEqual({ queued: 0, ready: 0, delayed: 0 });
  });
});
