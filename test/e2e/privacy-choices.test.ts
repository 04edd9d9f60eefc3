// A member's privacy choices travel with their actor (toot:discoverable,
// toot:indexable): when bob on B refuses to be indexed, B federates an Update,
// A stores the choice in the same columns as its own members', and A's pages
// of bob's notes then ask search engines not to index them.
import { describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";

const AP = { Accept: "application/activity+json" };
const HTML = { Accept: "text/html" };
const NOINDEX = '<meta name="robots" content="noindex">';

describe("privacy choices across instances", () => {
  const net = useInstances(2);

  it("a remote person's indexable: false and discoverable: false are stored and respected", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    const alice = await a.createUser("alice");
    const bob = await b.createUser("bob");
    expect((await a.api("POST", "/api/v1/follows", { target: b.handle("bob") }, alice.token)).status).toBe(201);
    await waitFor(async () => (await a.api("GET", "/api/v1/following", undefined, alice.token)).body.total === 1, { message: "alice follows bob", timeout: 60_000 });

    const created = await b.api("POST", "/api/v1/notes", { title: "Semis d'automne", content: "Ce qui se sème en octobre.", visibility: "public" }, bob.token);
    expect(created.status).toBe(201);
    const onA = await waitFor(async () => {
      const seen = await a.api("GET", `/api/v1/notes/by-uri?uri=${encodeURIComponent(created.body.uri)}`, undefined, alice.token);
      return seen.status === 200 ? seen.body : null;
    }, { message: "bob's note reached A", timeout: 60_000 });
    // bob left the defaults: A may let search engines index its page of his note.
    const before = await (await a.fetch(`/notes/${onA.id}`, { headers: HTML })).text();
    expect(before).not.toContain(NOINDEX);
    expect((await a.api("GET", `/api/v1/actors/lookup?q=${encodeURIComponent(b.handle("bob"))}`, undefined, alice.token)).body).toMatchObject({ discoverable: true, indexable: true });

    // bob changes his mind on B; B publishes it in his actor and tells his followers.
    const changed = await b.api("PATCH", "/api/v1/me/privacy", { indexable: false, discoverable: false }, bob.token);
    expect(changed.status).toBe(200);
    const person = await (await b.fetch(`/api/v1/me`, { headers: { authorization: `Bearer ${bob.token}` } })).json();
    const served = await (await b.fetch(person.uri, { headers: AP })).json();
    expect(served).toMatchObject({ discoverable: false, indexable: false });

    await waitFor(async () => {
      const seen = await a.api("GET", `/api/v1/actors/lookup?q=${encodeURIComponent(b.handle("bob"))}`, undefined, alice.token);
      return seen.body.indexable === false && seen.body.discoverable === false;
    }, { message: "A stored bob's refusal", timeout: 60_000 });
    const after = await (await a.fetch(`/notes/${onA.id}`, { headers: HTML })).text();
    expect(after).toContain(NOINDEX);
  }, 240_000);
});
