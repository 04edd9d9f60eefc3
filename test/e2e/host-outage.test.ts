// A follower's server goes down (its process stopped, its address refusing
// connections) and comes back: it receives every activity held for it, in
// order, and the sender's circuit for it goes open → half-open → closed.
// The real outage in issue 9 lasted two minutes against Fedify's defaults;
// here the circuit settings are tuned (CIRCUIT_*) so a short outage takes the
// same path in seconds. B sits behind a front proxy, as behind nginx.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";
import { freePorts } from "../harness/instance.ts";
import { startFrontProxy, type FrontProxy } from "./support/front-proxy.ts";

const [proxyPort] = await freePorts(1);
const B_HOST = `127.0.0.1:${proxyPort}`;

interface Circuit {
  host: string;
  state: string;
}

describe("a follower's server down for a while", () => {
  const net = useInstances(2, {
    readyTimeoutMs: 60_000,
    env: (index) =>
      index === 0
        ? { CIRCUIT_FAILURES: "2", CIRCUIT_FAILURE_WINDOW_SECONDS: "60", CIRCUIT_RECOVERY_SECONDS: "3" }
        : { PUBLIC_URL: `https://${B_HOST}` },
  });
  let proxy: FrontProxy;
  beforeAll(async () => {
    proxy = await startFrontProxy(net.cluster.ca, proxyPort!, net.instances[1]!.port);
  });
  afterAll(async () => {
    await proxy?.close();
  });

  it("receives every activity held for it, in order, and the sender's circuit for it closes again", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    const alice = await a.createUser("alice", { admin: true });
    const bob = await b.createUser("bob");
    expect((await b.api("POST", "/api/v1/follows", { target: a.handle("alice") }, bob.token)).status).toBe(201);
    await waitFor(async () => (await b.api("GET", "/api/v1/following", undefined, bob.token)).body.items[0]?.status === "accepted", {
      message: "bob's follow was accepted",
      timeout: 40_000,
    });
    const circuitOfB = async (): Promise<Circuit | undefined> => {
      const health = await a.api("GET", "/api/v1/admin/queue", undefined, alice.token);
      expect(health.status).toBe(200);
      return (health.body.circuits as Circuit[]).find((c) => c.host === B_HOST);
    };

    // B goes down.
    await proxy.down();
    await b.stop();
    const notes: { id: string; uri: string }[] = [];
    for (let i = 1; i <= 3; i++) {
      const note = (await a.api("POST", "/api/v1/notes", { title: `Note ${i}`, content: `Texte ${i}.` }, alice.token)).body;
      expect((await a.api("PATCH", `/api/v1/notes/${note.id}`, { title: `Note ${i}, revue` }, alice.token)).status).toBe(200);
      notes.push(note);
    }
    await waitFor(async () => (await circuitOfB())?.state === "open", { message: "A's circuit for B opened", timeout: 60_000 });

    // B is back.
    await b.restart(40_000);
    await proxy.up();
    await waitFor(() => notes.every((n) => proxy.delivered.some((d) => d.type === "Update" && d.object === n.uri)), {
      message: "every held activity reached B",
      timeout: 90_000,
    });
    for (const note of notes) {
      expect(proxy.delivered.filter((d) => d.object === note.uri).map((d) => d.type)).toEqual(["Create", "Update"]);
      const onB = await b.api("GET", `/api/v1/notes/by-uri?uri=${encodeURIComponent(note.uri)}`, undefined, bob.token);
      expect(onB.status).toBe(200);
      expect(onB.body.title).toMatch(/, revue$/);
    }
    // Closed is no stored state at all: what the circuit breaker's cas(…, undefined) leaves.
    await waitFor(async () => (await circuitOfB()) === undefined, { message: "A's circuit for B closed", timeout: 30_000 });
  }, 300_000);
});
