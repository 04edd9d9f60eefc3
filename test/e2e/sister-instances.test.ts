// Sister instances between two real instances: A's administrator connects A
// to B; A's instance actor follows B's, reads B's instance outbox (public
// notes and communities), and A's network page lists B first with what B's
// NodeInfo says.
import { describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";

const AP = { Accept: "application/activity+json" };

describe("sister instances", () => {
  const net = useInstances(2, {
    names: ["Régional A", "Sectoriel B"],
    env: (index) => (index === 1 ? { INSTANCE_REGION: "Outaouais", INSTANCE_SECTOR: "arts et culture", INSTANCE_LANGUAGES: "fr" } : { INSTANCE_REGION: "Laurentides" }),
  });

  it("A connects to B: B's public notes and communities come over, and A's network lists B first with its NodeInfo", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    const [adminA, member, author, moderator] = await Promise.all([
      a.createUser("gestion", { admin: true }),
      a.createUser("membre"),
      b.createUser("autrice"),
      b.createUser("animation"),
    ]);
    const note = (await b.api("POST", "/api/v1/notes", { title: "Théâtre de quartier", content: "Une note publique de B." }, author.token)).body;
    await b.api("POST", "/api/v1/notes", { title: "Pour mes abonnés", content: "Pas pour la liste.", visibility: "followers" }, author.token);
    expect((await b.api("POST", "/api/v1/communities", { handle: "scenes", name: "Scènes", visibility: "public" }, moderator.token)).status).toBe(201);
    expect((await b.api("POST", "/api/v1/communities", { handle: "coulisses", visibility: "private" }, moderator.token)).status).toBe(201);

    // B's instance outbox: its public listing, what a sister reads.
    const outbox = await (await b.fetch("/actors/instance/outbox", { headers: AP })).json();
    expect(outbox.totalItems).toBe(2);

    expect((await a.api("POST", "/api/v1/admin/sisters", { host: b.host }, member.token)).status).toBe(403);
    const connected = await a.api("POST", "/api/v1/admin/sisters", { host: b.host }, adminA.token);
    expect(connected.status).toBe(201);
    expect(connected.body).toMatchObject({
      host: b.host,
      name: "Sectoriel B",
      region: "Outaouais",
      sector: "arts et culture",
      actor: { type: "Application", uri: `${b.origin}/actors/instance` },
      sync: { notes: 1, communities: 1 },
    });

    // The public note is on A now; the followers-only one and the private community are not.
    const kept = await a.api("GET", `/api/v1/notes/by-uri?uri=${encodeURIComponent(note.uri)}`, undefined, member.token);
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({ title: "Théâtre de quartier", local: false });
    const network = (await a.api("GET", "/api/v1/network", undefined, member.token)).body;
    expect(network.policy).toBeUndefined();
    expect(network.instances[0]).toMatchObject({
      host: b.host,
      sister: { connected: true },
      name: "Sectoriel B",
      region: "Outaouais",
      sector: "arts et culture",
      languages: ["fr"],
      software: "encommun",
      knownCommunities: 1,
      keptNotes: 1,
    });
    expect((await a.api("GET", "/api/v1/network", undefined, adminA.token)).body.policy).toEqual({ mode: "open" });

    const page = await (await a.fetch("/network", { headers: { Accept: "text/html" } })).text();
    expect(page).toContain("Instances sœurs");
    expect(page).toContain("Sectoriel B");
    expect(page).toContain("Outaouais");
    expect(page).toContain("arts et culture");
  }, 60_000);

  it("B accepts the instance Follow of A (its host is allowed) and lists A as a sister that follows it", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    const adminA = await a.createUser("gestion2", { admin: true });
    const adminB = await b.createUser("gestion", { admin: true });
    await waitFor(async () => {
      const sisters = (await a.api("GET", "/api/v1/admin/sisters", undefined, adminA.token)).body.items;
      return sisters[0]?.sister.status === "accepted";
    }, { message: "B accepted A's instance Follow" });
    const seenByB = (await b.api("GET", "/api/v1/network", undefined, adminB.token)).body.instances;
    expect(seenByB[0]).toMatchObject({ host: a.host, sister: { connected: false, followsUs: true }, region: "Laurentides" });
  }, 30_000);
});
