// Servers that accept the connection and never answer (NodeBB after a handler
// error, a host behind a dropping firewall) must not freeze federation: they
// hold a bounded share of the queue's workers, and every request to them is
// abandoned at its deadline and retried later.
import { afterAll, describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";
import { startFakeServer, type FakeServer } from "./support/fake-server.ts";
import { followActivity, standInPerson } from "./support/stand-in-follower.ts";

const SILENT_FOLLOWERS = 6;

describe("six followers whose inboxes never answer", () => {
  // A long deadline, so that what keeps the healthy follower served is the fair share, not timeouts.
  const net = useInstances(2, { readyTimeoutMs: 60_000, env: (index) => (index === 0 ? { OUTGOING_TIMEOUT_SECONDS: "120" } : {}) });
  const silent: FakeServer[] = [];
  afterAll(async () => {
    await Promise.all(silent.map((server) => server.close()));
  });

  it("do not delay a healthy follower's delivery by more than a few seconds", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    const alice = await a.createUser("alice");
    const aliceUri = (await a.api("GET", "/api/v1/me", undefined, alice.token)).body.uri as string;
    const bob = await b.createUser("bob");
    expect((await b.api("POST", "/api/v1/follows", { target: aliceUri }, bob.token)).status).toBe(201);
    await waitFor(async () => (await b.api("GET", "/api/v1/following", undefined, bob.token)).body.items[0]?.status === "accepted", {
      timeout: 60_000,
      message: "bob's follow was accepted",
    });

    for (let i = 0; i < SILENT_FOLLOWERS; i++) {
      const server = await startFakeServer(net.cluster, `silent-${i}`, { silent: "posts" });
      silent.push(server);
      const actor = standInPerson(server, "someone");
      expect((await server.post(`${a.origin}/inbox`, actor, followActivity(`${actor}#follows/1`, actor, aliceUri))).status).toBe(202);
    }
    // Their Accepts hang: at least as many at once as the queue had workers before (4).
    const open = () => silent.reduce((count, server) => count + server.hanging(), 0);
    await waitFor(() => open() >= 4, { timeout: 60_000, message: "Accepts hanging on the silent servers" });

    const published = Date.now();
    const note = (await a.api("POST", "/api/v1/notes", { title: "Malgré le silence", content: "Les autres reçoivent quand même." }, alice.token)).body;
    await waitFor(async () => (await b.api("GET", `/api/v1/notes/by-uri?uri=${encodeURIComponent(note.uri)}`, undefined, bob.token)).status === 200, {
      timeout: 30_000, // generous for a busy machine; the silent servers would hold it for their full 120 s
      message: "the healthy follower received the note within 30 s",
    });
    expect(Date.now() - published).toBeLessThan(30_000);
    // Beside the silent servers, not after them: they still hold their requests.
    expect(open()).toBeGreaterThanOrEqual(4);
    // Incoming activities kept flowing too: every Follow was handled.
    await waitFor(async () => (await a.api("GET", "/api/v1/followers", undefined, alice.token)).body.total === SILENT_FOLLOWERS + 1, {
      timeout: 60_000,
      message: "all six Follows were handled",
    });
  }, 240_000);
});

describe("a request to a server that never answers", () => {
  const net = useInstances(1, { readyTimeoutMs: 60_000, env: { OUTGOING_TIMEOUT_SECONDS: "1" } });
  const servers: FakeServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  it("is abandoned at OUTGOING_TIMEOUT_SECONDS and the delivery retried", async () => {
    const [a] = net.instances as [Instance];
    const alice = await a.createUser("alice");
    const aliceUri = (await a.api("GET", "/api/v1/me", undefined, alice.token)).body.uri as string;
    const server = await startFakeServer(net.cluster, "silent-inbox", { silent: "posts" });
    servers.push(server);
    const actor = standInPerson(server, "someone");
    expect((await server.post(`${a.origin}/inbox`, actor, followActivity(`${actor}#follows/1`, actor, aliceUri))).status).toBe(202);

    const accepts = () => server.received.filter((r) => r.body.type === "Accept").length;
    await waitFor(() => accepts() >= 1, { timeout: 60_000, message: "the Accept was sent" });
    // A drops the connection at its deadline (1 s here; undici's own limit is five minutes)...
    await waitFor(() => server.hanging() === 0, { timeout: 20_000, message: "A closed the unanswered request" });
    // ...and delivers again later, as after any failure.
    await waitFor(() => accepts() >= 2, { timeout: 60_000, message: "the Accept was retried" });
  }, 120_000);

  it("lets a lookup answer instead of hanging", async () => {
    const [a] = net.instances as [Instance];
    const me = await a.createUser("lookup");
    const server = await startFakeServer(net.cluster, "silent-everything", { silent: "everything" });
    servers.push(server);
    const actor = `${server.origin}/users/nobody`;
    const started = Date.now();
    const lookup = await a.api("GET", `/api/v1/actors/lookup?q=${encodeURIComponent(actor)}`, undefined, me.token);
    expect(lookup.status).toBe(404);
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 120_000);
});
