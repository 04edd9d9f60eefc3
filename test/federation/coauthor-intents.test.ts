// What leaves the instance for a note that names a co-author, through the
// real federation runtime and its persistent queue: nothing in bob's name (no
// signature with his key, no delivery to his followers) until he accepts;
// then an Update to everyone, and a Create signed by bob for his followers.
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFederationRuntime } from "../../federation/runtime.ts";
import { loadConfig, type Config } from "../../src/config/config.ts";
import { openDatabase, type DatabaseHandle } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { createUser } from "../../src/domain/accounts.ts";
import { EMPTY_PROFILE, ensureInstanceActor, upsertRemoteActor, type ActorRow } from "../../src/domain/actors.ts";
import { answerCoauthorship, pendingCoauthorships } from "../../src/domain/coauthors.ts";
import { recordFollow } from "../../src/domain/follows.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import type { FederationRuntime } from "../../src/runtime.ts";

interface Delivery {
  type: string;
  activityId?: string;
  inbox?: string;
  keys?: { keyId: string }[];
  activity?: { actor?: string; attributedTo?: unknown; object?: { attributedTo?: unknown } };
}

const unique = <T>(items: T[]): T[] => [...new Set(items)];

describe("co-authors on the way out", () => {
  let database: DatabaseHandle;
  let runtime: FederationRuntime;
  let config: Config;
  let worker: AbortController;

  beforeEach(async () => {
    worker = new AbortController();
    const result = loadConfig({ PUBLIC_URL: "https://laurentides.example" });
    if (!result.ok) throw new Error(result.problems.join());
    config = result.config;
    database = openDatabase("sqlite::memory:");
    await migrateToLatest(database.db);
    runtime = await createFederationRuntime(config, database);
    await ensureInstanceActor(database.db, config.publicUrl, config.instance.name);
  });

  afterEach(async () => {
    worker.abort();
    await runtime.close();
    await database.close();
  });

  async function deliveries(): Promise<Delivery[]> {
    const rows = await database.db.selectFrom("fedify_queue").select("message").orderBy("id").execute();
    return rows.map((row) => JSON.parse(row.message) as Delivery).filter((m) => m.type === "outbox");
  }

  /** Waits until `done` holds of the deliveries queued (to servers that do not exist: they wait for a retry). */
  async function queuedWhen(done: (messages: Delivery[]) => boolean): Promise<Delivery[]> {
    let messages: Delivery[] = [];
    for (let tries = 0; tries < 300; tries++) {
      messages = await deliveries();
      if (done(messages)) break;
      await sleep(100);
    }
    return messages;
  }

  function remoteFollower(name: string): Promise<ActorRow> {
    return upsertRemoteActor(database.db, {
      uri: `https://${name}.example/users/${name}`,
      type: "Person",
      username: name,
      domain: `${name}.example`,
      name: null,
      summary: null,
      iconUrl: null,
      url: null,
      inboxUrl: `https://${name}.example/users/${name}/inbox`,
      sharedInboxUrl: null,
      outboxUrl: null,
      followersUrl: null,
      followingUrl: null,
      manuallyApprovesFollowers: false,
      fields: EMPTY_PROFILE,
    });
  }

  it("signs and delivers as the writer only, then federates the co-author's consent", async () => {
    const user = (handle: string) => createUser(database.db, config.publicUrl, { handle, password: "un-mot-de-passe-solide", isAdmin: false });
    const { actor: alice } = await user("alice");
    const { actor: bob } = await user("bob");
    const friend = await remoteFollower("ami");
    const fan = await remoteFollower("fan");
    await recordFollow(database.db, config.publicUrl, friend, alice, { activityUri: `${friend.uri}#follow`, accepted: true });
    await recordFollow(database.db, config.publicUrl, fan, bob, { activityUri: `${fan.uri}#follow`, accepted: true });

    const { note } = await createNote(runtime.services, alice, { title: "À deux", content: "x", authors: ["@alice@laurentides.example", "@bob@laurentides.example"] });
    const working = runtime.startWorker(worker.signal);
    const published = await queuedWhen((m) => m.some((d) => d.activityId === `${note.uri}#create`));
    // (A failed delivery may be queued again for its retry: the same pair, counted once.)
    expect(unique(published.map((d) => `${d.activityId} → ${d.inbox}`))).toEqual([`${note.uri}#create → ${friend.inbox_url}`]);
    const create = published[0]!;
    expect(create.keys?.every((k) => k.keyId.startsWith(alice.uri))).toBe(true);
    expect(create.activity?.actor).toBe(alice.uri);
    expect(JSON.stringify(create.activity)).not.toContain(bob.uri);

    const [invitation] = await pendingCoauthorships(database.db, bob);
    await answerCoauthorship(runtime.services, bob, invitation!.id, true);
    const joined = await queuedWhen((m) => m.some((d) => d.activityId === `${note.uri}#create-${bob.id}`) && unique(m.filter((d) => d.activityId?.includes("#update-")).map((d) => d.inbox)).length >= 2);
    const after = joined.filter((d) => d.activityId !== `${note.uri}#create`);
    const updates = after.filter((d) => d.activityId?.includes("#update-"));
    expect(unique(updates.map((d) => d.inbox)).sort()).toEqual([fan.inbox_url, friend.inbox_url].sort());
    expect(updates[0]!.activity?.object?.attributedTo).toEqual([alice.uri, bob.uri]);
    const bobsCreate = after.filter((d) => d.activityId === `${note.uri}#create-${bob.id}`);
    expect(unique(bobsCreate.map((d) => d.inbox))).toEqual([fan.inbox_url]);
    expect(bobsCreate[0]!.activity?.actor).toBe(bob.uri);
    expect(bobsCreate[0]!.keys?.every((k) => k.keyId.startsWith(bob.uri))).toBe(true);
    worker.abort();
    await working;
  });
});
