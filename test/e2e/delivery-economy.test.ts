// What a fan-out no longer wastes (issue 11): the signature spec a host
// accepts is learnt from its first answer (no 401 on the next delivery, none at
// all for a server that accepts only draft-cavage, as most do), and followers
// whose inbox is gone (410) or keeps answering 404 stop being delivered to.
// One real instance over signed HTTP, stand-in receivers on loopback.
import { afterEach, describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";
import { startFakeServer, type FakeServer } from "./support/fake-server.ts";
import { followActivity, standInPerson } from "./support/stand-in-follower.ts";

type Headers = Record<string, string | string[] | undefined>;
const usesRfc9421 = (headers: Headers) => headers["signature-input"] != null;

/** A server that answers 401 to any request not signed with `spec`, and counts them. */
async function onlyAccepting(net: ReturnType<typeof useInstances>, name: string, spec: "rfc9421" | "cavage") {
  const refusals = { count: 0 };
  const server = await startFakeServer(net.cluster, name, {
    onPost: (_path, _body, headers) => {
      if (usesRfc9421(headers) === (spec === "rfc9421")) return 202;
      refusals.count++;
      return 401;
    },
  });
  return { server, refusals };
}

async function follow(a: Instance, server: FakeServer, name: string, targetUri: string, sharedInbox = false): Promise<string> {
  const actor = standInPerson(server, name, { sharedInbox });
  expect((await server.post(`${a.origin}/inbox`, actor, followActivity(`${actor}#follows/1`, actor, targetUri))).status).toBe(202);
  return actor;
}

const createsOf = (server: FakeServer, noteUri: string, path?: string) =>
  server.received.filter((r) => r.body.type === "Create" && (r.body.object as { id?: string })?.id === noteUri && (path == null || r.path === path));

async function followers(a: Instance, token: string): Promise<number> {
  return (await a.api("GET", "/api/v1/followers", undefined, token)).body.total as number;
}

describe("fan-out economy", () => {
  const net = useInstances(1);
  const servers: FakeServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it("learns each host's signature spec from its first answer: a second delivery costs no 401", async () => {
    const [a] = net.instances as [Instance];
    const alice = await a.createUser("alice");
    const aliceUri = (await a.api("GET", "/api/v1/me", undefined, alice.token)).body.uri as string;
    const cavage = await onlyAccepting(net, "cavage-only", "cavage");
    const rfc = await onlyAccepting(net, "rfc9421-only", "rfc9421");
    servers.push(cavage.server, rfc.server);
    await follow(a, cavage.server, "c", aliceUri);
    await follow(a, rfc.server, "r", aliceUri);
    await waitFor(async () => (await followers(a, alice.token)) === 2, { timeout: 60_000, message: "both Follows handled" });
    // The Accepts are each host's first delivery; the notes come after they arrived (a note published while the
    // first answer is still on its way would knock with the default spec too: learning needs an answer).
    const accepts = (server: FakeServer) => server.received.filter((r) => r.body.type === "Accept").length;
    // (received counts refused POSTs too: until the notes, every refusal is of an Accept.)
    await waitFor(() => accepts(cavage.server) - cavage.refusals.count > 0 && accepts(rfc.server) - rfc.refusals.count > 0, {
      timeout: 60_000,
      message: "both Accepts delivered",
    });
    for (const title of ["Premier", "Second"]) {
      const note = (await a.api("POST", "/api/v1/notes", { title, content: "Bonjour." }, alice.token)).body;
      await waitFor(() => createsOf(cavage.server, note.uri).length > 0 && createsOf(rfc.server, note.uri).some((r) => r.body.type === "Create"), {
        timeout: 60_000,
        message: `${title} delivered to both hosts`,
      });
    }
    await waitFor(() => rfc.server.received.filter((r) => r.body.type === "Create").length >= 2, { timeout: 60_000, message: "both notes accepted" });
    // draft-cavage is knocked first: a server that accepts only it never answers 401.
    expect(cavage.refusals.count).toBe(0);
    // An RFC 9421-only server refuses the first delivery (the Accept) once, and nothing after.
    expect(rfc.refusals.count).toBe(1);
    const accepted = rfc.server.received.filter((r) => r.body.type === "Create");
    expect(accepted).toHaveLength(2);
  }, 240_000);

  it("remembers the spec for signed fetches too: a draft-cavage server never refuses a lookup, an RFC 9421 one once", async () => {
    const [a] = net.instances as [Instance];
    const carol = await a.createUser("carol");
    const refusals = { cavage: 0, rfc9421: 0 };
    // Servers that, like Mastodon with authorized fetch, want signed GETs, each verifying one spec.
    const requiring = async (spec: "cavage" | "rfc9421") => {
      const server = await startFakeServer(net.cluster, `${spec}-fetch`, {
        onGet: (path, headers) => {
          if (!path.startsWith("/users/")) return;
          if (headers.signature != null && usesRfc9421(headers) === (spec === "rfc9421")) return;
          refusals[spec]++;
          return 401;
        },
      });
      servers.push(server);
      return server;
    };
    for (const spec of ["cavage", "rfc9421"] as const) {
      const server = await requiring(spec);
      for (const name of ["one", "two", "three"]) {
        const id = standInPerson(server, name);
        const found = await a.api("GET", `/api/v1/search?q=${encodeURIComponent(id)}`, undefined, carol.token);
        expect(found.status, `${spec} ${name}`).toBe(200);
        expect(JSON.stringify(found.body)).toContain(id);
      }
    }
    expect(refusals).toEqual({ cavage: 0, rfc9421: 1 });
  }, 240_000);

  it("drops a follower whose inbox answers 410 at once, one answering 404 after three deliveries, and keeps the others", async () => {
    const [a] = net.instances as [Instance];
    const bob = await a.createUser("bob");
    const bobUri = (await a.api("GET", "/api/v1/me", undefined, bob.token)).body.uri as string;
    // The Accepts go through; Creates find the inbox gone or missing.
    const server = await startFakeServer(net.cluster, "closing", {
      onPost: (path, body) => (body.type !== "Create" ? 202 : path === "/users/gone/inbox" ? 410 : path === "/users/missing/inbox" ? 404 : 202),
    });
    servers.push(server);
    for (const name of ["gone", "missing", "alive"]) await follow(a, server, name, bobUri);
    await waitFor(async () => (await followers(a, bob.token)) === 3, { timeout: 60_000, message: "the three Follows handled" });

    const publish = async (title: string) => {
      const note = (await a.api("POST", "/api/v1/notes", { title, content: "Suite." }, bob.token)).body;
      await waitFor(() => createsOf(server, note.uri, "/users/alive/inbox").length > 0, { timeout: 60_000, message: `${title} reached alive` });
      return note.uri as string;
    };
    const first = await publish("Un");
    await waitFor(async () => (await followers(a, bob.token)) === 2, { timeout: 60_000, message: "the Gone follower dropped" });
    // (Fedify knocks twice, once per signature spec, on any 4xx or 5xx: two POSTs each.)
    expect(createsOf(server, first, "/users/gone/inbox").length).toBeGreaterThan(0);
    expect(createsOf(server, first, "/users/missing/inbox").length).toBeGreaterThan(0);

    const second = await publish("Deux");
    await waitFor(() => createsOf(server, second, "/users/missing/inbox").length > 0, { timeout: 60_000, message: "second 404" });
    expect(createsOf(server, second, "/users/gone/inbox")).toHaveLength(0);
    // Two 404s are not enough.
    expect(await followers(a, bob.token)).toBe(2);
    const third = await publish("Trois");
    await waitFor(() => createsOf(server, third, "/users/missing/inbox").length > 0, { timeout: 60_000, message: "third 404" });
    await waitFor(async () => (await followers(a, bob.token)) === 1, { timeout: 60_000, message: "the missing follower dropped after three 404s" });

    const fourth = await publish("Quatre");
    expect(createsOf(server, fourth, "/users/missing/inbox")).toHaveLength(0);
    expect(createsOf(server, fourth, "/users/gone/inbox")).toHaveLength(0);
    const remaining = (await a.api("GET", "/api/v1/followers", undefined, bob.token)).body;
    expect(JSON.stringify(remaining)).toContain(`${server.origin}/users/alive`);
  }, 300_000);
});
