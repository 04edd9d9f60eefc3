// The federation policy between four real instances: C runs `network-only`
// (from its environment) listing A and B. D can neither deliver to C nor be
// fetched by it, A and B federate with C as usual, and C's administrator
// changes the policy at runtime: it applies at once, inbound and outbound.
import { describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";

const AP = { Accept: "application/activity+json" };
/** An instance's log with LogTape's quotes around values removed. */
const logsOf = (instance: Instance) => instance.logs().replace(/["']/g, "");

describe("federation policy across instances", () => {
  const net = useInstances(4, {
    names: ["Régional A", "Sectoriel B", "Réseau C", "Hors réseau D"],
    env: (index, hosts) => (index === 2 ? { FEDERATION_MODE: "network-only", ALLOWED_INSTANCES: `${hosts[0]},${hosts[1]}` } : {}),
  });

  it("C (network-only) federates with A and B, refuses D both ways, and applies an admin's change at once", async () => {
    const [a, b, c, d] = net.instances as [Instance, Instance, Instance, Instance];
    const [admin, carol, alice, bea, dan, dora] = await Promise.all([
      c.createUser("gestion", { admin: true }),
      c.createUser("carol"),
      a.createUser("alice"),
      b.createUser("bea"),
      d.createUser("dan"),
      d.createUser("dora"),
    ]);
    const carolUri = (await c.api("GET", "/api/v1/me", undefined, carol.token)).body.uri as string;

    // The policy comes from C's environment.
    const policy = await c.api("GET", "/api/v1/admin/federation-policy", undefined, admin.token);
    expect(policy.body).toMatchObject({ mode: "network-only", allowedInstances: [a.host, b.host], blockedInstances: [], changes: [] });
    expect((await c.api("GET", "/api/v1/admin/federation-policy", undefined, carol.token)).status).toBe(403);

    // A and B federate with C as usual.
    for (const [instance, user] of [[a, alice], [b, bea]] as const) {
      expect((await instance.api("POST", "/api/v1/follows", { target: c.handle("carol") }, user.token)).status).toBe(201);
      await waitFor(async () => (await instance.api("GET", "/api/v1/following", undefined, user.token)).body.items[0]?.status === "accepted", {
        message: `C accepted ${instance.name}'s follow`,
      });
    }
    const first = (await c.api("POST", "/api/v1/notes", { title: "Pour le réseau", content: "Aux instances sœurs." }, carol.token)).body;
    await waitFor(async () => (await a.api("GET", `/api/v1/notes/by-uri?uri=${encodeURIComponent(first.uri)}`, undefined, alice.token)).status === 200, {
      message: "C's note reached A",
    });

    // D cannot fetch from C: its signed GET of carol gets 403, so it finds nobody.
    expect((await d.api("GET", `/api/v1/actors/lookup?q=${encodeURIComponent(c.handle("carol"))}`, undefined, dan.token)).status).toBe(404);
    await waitFor(() => /Refused GET \S+ signed by a key on 127\.0\.0\.1:\d+: not allowed/.test(logsOf(c)) && logsOf(c).includes(d.host), {
      message: "C logged the refused signed GET",
    });
    // Anything signed by a key on D is refused at C's inbox before it is even verified.
    const forged = await c.fetch("/inbox", {
      method: "POST",
      headers: {
        "Content-Type": "application/activity+json",
        Signature: `keyId="${d.origin}/actors/instance#main-key",algorithm="rsa-sha256",headers="(request-target) host date",signature="AAAA"`,
      },
      body: JSON.stringify({ type: "Follow", id: `${d.origin}/follows/forged`, actor: `${d.origin}/actors/instance`, object: carolUri }),
    });
    expect(forged.status).toBe(403);
    // Unsigned requests are not the policy's business: C's public documents still answer.
    expect((await c.fetch(carolUri, { headers: AP })).status).toBe(200);
    // C fetches nothing from D: a lookup of D's user is refused.
    const lookup = await c.api("GET", `/api/v1/actors/lookup?q=${encodeURIComponent(d.handle("dan"))}`, undefined, carol.token);
    expect(lookup.status).toBe(403);
    expect(lookup.body.message).toMatch(/federation policy/);

    // The admin lets D in: no restart, the next request sees it.
    const opened = await c.api("PUT", "/api/v1/admin/federation-policy", { allowedInstances: [a.host, b.host, d.host] }, admin.token);
    expect(opened.status).toBe(200);
    expect((await c.api("GET", `/api/v1/actors/lookup?q=${encodeURIComponent(d.handle("dan"))}`, undefined, carol.token)).status).toBe(200);
    expect((await d.api("POST", "/api/v1/follows", { target: c.handle("carol") }, dan.token)).status).toBe(201);
    await waitFor(async () => (await d.api("GET", "/api/v1/following", undefined, dan.token)).body.items[0]?.status === "accepted", {
      message: "C accepted D's follow while D was allowed",
    });

    // The admin switches D out again, at once: C's delivery to its follower on D is dropped...
    const closed = await c.api("PUT", "/api/v1/admin/federation-policy", { allowedInstances: [a.host, b.host] }, admin.token);
    expect(closed.body.allowedInstances).toEqual([a.host, b.host]);
    const second = (await c.api("POST", "/api/v1/notes", { title: "Après la fermeture", content: "Pas pour D." }, carol.token)).body;
    await waitFor(async () => (await a.api("GET", `/api/v1/notes/by-uri?uri=${encodeURIComponent(second.uri)}`, undefined, alice.token)).status === 200, {
      message: "C's second note reached A",
    });
    await waitFor(() => new RegExp(`Dropped (delivery of \\S+ \\S+ to https://${d.host.replace(/\./g, "\\.")}/|\\d+ inbox\\(es\\) of the fan-out)`).test(logsOf(c)), {
      message: "C's queue dropped the delivery to D",
    });
    expect((await d.api("GET", `/api/v1/notes/by-uri?uri=${encodeURIComponent(second.uri)}`, undefined, dan.token)).status).toBe(404);

    // ...and D cannot deliver to C: dora's Follow (D knows carol already) gets 403 at C's inbox, nothing is stored.
    expect((await d.api("POST", "/api/v1/follows", { target: c.handle("carol") }, dora.token)).status).toBe(201);
    const carolInbox = `${new URL(carolUri).pathname}/inbox`;
    await waitFor(() => logsOf(c).includes(`Refused POST ${carolInbox} signed by a key on ${d.host}`), { message: "C refused D's inbox POST" });
    const followers = await c.api("GET", "/api/v1/followers", undefined, carol.token);
    expect(followers.body.items.map((f: { actor: { handle: string } }) => f.actor.handle).sort()).toEqual(
      [`@alice@${a.host}`, `@bea@${b.host}`, `@dan@${d.host}`].sort(),
    );
    // Never accepted: dora's follow stays pending on D (accepted follows only are listed).
    expect((await d.api("GET", "/api/v1/following", undefined, dora.token)).body.items).toEqual([]);

    // Every change is logged with who and what.
    const log = (await c.api("GET", "/api/v1/admin/federation-policy", undefined, admin.token)).body.changes;
    expect(log.map((change: { by: string; summary: string }) => [change.by, change.summary])).toEqual([
      [`@gestion@${c.host}`, `allowed -${d.host}`],
      [`@gestion@${c.host}`, `allowed +${d.host}`],
    ]);
    expect(logsOf(c)).toContain(`Federation policy changed by @gestion@${c.host}`);
  }, 120_000);
});
