// The transactional outbox: a change and its intent commit together, on the
// persistent queue, and a worker turns the intent into activities later. Run
// through the real federation runtime on both databases, with no worker until
// the test starts one (as a web process without workers would be).
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IntentQueue, MAX_INTENT_ATTEMPTS } from "../../federation/outbox/intent-queue.ts";
import { createFederationRuntime } from "../../federation/runtime.ts";
import { KyselyMessageQueue } from "../../federation/stores/kysely-message-queue.ts";
import { loadConfig, type Config } from "../../src/config/config.ts";
import { openDatabase, type DatabaseHandle } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { createUser } from "../../src/domain/accounts.ts";
import { EMPTY_PROFILE, ensureInstanceActor, upsertRemoteActor } from "../../src/domain/actors.ts";
import { recordFollow } from "../../src/domain/follows.ts";
import type { OutboundIntent } from "../../src/domain/intents.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import type { FederationRuntime } from "../../src/runtime.ts";
import { createPostgresDatabase } from "../helpers/databases.ts";

async function sqlite() {
  return { handle: openDatabase("sqlite::memory:"), drop: async () => {} };
}

async function postgres() {
  const { url, drop } = await createPostgresDatabase();
  return { handle: openDatabase(url), drop };
}

describe.each([
  ["SQLite", sqlite],
  ["PostgreSQL", postgres],
] as const)("outbox intents on %s", (_name, create) => {
  let database: DatabaseHandle;
  let drop: () => Promise<void>;
  let runtime: FederationRuntime;
  let config: Config;
  let worker: AbortController;

  beforeEach(async () => {
    worker = new AbortController();
    const result = loadConfig({ PUBLIC_URL: "https://laurentides.example" });
    if (!result.ok) throw new Error(result.problems.join());
    config = result.config;
    ({ handle: database, drop } = await create());
    await migrateToLatest(database.db);
    runtime = await createFederationRuntime(config, database);
    await ensureInstanceActor(database.db, config.publicUrl, config.instance.name);
  });

  afterEach(async () => {
    worker.abort();
    await runtime.close();
    await database.close();
    await drop();
  });

  async function queued(): Promise<Record<string, unknown>[]> {
    const rows = await database.db.selectFrom("fedify_queue").select("message").orderBy("id").execute();
    return rows.map((row) => JSON.parse(row.message) as Record<string, unknown>);
  }

  it("records a note's publication with the note, and a worker turns it into the Create for a remote follower", async () => {
    const { actor: alice } = await createUser(database.db, config.publicUrl, { handle: "alice", password: "un-mot-de-passe-solide", isAdmin: false });
    const bob = await upsertRemoteActor(database.db, {
      uri: "https://ailleurs.example/users/bob",
      type: "Person",
      username: "bob",
      domain: "ailleurs.example",
      name: null,
      summary: null,
      iconUrl: null,
      url: null,
      inboxUrl: "https://ailleurs.example/users/bob/inbox",
      sharedInboxUrl: null,
      outboxUrl: null,
      followersUrl: null,
      followingUrl: null,
      manuallyApprovesFollowers: false,
      fields: EMPTY_PROFILE,
    });
    await recordFollow(database.db, config.publicUrl, bob, alice, { activityUri: `${bob.uri}#follow`, accepted: true });

    const { note } = await createNote(runtime.services, alice, { title: "Semis d'automne", content: "Quoi semer en octobre?" });
    // Nothing is translated yet: the queue holds the intent, committed with the note.
    expect(await queued()).toEqual([{ type: "encommun:intent", intent: { type: "note-published", noteId: note.id } }]);

    const working = runtime.startWorker(worker.signal);
    let messages: Record<string, unknown>[] = [];
    for (let tries = 0; tries < 100; tries++) {
      messages = await queued();
      if (messages.some((m) => m.activityId === `${note.uri}#create`)) break;
      await sleep(100);
    }
    // The intent is gone; in its place, the delivery of the Create to bob's inbox (his server does not exist: it waits for a retry).
    expect(messages.some((m) => m.type === "encommun:intent")).toBe(false);
    expect(messages).toContainEqual(expect.objectContaining({ type: "outbox", activityId: `${note.uri}#create`, inbox: bob.inbox_url }));
    worker.abort();
    await working;
  });

  it("drops the intent with the change when the change's transaction rolls back", async () => {
    const { actor: alice } = await createUser(database.db, config.publicUrl, { handle: "alice", password: "un-mot-de-passe-solide", isAdmin: false });
    await expect(
      database.db.transaction().execute(async (tx) => {
        await tx.updateTable("actors").set({ name: "Alice Tremblay" }).where("id", "=", alice.id).execute();
        await runtime.services.outbox.send({ type: "profile-updated", actorId: alice.id }, tx);
        throw new Error("the change failed after its intent was recorded");
      }),
    ).rejects.toThrow("the change failed");
    expect(await queued()).toEqual([]);
    await runtime.services.outbox.send({ type: "profile-updated", actorId: alice.id });
    expect(await queued()).toEqual([{ type: "encommun:intent", intent: { type: "profile-updated", actorId: alice.id } }]);
  });

  it("gives up, loudly, on an intent that keeps failing, so the ones after it are sent", async () => {
    const store = new KyselyMessageQueue(database, { retryBackoffMs: 5, pollIntervalMs: 50 });
    const queue = new IntentQueue(store, store);
    const attempts: string[] = [];
    queue.handleIntentsWith(async (intent: OutboundIntent) => {
      attempts.push(intent.type);
      if (intent.type === "profile-updated") throw new Error("a translation bug");
    });
    await queue.enqueueIntent({ type: "profile-updated", actorId: "x" });
    await queue.enqueueIntent({ type: "note-published", noteId: "y" });
    const listening = queue.listen(() => {}, { signal: worker.signal });
    for (let tries = 0; tries < 100 && !attempts.includes("note-published"); tries++) await sleep(50);
    worker.abort();
    await listening;
    // Same ordering key: the second waited for the first to be given up.
    expect(attempts).toEqual([...Array(MAX_INTENT_ATTEMPTS).fill("profile-updated"), "note-published"]);
    expect(await queued()).toEqual([]);
  });
});
