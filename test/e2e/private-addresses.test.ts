// With ALLOW_PRIVATE_ADDRESS off (production), an instance refuses to fetch
// from loopback or private addresses, and plain http: outbound lookups fail
// with a clear 400, and inbound activities whose keys live there are refused.
import { describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";

describe("private addresses in remote fetches", () => {
  // A is a production-like instance; B is a test instance that may reach A.
  const net = useInstances(2, { env: (index) => (index === 0 ? { ALLOW_PRIVATE_ADDRESS: "false" } : {}) });

  it("refuses outbound lookups by URL and by handle", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    const alice = await a.createUser("alice");
    const bob = await b.createUser("bob");
    const bobUri = (await b.api("GET", "/api/v1/me", undefined, bob.token)).body.uri;

    for (const target of [bobUri, b.handle("bob")]) {
      const response = await a.api("POST", "/api/v1/follows", { target }, alice.token);
      expect(response.status, `target ${target}`).toBeGreaterThanOrEqual(400);
      expect(response.status, `target ${target}`).toBeLessThan(500);
    }
    const byUrl = await a.api("POST", "/api/v1/follows", { target: bobUri }, alice.token);
    expect(byUrl.status).toBe(400);
    expect(byUrl.body.message).toMatch(/private addresses/);
    expect((await a.api("GET", "/api/v1/following", undefined, alice.token)).body.total).toBe(0);
    expect(a.logs()).not.toMatch(/ALLOW_PRIVATE_ADDRESS is on/);
  });

  it("refuses inbound activities whose actor and key it would have to fetch from a private address", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    const carol = await a.createUser("carol");
    const dave = await b.createUser("dave");
    const follow = await b.api("POST", "/api/v1/follows", { target: a.handle("carol") }, dave.token);
    expect(follow.status).toBe(201);
    // B delivers (it may reach A); A cannot verify the signature without fetching
    // dave's key from 127.0.0.1, so it refuses: B logs the failed delivery.
    await waitFor(() => /carol|inbox/.test(b.logs()) && /40[01]/.test(b.logs()), { timeout: 15_000, message: "B saw A refuse the delivery" });
    expect((await a.api("GET", "/api/v1/followers", undefined, carol.token)).body.total).toBe(0);
    expect((await a.api("GET", "/api/v1/follow_requests", undefined, carol.token)).body.items).toEqual([]);
  });
});
