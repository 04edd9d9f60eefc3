// Finding remote things across two real instances: someone on B searches a
// note, a notebook and a community of A (each fetched and kept on B though
// nobody there follows anyone on A), then joins the community and finds its
// earlier threads already there (backfilled from the Group's outbox).
import { describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";

describe("search and backfill across instances", () => {
  const net = useInstances(2);

  it("a note, a notebook and a community of A, searched from B", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    const alice = await a.createUser("alice");
    const bob = await b.createUser("bob");
    const note = (await a.api("POST", "/api/v1/notes", { title: "Les semis d'automne", content: "Ail, épinards, mâche.", visibility: "public" }, alice.token)).body;
    expect(note.uri).toMatch(new RegExp(`^${a.origin}/notes/`));

    const found = await b.api("GET", `/api/v1/search?q=${encodeURIComponent(note.uri)}`, undefined, bob.token);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ kind: "note", note: { uri: note.uri, local: false, title: "Les semis d'automne", authors: [{ handle: a.handle("alice") }] } });
    // Kept on B, nobody there following alice.
    const kept = await b.api("GET", `/api/v1/notes/by-uri?uri=${encodeURIComponent(note.uri)}`, undefined, bob.token);
    expect(kept.status).toBe(200);
    expect(kept.body.id).toBe(found.body.note.id);
    expect((await b.fetch(`/notes/${kept.body.id}`)).status).toBe(200);

    const notebook = (await a.api("POST", "/api/v1/notebooks", { title: "Potager d'automne", summary: "Tout pour l'automne" }, alice.token)).body;
    expect((await a.api("POST", `/api/v1/notebooks/${notebook.id}/items`, { note: note.uri }, alice.token)).status).toBe(201);
    const book = await b.api("GET", `/api/v1/search?q=${encodeURIComponent(notebook.uri)}`, undefined, bob.token);
    expect(book.status).toBe(200);
    expect(book.body).toMatchObject({ kind: "notebook", notebook: { uri: notebook.uri, local: false, title: "Potager d'automne", curators: [{ handle: a.handle("alice") }] } });
    expect(book.body.notebook.items.map((i: { noteUri: string }) => i.noteUri)).toEqual([note.uri]);
    // The note it holds is the copy B already keeps.
    expect(book.body.notebook.items[0].note).toMatchObject({ id: kept.body.id, title: "Les semis d'automne" });

    expect((await a.api("POST", "/api/v1/communities", { handle: "potagers", name: "Potagers", visibility: "public" }, alice.token)).status).toBe(201);
    const group = await b.api("GET", `/api/v1/search?q=${encodeURIComponent(a.handle("potagers"))}`, undefined, bob.token);
    expect(group.status).toBe(200);
    expect(group.body).toMatchObject({ kind: "actor", actor: { type: "Group", handle: a.handle("potagers"), local: false } });

    // Nothing, and what B may not fetch.
    expect((await b.api("GET", `/api/v1/search?q=${encodeURIComponent(`${a.origin}/notes/01nothing000000000000000000`)}`, undefined, bob.token)).status).toBe(404);
    expect((await b.api("GET", "/api/v1/search?q=ftp%3A%2F%2Fx", undefined, bob.token)).status).toBe(400);
  });

  it("joining A's public community from B backfills its earlier threads", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    const animatrice = await a.createUser("animatrice");
    const carole = await b.createUser("carole");
    expect((await a.api("POST", "/api/v1/communities", { handle: "semences", name: "Semences", visibility: "public" }, animatrice.token)).status).toBe(201);
    const titles = ["Échange de graines", "Tomates patrimoniales", "Conserver ses semences"];
    const threads = [];
    for (const title of titles) {
      const post = await a.api("POST", "/api/v1/notes", { title, content: `À propos : ${title}`, communities: ["semences"] }, animatrice.token);
      expect(post.status).toBe(201);
      threads.push(post.body);
    }
    // A reply is part of a thread, not a thread: the outbox does not list it.
    expect((await a.api("POST", "/api/v1/notes", { inReplyTo: threads[0].uri, content: "Moi aussi!", communities: ["semences"] }, animatrice.token)).status).toBe(201);
    const outbox = await (await a.fetch(`${(await a.api("GET", "/api/v1/communities/semences", undefined, animatrice.token)).body.uri}/outbox`, { headers: { Accept: "application/activity+json" } })).json();
    expect(outbox.totalItems).toBe(3);

    const posts = async () => (await b.api("GET", `/api/v1/communities/${encodeURIComponent(a.handle("semences"))}/posts`, undefined, carole.token)).body.items;
    expect(await posts()).toEqual([]);
    expect((await b.api("POST", "/api/v1/follows", { target: a.handle("semences") }, carole.token)).status).toBe(201);
    const backfilled = await waitFor(async () => {
      const items = await posts();
      return items.length === 3 ? items : null;
    }, { timeout: 20_000, message: "B backfilled the community's three threads" });
    expect(backfilled.map((p: { uri: string }) => p.uri).sort()).toEqual(threads.map((t) => t.uri).sort());
    expect(backfilled.every((p: { local: boolean; inReplyTo: string | null }) => !p.local && p.inReplyTo == null)).toBe(true);
    await waitFor(() => /Backfilled 3 of 3 outbox items/.test(b.logs()), { message: "B logged the backfill" });
  });
});
