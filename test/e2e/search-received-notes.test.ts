// Full-text search finds what arrived from elsewhere: a note published on B
// reaches A (A's member follows its author) and A's search finds it by its
// French words, plural and accents folded, marked with B's host; a
// followers-only note of B is found only by the follower who received it.
import { describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";

describe("search over notes received from another instance", () => {
  const net = useInstances(2);

  it("A finds B's note by its words, and a followers-only one only for the follower", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    const alice = await a.createUser("alice");
    const dora = await a.createUser("dora");
    const bruno = await b.createUser("bruno");
    expect((await a.api("POST", "/api/v1/follows", { target: b.handle("bruno") }, alice.token)).status).toBe(201);
    await waitFor(async () => (await a.api("GET", "/api/v1/following", undefined, alice.token)).body.total === 1, { message: "alice follows bruno" });

    const published = await b.api("POST", "/api/v1/notes", { title: "Agricultures urbaines à Gatineau", content: "Nos **communs** et la gouvernance selon Ostrom.", language: "fr" }, bruno.token);
    expect(published.status).toBe(201);
    const restricted = await b.api("POST", "/api/v1/notes", { title: "Économies du quartier", content: "Entre abonnés seulement.", visibility: "followers" }, bruno.token);
    expect(restricted.status).toBe(201);

    // Found by A's search once received: anonymous, without a token.
    const found = await waitFor(
      async () => {
        const res = await a.fetch(`/api/v1/search?q=${encodeURIComponent("agriculture urbaine")}`);
        const body = (await res.json()) as { notes: { uri: string; local: boolean; excerpt: string }[] };
        return body.notes.length > 0 ? body : null;
      },
      { message: "A's search finds B's note", timeout: 60_000 },
    );
    expect(found.notes).toMatchObject([{ uri: published.body.uri, local: false }]);
    const communs = (await (await a.fetch("/api/v1/search?q=Communs")).json()) as { notes: { uri: string; excerpt: string }[] };
    expect(communs.notes.map((n) => n.uri)).toEqual([published.body.uri]);
    expect(communs.notes[0]!.excerpt).toContain("<mark>communs</mark>");
    const fromB = (await (await a.fetch(`/api/v1/search?q=ostrom&instance=${encodeURIComponent(new URL(b.origin).host)}`)).json()) as { notes: unknown[] };
    expect(fromB.notes.length).toBe(1);

    // The followers-only note reached A for alice: she finds it, dora and visitors do not.
    const forAlice = await waitFor(
      async () => {
        const body = (await a.api("GET", `/api/v1/search?q=${encodeURIComponent("économie")}`, undefined, alice.token)).body as { notes: { uri: string }[] };
        return body.notes.length > 0 ? body : null;
      },
      { message: "alice finds the followers-only note", timeout: 60_000 },
    );
    expect(forAlice.notes.map((n) => n.uri)).toEqual([restricted.body.uri]);
    expect((await a.api("GET", "/api/v1/search?q=economies", undefined, dora.token)).body.notes).toEqual([]);
    expect(((await (await a.fetch("/api/v1/search?q=economies")).json()) as { notes: unknown[] }).notes).toEqual([]);

    // The page too, without JavaScript or an account.
    const page = await (await a.fetch("/search?q=agriculture+urbaine")).text();
    expect(page).toContain("<mark>Agricultures</mark> <mark>urbaines</mark> à Gatineau");
    expect(page).toContain(`sur ${new URL(b.origin).host}`);
  }, 240_000);
});
