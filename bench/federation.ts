// The inbox and the fan-out under load (issue 11), next to the RSA ceilings
// of the same run: real instances (test/harness) on loopback, stand-in
// servers (test/e2e/support/fake-server.ts) as the other side.
//
// - inbox: signed Create(Note)s from 200 actors of a stand-in, addressed to a
//   local person, POSTed 50 at a time; accepted/s and p99 of the POSTs, then
//   stored/s (until the last note is in the database) and the server's CPU
//   per stored activity (utime + stime of every process of the instance).
// - fan-out: a note by a person with 1,000 followers on 40 stand-in hosts,
//   on personal inboxes (1,000 POSTs) and on shared inboxes (one per host);
//   deliveries/s until the last POST arrived, CPU per delivery.
// The followers are written straight into the database (1,000 Follows would
// measure the Follow handling, not the fan-out).
import { constants, generateKeyPairSync, sign, verify } from "node:crypto";
import { signRequest } from "@fedify/fedify";
import { openDatabase } from "../src/db/database.ts";
import { cpuSeconds, runQueueWaitSeconds } from "./proc-stats.ts";
import { newId } from "../src/domain/ids.ts";
import { startInstances, type Cluster, type Instance } from "../test/harness/harness.ts";
import { startFakeServer, type FakeServer } from "../test/e2e/support/fake-server.ts";
import { standInPerson } from "../test/e2e/support/stand-in-follower.ts";

const AP = "application/activity+json";
const CONTEXT = ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"];

export function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** RSA-2048 PKCS#1 v1.5 SHA-256 signatures and verifications per second on one core (synchronous, so one thread). */
export function rsaCeilings(seconds = 1.5): { signPerSecond: number; verifyPerSecond: number } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const data = Buffer.from("(request-target): post /inbox\nhost: example.org\ndate: Fri, 04 Dec 2026 04:00:00 GMT\ndigest: SHA-256=…");
  const rate = (work: () => void) => {
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < seconds * 1000) {
      for (let i = 0; i < 10; i++) work();
      n += 10;
    }
    return n / ((performance.now() - start) / 1000);
  };
  const signature = sign("sha256", data, { key: privateKey, padding: constants.RSA_PKCS1_PADDING });
  return {
    signPerSecond: rate(() => sign("sha256", data, { key: privateKey, padding: constants.RSA_PKCS1_PADDING })),
    verifyPerSecond: rate(() => verify("sha256", data, { key: publicKey, padding: constants.RSA_PKCS1_PADDING }, signature)),
  };
}




const pidsOf = (instance: Instance) => instance.processes.map((p) => p.pid!).filter(Boolean);

/** Runs `tasks` with at most `concurrency` in flight; returns each one's time in ms. */
async function pooled(tasks: (() => Promise<void>)[], concurrency: number): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < tasks.length) {
        const task = tasks[next++]!;
        const start = performance.now();
        await task();
        times.push(performance.now() - start);
      }
    }),
  );
  return times;
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface Setup {
  readonly label: string;
  readonly database: "sqlite" | "postgres";
  /** PostgreSQL: worker processes beside the web process (the harness runs one web process). */
  readonly workers?: number;
}

export interface Bench {
  readonly cluster: Cluster;
  readonly instance: Instance;
  readonly servers: FakeServer[];
  readonly db: ReturnType<typeof openDatabase>;
  stop(): Promise<void>;
}

export async function startBench(setup: Setup, env: Record<string, string> = {}): Promise<Bench> {
  const cluster = await startInstances(1, {
    database: setup.database,
    ...(setup.workers != null ? { workers: setup.workers } : {}),
    readyTimeoutMs: 120_000,
    logLevel: "error",
    env,
  });
  const instance = cluster.instances[0]!;
  const db = openDatabase(instance.databaseUrl);
  const servers: FakeServer[] = [];
  return {
    cluster,
    instance,
    servers,
    db,
    async stop() {
      await Promise.all(servers.map((s) => s.close()));
      await db.close();
      await cluster.stop();
    },
  };
}

export interface InboxResult {
  readonly count: number;
  readonly acceptedPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly storedPerSecond: number;
  readonly cpuMsPerActivity: number;
  /** Share of the run the instance's main threads spent waiting for a CPU, summed over its processes. */
  readonly cpuWaitShare: number;
  readonly statuses: Record<string, number>;
}

