// At-least-once across processes: a worker killed mid-handler loses nothing,
// and PostgreSQL listeners in other processes are woken by NOTIFY, also after
// their LISTEN connection was dropped.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { KyselyMessageQueue } from "../../../federation/stores/kysely-message-queue.ts";
import { NOTIFIER_APPLICATION_NAME } from "../../../federation/stores/postgres-notifier.ts";
import { openDatabase, type DatabaseHandle } from "../../../src/db/database.ts";
import { migrateToLatest } from "../../../src/db/migrate.ts";
import { createPostgresDatabase } from "../../helpers/databases.ts";

const WORKER = join(import.meta.dirname, "queue-worker-process.ts");
const LEASE_MS = 1_000;

async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (!(await predicate())) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms`);
    await sleep(20);
  }
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function sqliteUrl(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "encommun-crash-"));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  return `sqlite:${join(dir, "x.sqlite")}`;
}

async function postgresUrl(): Promise<string> {
  const { url, drop } = await createPostgresDatabase();
  cleanups.push(drop);
  return url;
}

async function openMigrated(url: string): Promise<DatabaseHandle> {
  const handle = openDatabase(url);
  cleanups.push(() => handle.close());
  await migrateToLatest(handle.db);
  return handle;
}

function listenFor(queue: KyselyMessageQueue): { received: unknown[]; stop: () => Promise<void> } {
  const controller = new AbortController();
  const received: unknown[] = [];
  const listening = queue.listen((message) => void received.push(message), { signal: controller.signal });
  const stop = async () => {
    controller.abort();
    await listening;
  };
  cleanups.push(stop);
  return { received, stop };
}

describe.each([
  ["SQLite", sqliteUrl],
  ["PostgreSQL", postgresUrl],
] as const)("KyselyMessageQueue crash recovery on %s", (_name, createUrl) => {
  it("redelivers a message whose worker process was killed mid-handler, and not before", async () => {
    const handle = await openMigrated(await createUrl());
    const queue = new KyselyMessageQueue(handle, { leaseMs: LEASE_MS, pollIntervalMs: 100 });
    await queue.enqueue({ activity: "Create", n: 1 });

    const child: ChildProcess = spawn(process.execPath, [WORKER, handle.url, String(LEASE_MS)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = once(child, "exit");
    cleanups.push(async () => {
      if (child.exitCode == null && child.signalCode == null) child.kill("SIGKILL");
      await exited;
    });
    const lines = createInterface({ input: child.stdout! });
    const [line] = (await once(lines, "line")) as [string];
    expect(line).toBe('claimed {"activity":"Create","n":1}');

    // While the worker lives it renews its lease: nobody else gets the message.
    const { received, stop } = listenFor(queue);
    await sleep(3 * LEASE_MS);
    expect(received).toEqual([]);
    expect(await queue.getDepth()).toEqual({ queued: 0, ready: 0, delayed: 0 });

    child.kill("SIGKILL");
    await exited;
    await waitFor(() => received.length > 0, 5 * LEASE_MS);
    expect(received).toEqual([{ activity: "Create", n: 1 }]);
    await stop();
    const rows = await handle.db.selectFrom("fedify_queue").selectAll().execute();
    expect(rows).toEqual([]);
  });
});

describe("KyselyMessageQueue NOTIFY on PostgreSQL", () => {
  it("wakes a listener of another connection at once, also after its LISTEN connection dropped", async () => {
    const url = await postgresUrl();
    const producer = await openMigrated(url);
    const consumer = openDatabase(url);
    cleanups.push(() => consumer.close());
    // No in-process wake-up is shared between the two handles, and polling is
    // too slow to pass: only NOTIFY can deliver within the deadline.
    const slowPoll = { pollIntervalMs: 60_000 };
    const { received } = listenFor(new KyselyMessageQueue(consumer, slowPoll));
    const producerQueue = new KyselyMessageQueue(producer, slowPoll);
    const listenerPids = async () =>
      (await sql<{ pid: number }>`select pid from pg_stat_activity
        where application_name = ${NOTIFIER_APPLICATION_NAME} and datname = current_database()`.execute(producer.db)).rows.map((r) => r.pid);
    await waitFor(async () => (await listenerPids()).length === 1, 30_000);

    await producerQueue.enqueue("first");
    // 20 s: a third of the poll interval, so only NOTIFY can have delivered it, with room for a busy machine.
    await waitFor(() => received.length === 1, 20_000);

    const [oldPid] = await listenerPids();
    await sql`select pg_terminate_backend(${oldPid})`.execute(producer.db);
    await waitFor(async () => {
      const pids = await listenerPids();
      return pids.length === 1 && pids[0] !== oldPid;
    }, 30_000);
    await sleep(200); // past the catch-up wake that follows a reconnection
    await producerQueue.enqueue("second");
    await waitFor(() => received.length === 2, 20_000);
    expect(received).toEqual(["first", "second"]);
  });
});
