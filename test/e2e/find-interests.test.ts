// Interests across the network: a person on B who made their interests and
// region public appears on A's find view (page and API) marked with B, with
// their region; one who kept them private does not — B's actor document
// carries nothing private (no `tag`, no `location`) for A to store.
import { describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";

const AP = { Accept: "application/activity+json" };

describe("find people and groups across instances", () => {
  const net = useInstances(2);

  it("shows B's public interests on A, marked with B, and never B's private ones", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    const alice = await a.createUser("alice");
    const carol = await b.createUser("carol");
    const dave = await b.createUser("dave");
    for (const [user, region] of [[carol, "Outaouais"], [dave, "Estrie"]] as const) {
      const saved = await b.api("PATCH", "/api/v1/me", { fields: { interests: ["Agroécologie", "semences"], region }, coordinates: { latitude: 45.48, longitude: -75.7 } }, user.token);
      expect(saved.status).toBe(200);
    }
    expect((await b.api("PATCH", "/api/v1/me/privacy", { profileDetailsPublic: true }, carol.token)).status).toBe(200);

    // What B serves: carol's interests as Hashtags and her region as a Place; nothing of dave's.
    const carolUri = (await b.api("GET", "/api/v1/me", undefined, carol.token)).body.uri as string;
    const daveUri = (await b.api("GET", "/api/v1/me", undefined, dave.token)).body.uri as string;
    const served = await (await b.fetch(carolUri, { headers: AP })).json();
    // Fedify's actor context has no "Hashtag" term: the type is the compact IRI `as:Hashtag` (the same class).
    expect(served.tag).toEqual(expect.arrayContaining([expect.objectContaining({ type: expect.stringMatching(/^(as:)?Hashtag$/), name: "#Agroécologie" })]));
    expect(served.location).toMatchObject({ type: "Place", name: "Outaouais", latitude: 45.48, longitude: -75.7 });
    const hidden = await (await b.fetch(daveUri, { headers: AP })).json();
    expect(hidden.tag ?? []).toEqual([]);
    expect(hidden.location).toBeUndefined();

    // A learns of both (as it would by a follow, a mention or a lookup).
    for (const user of ["carol", "dave"]) {
      const found = await a.api("GET", `/api/v1/actors/lookup?q=${encodeURIComponent(b.handle(user))}`, undefined, alice.token);
      expect(found.status).toBe(200);
    }
    const listed = await waitFor(async () => {
      const res = await a.api("GET", "/api/v1/interests?tag=agroecologie");
      return res.status === 200 && res.body.items.length > 0 ? res.body : null;
    }, { message: "carol appears on A's find view", timeout: 60_000 });
    expect(listed.items.map((i: { actor: { username: string } }) => i.actor.username)).toEqual(["carol"]);
    expect(listed.items[0]).toMatchObject({ instance: b.host, region: { code: "07", name: "Outaouais" }, coordinates: { latitude: 45.48, longitude: -75.7 } });

    const page = await (await a.fetch("/find?tag=semences", { headers: { Accept: "text/html", "Accept-Language": "fr" } })).text();
    expect(page).toContain("07 – Outaouais");
    expect(page).toContain(`sur ${b.host}`);
    expect(page).not.toContain("dave");
  }, 240_000);
});