/** `count` Create(Note)s from 200 actors of a stand-in to a local person, 50 POSTs in flight. */
export async function measureInbox(bench: Bench, run: number, count: number, actors = 200): Promise<InboxResult> {
  const { instance } = bench;
  const user = await instance.createUser(`reader${run}`);
  const me = (await instance.api("GET", "/api/v1/me", undefined, user.token)).body.uri as string;
  const server = await startFakeServer(bench.cluster, `authors-${run}`);
  bench.servers.push(server);
  const people = Array.from({ length: actors }, (_, i) => standInPerson(server, `p${i}`));
  // Signed beforehand: the bench process must not be the bottleneck it measures.
  const requests = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const actor = people[i % actors]!;
      const id = `${server.origin}/notes/${run}-${i}`;
      const body = JSON.stringify({
        "@context": CONTEXT,
        id: `${id}/activity`,
        type: "Create",
        actor,
        to: ["https://www.w3.org/ns/activitystreams#Public"],
        cc: [me],
        object: {
          id,
          type: "Note",
          attributedTo: actor,
          to: ["https://www.w3.org/ns/activitystreams#Public"],
          cc: [me],
          content: `<p>Note ${i} du banc d'essai, pour <a href="${me}">@reader${run}</a>.</p>`,
          published: new Date().toISOString(),
        },
      });
      const signed = await signRequest(new Request(`${instance.origin}/inbox`, { method: "POST", headers: { "Content-Type": AP }, body }), server.privateKey, new URL(`${actor}#main-key`));
      return { headers: signed.headers, body };
    }),
  );
  const storedBefore = await remoteNotes(bench);
  const pids = pidsOf(instance);
  const cpuBefore = cpuSeconds(pids);
  const waitBefore = runQueueWaitSeconds(pids);
  const statuses: Record<string, number> = {};
  const start = performance.now();
  const times = await pooled(
    requests.map((r) => async () => {
      const response = await bench.cluster.fetch(`${instance.origin}/inbox`, { method: "POST", headers: r.headers, body: r.body });
      await response.arrayBuffer();
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    }),
    50,
  );
  const acceptedMs = performance.now() - start;
  await until(async () => (await remoteNotes(bench)) - storedBefore >= count, 600_000, "every note stored");
  const storedMs = performance.now() - start;
  const cpu = cpuSeconds(pids) - cpuBefore;
  const waited = runQueueWaitSeconds(pids) - waitBefore;
  return {
    cpuWaitShare: waited / (storedMs / 1000),
    count,
    acceptedPerSecond: count / (acceptedMs / 1000),
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    storedPerSecond: count / (storedMs / 1000),
    cpuMsPerActivity: (cpu * 1000) / count,
    statuses,
  };
}

async function remoteNotes(bench: Bench): Promise<number> {
  const row = await bench.db.db.selectFrom("notes").select((eb) => eb.fn.countAll<number>().as("n")).where("is_local", "=", 0).executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface FanoutAudience {
  readonly token: string;
  readonly followers: number;
  readonly shared: boolean;
  readonly servers: readonly FakeServer[];
}

/** A local person followed by `followers` people spread over `hosts` stand-ins, written straight into the database. */
export async function followedBy(bench: Bench, name: string, followers: number, hosts: number, shared: boolean): Promise<FanoutAudience> {
  const user = await bench.instance.createUser(name);
  const me = (await bench.instance.api("GET", "/api/v1/me", undefined, user.token)).body.uri as string;
  const local = await bench.db.db.selectFrom("actors").select("id").where("uri", "=", me).executeTakeFirstOrThrow();
  const now = new Date().toISOString();
  const servers: FakeServer[] = [];
  for (let h = 0; h < hosts; h++) {
    const server = await startFakeServer(bench.cluster, `${name}-host-${h}`);
    bench.servers.push(server);
    servers.push(server);
    const rows = [];
    for (let f = h; f < followers; f += hosts) {
      const uri = standInPerson(server, `f${f}`, { sharedInbox: shared });
      rows.push({
        id: newId(),
        uri,
        type: "Person" as const,
        is_local: 0,
        username: `f${f}`,
        username_key: `f${f}`,
        domain: new URL(server.origin).host,
        inbox_url: `${uri}/inbox`,
        shared_inbox_url: shared ? `${server.origin}/inbox` : null,
        fetched_at: now,
        created_at: now,
        updated_at: now,
      });
    }
    await bench.db.db.insertInto("actors").values(rows).execute();
    await bench.db.db
      .insertInto("follows")
      .values(rows.map((r) => ({ id: newId(), follower_id: r.id, following_id: local.id, activity_uri: `${r.uri}#follow`, status: "accepted" as const, created_at: now, accepted_at: now })))
      .execute();
  }
  return { token: user.token, followers, shared, servers };
}

export interface FanoutResult {
  readonly posts: number;
  readonly lastMs: number;
  readonly deliveriesPerSecond: number;
  readonly cpuMsPerDelivery: number;
  /** As InboxResult's. */
  readonly cpuWaitShare: number;
}

/** Publishes a note and waits for its Create at every follower (or shared inbox). */
export async function measureFanout(bench: Bench, audience: FanoutAudience, run: number): Promise<FanoutResult> {
  const pids = pidsOf(bench.instance);
  let uri = "";
  const creates = () =>
    audience.servers.reduce((n, s) => n + s.received.filter((r) => r.body.type === "Create" && (r.body.object as { id?: string })?.id === uri).length, 0);
  const expected = audience.shared ? audience.servers.length : audience.followers;
  const cpuBefore = cpuSeconds(pids);
  const waitBefore = runQueueWaitSeconds(pids);
  const start = performance.now();
  const note = await bench.instance.api("POST", "/api/v1/notes", { title: `Envoi ${run}`, content: "Une note pour tout le monde." }, audience.token);
  if (note.status !== 201) throw new Error(`publishing answered ${note.status}`);
  uri = note.body.uri as string;
  await until(() => creates() >= expected, 600_000, "every delivery");
  const lastMs = performance.now() - start;
  const cpu = cpuSeconds(pids) - cpuBefore;
  const posts = creates();
  const cpuWaitShare = (runQueueWaitSeconds(pids) - waitBefore) / (lastMs / 1000);
  return { posts, lastMs, deliveriesPerSecond: posts / (lastMs / 1000), cpuMsPerDelivery: (cpu * 1000) / posts, cpuWaitShare };
}
