// `encommun start --role web|worker` as real processes on PostgreSQL: A is one
// web process and two workers, B one process in role all, C a web process with
// no worker at all. A web process only enqueues (deliveries out, and the inbox
// work it accepts); only workers drain the shared queue, table fedify_queue.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";
import { collectionItems, followAndUnfollow } from "./scenarios.ts";

/** Long enough for a delivery that could happen to have happened (one takes well under a second here). */
const QUIET_MS = 3_000;

/** Rows in the instance's queue, whether ready, delayed or claimed. */
async function queueDepth(instance: Instance): Promise<number> {
  const client = new pg.Client({ connectionString: instance.databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ n: string }>("select count(*) as n from fedify_queue");
    return Number(result.rows[0]!.n);
  } finally {
    await client.end();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `follower` on `from` asks to follow `followee` on `to` (unlocked): the API answers at once, pending. */
async function requestFollow(from: Instance, follower: string, to: Instance, followee: string) {
  const user = await from.createUser(follower);
  const target = await to.createUser(followee);
  const targetMe = (await to.api("GET", "/api/v1/me", undefined, target.token)).body;
  const follow = await from.api("POST", "/api/v1/follows", { target: to.handle(followee) }, user.token);
  expect(follow.status).toBe(201);
  expect(follow.body.status).toBe("pending");
  const followers = () => collectionItems(to, `${targetMe.uri}/followers`);
  // The API's following list shows accepted follows only.
  const accepted = async () => (await from.api("GET", "/api/v1/following", undefined, user.token)).body.items[0]?.status === "accepted";
  return { followers, accepted };
}

describe("web and worker processes sharing PostgreSQL", () => {
  const net = useInstances(3, {
    database: "postgres",
    workers: (index) => [2, undefined, 0][index],
    names: ["A (web + 2 workers)", "B (all)", "C (web only)"],
  });

  it("A's workers deliver its Follow and Undo and process the Accept its web process received", async () => {
    const [a, b] = net.instances as [Instance, Instance, Instance];
    expect(a.role).toBe("web");
    expect(a.workers).toHaveLength(2);
    await followAndUnfollow(a, b);
    await waitFor(async () => (await queueDepth(a)) === 0, { message: "A's queue drained" });
  }, 60_000);

  it("with every worker SIGKILLed, A's web process still answers and its Follow waits in the queue for a new worker", async () => {
    const [a, b] = net.instances as [Instance, Instance, Instance];
    const killed = await a.killWorkers();
    expect(killed).toHaveLength(2);
    expect(a.workers).toHaveLength(0);

    const { followers, accepted } = await requestFollow(a, "carol", b, "dave");
    await sleep(QUIET_MS);
    expect(await followers()).toEqual({ total: 0, items: [] });
    expect(await accepted()).toBe(false);
    expect(await queueDepth(a)).toBeGreaterThan(0);

    await a.startWorker();
    await waitFor(async () => (await followers()).total === 1, { message: "the queued Follow reached B once a worker ran" });
    await waitFor(async () => await accepted(), { message: "B's Accept processed on A" });
    await waitFor(async () => (await queueDepth(a)) === 0, { message: "A's queue drained" });
  }, 60_000);

  it("a web process with no worker leaves its Follow queued; the first worker drains the queue", async () => {
    const [, b, c] = net.instances as [Instance, Instance, Instance];
    expect(c.role).toBe("web");
    expect(c.workers).toHaveLength(0);
    expect(await queueDepth(c)).toBe(0);

    const { followers, accepted } = await requestFollow(c, "erin", b, "frank");
    const queued = await queueDepth(c);
    expect(queued).toBeGreaterThan(0);
    await sleep(QUIET_MS);
    expect(await queueDepth(c)).toBe(queued);
    expect((await followers()).total).toBe(0);
    expect(await accepted()).toBe(false);

    await c.startWorker();
    await waitFor(async () => (await followers()).total === 1, { message: "the queued Follow reached B" });
    // The Accept comes in through C's web process, which queues it for the worker too.
    await waitFor(async () => await accepted(), { message: "B's Accept processed on C" });
    await waitFor(async () => (await queueDepth(c)) === 0, { message: "C's queue drained by its worker" });
  }, 60_000);
});
