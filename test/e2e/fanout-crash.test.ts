// kill -9 during a fan-out loses nothing: a note to 60 followers on 3 slow
// servers (personal inboxes, so one delivery each), its process or worker
// killed while the deliveries are under way, then started again: every
// follower receives the Create (some twice, always with the same id). On SQLite
// (one process) and on PostgreSQL (web + worker processes).
import { afterEach, describe, expect, it } from "vitest";
import { useInstances, waitFor, type Cluster, type Instance } from "../harness/harness.ts";
import { waitForExit } from "../harness/process.ts";
import { startFakeServer, type FakeServer } from "./support/fake-server.ts";
import { followActivity, standInPerson } from "./support/stand-in-follower.ts";

const SERVERS = 3;
const FOLLOWERS_EACH = 20;

/** The followers (inbox paths) that received a Create of `noteUri`. */
function reached(servers: readonly FakeServer[], noteUri: string): Set<string> {
  const inboxes = new Set<string>();
  for (const server of servers) {
    for (const { path, body } of server.received) {
      const object = body.object as { id?: string } | string | undefined;
      if (body.type === "Create" && (typeof object === "string" ? object : object?.id) === noteUri) inboxes.add(`${server.origin}${path}`);
    }
  }
  return inboxes;
}

async function fanOutThroughACrash(cluster: Cluster, a: Instance, crash: () => Promise<void>, servers: FakeServer[]): Promise<void> {
  const alice = await a.createUser("alice");
  const aliceUri = (await a.api("GET", "/api/v1/me", undefined, alice.token)).body.uri as string;
  for (let s = 0; s < SERVERS; s++) {
    const server = await startFakeServer(cluster, `slow-${s}`, { answerDelayMs: 300 });
    servers.push(server);
    for (let f = 0; f < FOLLOWERS_EACH; f++) {
      const actor = standInPerson(server, `f${f}`, { sharedInbox: false });
      expect((await server.post(`${a.origin}/inbox`, actor, followActivity(`${actor}#follows/1`, actor, aliceUri))).status).toBe(202);
    }
  }
  const followers = SERVERS * FOLLOWERS_EACH;
  await waitFor(async () => (await a.api("GET", "/api/v1/followers", undefined, alice.token)).body.total === followers, {
    timeout: 120_000,
    message: "every Follow was handled",
  });
  const note = (await a.api("POST", "/api/v1/notes", { title: "Pendant la panne", content: "Rien ne se perd." }, alice.token)).body;
  await waitFor(() => reached(servers, note.uri).size >= 5, { timeout: 60_000, message: "the fan-out started" });
  const before = reached(servers, note.uri).size;
  await crash();
  // The crash came mid-way: what follows is a recovery, not a delivery that had already finished.
  expect(before).toBeLessThan(followers);
  await waitFor(() => reached(servers, note.uri).size === followers, { timeout: 180_000, message: "every follower received the Create" });
  const creates = servers.flatMap((s) => s.received.filter((r) => r.body.type === "Create"));
  // Repeats are the same activity (receivers deduplicate by id).
  expect(new Set(creates.map((r) => r.body.id)).size).toBe(1);
}

describe("kill -9 during a fan-out, SQLite", () => {
  const net = useInstances(1, { env: { DELIVERIES_PER_HOST: "2" } });
  const servers: FakeServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it("loses no delivery: the restarted process delivers the rest", async () => {
    const [a] = net.instances as [Instance];
    await fanOutThroughACrash(
      net.cluster,
      a,
      async () => {
        a.process!.kill("SIGKILL");
        expect(await waitForExit(a.process!, 10_000)).toBe(true);
        await a.restart(60_000);
      },
      servers,
    );
  }, 420_000);
});

describe("kill -9 of the worker during a fan-out, PostgreSQL web + worker", () => {
  const net = useInstances(1, { database: "postgres", workers: 1, env: { DELIVERIES_PER_HOST: "2" } });
  const servers: FakeServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it("loses no delivery: a new worker delivers the rest", async () => {
    const [a] = net.instances as [Instance];
    await fanOutThroughACrash(
      net.cluster,
      a,
      async () => {
        await a.killWorker();
        await a.startWorker({ timeoutMs: 60_000 });
      },
      servers,
    );
  }, 420_000);
});
