// The right to erasure across the network (issue 15): alice deletes her
// account on A; bob's server B (he follows her) and carol's server C (she
// only liked one of alice's notes: no follow) both drop alice's notes, from
// their pages and their API. Three real instances over signed HTTP.
import { describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";

const HTML = { Accept: "text/html" };

describe("account deletion across instances", () => {
  const net = useInstances(3);

  it("removes the member's notes on every server that knows them, followers or not", async () => {
    const [a, b, c] = net.instances as [Instance, Instance, Instance];
    const alice = await a.createUser("alice");
    const bob = await b.createUser("bob");
    const carol = await c.createUser("carol");
    expect((await b.api("POST", "/api/v1/follows", { target: a.handle("alice") }, bob.token)).status).toBe(201);
    await waitFor(async () => (await b.api("GET", "/api/v1/following", undefined, bob.token)).body.items[0]?.status === "accepted", { message: "bob follows alice" });

    const titles = ["Semences de la coopérative Tremblay", "Corvées du jardin de la rue Ouimet"];
    const notes: { id: string; uri: string }[] = [];
    for (const [index, title] of titles.entries()) {
      const created = await a.api("POST", "/api/v1/notes", { title, content: "Des corvées partagées.", license: index === 0 ? "cc-by-sa-4.0" : "all-rights-reserved" }, alice.token);
      expect(created.status).toBe(201);
      notes.push(created.body as { id: string; uri: string });
    }
    // An edit: a revision on A, and on B (every received edit is kept as a revision).
    expect((await a.api("PATCH", `/api/v1/notes/${notes[0]!.id}`, { content: "Des corvées partagées, le samedi." }, alice.token)).status).toBe(200);

    const onB: { id: string }[] = [];
    for (const note of notes) {
      onB.push(await waitFor(async () => {
        const seen = await b.api("GET", `/api/v1/notes/by-uri?uri=${encodeURIComponent(note.uri)}`, undefined, bob.token);
        return seen.status === 200 ? (seen.body as { id: string }) : null;
      }, { message: "the note reached B" }));
    }
    await waitFor(async () => (await b.api("GET", `/api/v1/notes/${onB[0]!.id}`, undefined, bob.token)).body.revision === 2, { message: "the edit reached B" });
    expect(await (await b.fetch(`/notes/${onB[0]!.id}`, { headers: HTML })).text()).toContain(titles[0]);

    // carol, on C, finds the first note by its address and likes it: A now knows C, though nobody there follows alice.
    const found = await c.api("GET", `/api/v1/search?q=${encodeURIComponent(notes[0]!.uri)}`, undefined, carol.token);
    expect(found.status).toBe(200);
    const onC = found.body.note as { id: string };
    expect((await c.api("POST", `/api/v1/notes/${onC.id}/like`, undefined, carol.token)).status).toBe(201);
    await waitFor(async () => (await a.api("GET", `/api/v1/notes/${notes[0]!.id}`, undefined, alice.token)).body.likesCount === 1, { message: "carol's Like reached A" });

    // The password confirms the deletion.
    expect((await a.api("DELETE", "/api/v1/me", {}, alice.token)).status).toBe(400);
    expect((await a.api("DELETE", "/api/v1/me", { password: "not the password" }, alice.token)).status).toBe(403);
    const deleted = await a.api("DELETE", "/api/v1/me", { password: alice.password }, alice.token);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ deletedNotes: 2, anonymizedNotes: 0 });
    expect(deleted.body.notifiedServers).toBeGreaterThanOrEqual(2);
    expect((await a.api("GET", "/api/v1/me", undefined, alice.token)).status).toBe(401);
    for (const note of notes) expect((await a.fetch(`/notes/${note.id}`, { headers: HTML })).status).toBe(410);

    // B (a follower's server): neither its API nor its pages show her notes any more.
    for (const [index, note] of notes.entries()) {
      await waitFor(async () => (await b.api("GET", `/api/v1/notes/by-uri?uri=${encodeURIComponent(note.uri)}`, undefined, bob.token)).status !== 200, {
        message: "B dropped alice's note",
        timeout: 90_000,
      });
      expect((await b.api("GET", `/api/v1/notes/${onB[index]!.id}`, undefined, bob.token)).status).toBeGreaterThanOrEqual(400);
      const page = await b.fetch(`/notes/${onB[index]!.id}`, { headers: HTML });
      expect(page.status).toBeGreaterThanOrEqual(400);
      expect(await page.text()).not.toContain(titles[index]!);
      expect((await b.api("GET", `/api/v1/notes/${onB[index]!.id}/revisions`, undefined, bob.token)).status).toBeGreaterThanOrEqual(400);
    }
    expect(await (await b.fetch("/notes", { headers: HTML })).text()).not.toContain(titles[0]!);
    await waitFor(async () => (await b.api("GET", "/api/v1/following", undefined, bob.token)).body.total === 0, { message: "bob no longer follows alice" });

    // C (no follower there): the Delete reached it too.
    await waitFor(async () => (await c.api("GET", `/api/v1/notes/${onC.id}`, undefined, carol.token)).status !== 200, {
      message: "C dropped alice's note",
      timeout: 90_000,
    });
    const pageOnC = await c.fetch(`/notes/${onC.id}`, { headers: HTML });
    expect(pageOnC.status).toBeGreaterThanOrEqual(400);
    expect(await pageOnC.text()).not.toContain(titles[0]!);
  }, 240_000);
});
