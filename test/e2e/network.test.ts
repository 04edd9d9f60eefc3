// The network of instances: a note from sectoral instance B cross-posted into
// communities on regional A and sectoral C; replies from C and A make one
// discussion that every instance shows; B's edit and deletion follow.
import { describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";

const byUri = (uri: string) => `/api/v1/notes/by-uri?uri=${encodeURIComponent(uri)}`;

describe("the network of instances", () => {
  const net = useInstances(3, { names: ["Régional A", "Sectoriel B", "Sectoriel C"] });

  it("cross-posts a note into communities on two instances and keeps one discussion and its lifecycle", async () => {
    const [a, b, c] = net.instances as [Instance, Instance, Instance];
    const [modA, modC, author, memberC, memberA] = await Promise.all([
      a.createUser("animation"),
      c.createUser("animation"),
      b.createUser("autrice"),
      c.createUser("membrec"),
      a.createUser("membrea"),
    ]);
    expect((await a.api("POST", "/api/v1/communities", { handle: "laurentides", visibility: "public" }, modA.token)).status).toBe(201);
    expect((await c.api("POST", "/api/v1/communities", { handle: "aines", visibility: "public" }, modC.token)).status).toBe(201);
    await a.api("POST", "/api/v1/follows", { target: "@laurentides@" + a.host }, memberA.token);
    await c.api("POST", "/api/v1/follows", { target: "@aines@" + c.host }, memberC.token);

    // Author-driven cross-posting: one note, two communities elsewhere.
    const note = await b.api(
      "POST",
      "/api/v1/notes",
      { title: "Proches aidants", content: "Ressources pour les proches aidants.", communities: [a.handle("laurentides"), c.handle("aines")] },
      author.token,
    );
    expect(note.status).toBe(201);
    const postsOn = async (instance: Instance, token: string, handle: string) =>
      (await instance.api("GET", `/api/v1/communities/${handle}/posts`, undefined, token)).body.items.map((p: { uri: string }) => p.uri);
    await waitFor(async () => (await postsOn(a, modA.token, "laurentides")).includes(note.body.uri), { message: "A's community took the note" });
    await waitFor(async () => (await postsOn(c, modC.token, "aines")).includes(note.body.uri), { message: "C's community took the note" });
    const onA = await a.api("GET", byUri(note.body.uri), undefined, modA.token);
    expect(onA.body).toMatchObject({ local: false, license: { uri: note.body.license.uri } });
    expect(onA.body.authors[0].handle).toBe(`@autrice@${b.host}`);

    // A member of C replies (to the author only, as Mastodon would); a member of A replies to that reply.
    const r1 = (await c.api("POST", "/api/v1/notes", { inReplyTo: note.body.uri, content: "Merci, très utile." }, memberC.token)).body;
    await waitFor(async () => (await a.api("GET", byUri(r1.uri), undefined, memberA.token)).status === 200, { message: "the first reply reached A" });
    const r2 = (await a.api("POST", "/api/v1/notes", { inReplyTo: r1.uri, content: "On en parle aussi dans les Laurentides." }, memberA.token)).body;
    await waitFor(async () => (await c.api("GET", byUri(r2.uri), undefined, memberC.token)).status === 200, { message: "the second reply reached C" });
    // The author answers on B, and a member of A answers the note itself: a five-message thread.
    const r3 = (await b.api("POST", "/api/v1/notes", { inReplyTo: r2.uri, content: "Merci à vous deux." }, author.token)).body;
    const r4 = (await a.api("POST", "/api/v1/notes", { inReplyTo: note.body.uri, content: "Une autre ressource : le CLSC." }, memberA.token)).body;

    // Every instance shows the whole conversation.
    for (const [instance, token] of [[a, modA.token], [b, author.token], [c, modC.token]] as const) {
      for (const message of [note.body, r1, r2, r3, r4]) {
        await waitFor(async () => (await instance.api("GET", byUri(message.uri), undefined, token)).status === 200, {
          message: `${instance.name} shows ${message.uri}`,
        });
      }
    }
    // And each community files the whole thread.
    await waitFor(async () => (await postsOn(a, modA.token, "laurentides")).length === 5, { message: "A's community files the thread" });
    await waitFor(async () => (await postsOn(c, modC.token, "aines")).length === 5, { message: "C's community files the thread" });

    // The author edits, then deletes: both communities follow.
    expect((await b.api("PATCH", `/api/v1/notes/${note.body.id}`, { title: "Proches aidants (mis à jour)" }, author.token)).status).toBe(200);
    for (const [instance, token] of [[a, modA.token], [c, modC.token]] as const) {
      await waitFor(async () => (await instance.api("GET", byUri(note.body.uri), undefined, token)).body.title === "Proches aidants (mis à jour)", {
        message: `${instance.name} shows the edit`,
      });
    }
    expect((await b.api("DELETE", `/api/v1/notes/${note.body.id}`, undefined, author.token)).status).toBe(204);
    for (const [instance, token] of [[a, modA.token], [c, modC.token]] as const) {
      await waitFor(async () => (await instance.api("GET", byUri(note.body.uri), undefined, token)).status === 410, { message: `${instance.name} removed it` });
    }
  });

  it("answers a cross-post the community's policy refuses with Reject, and announces nothing", async () => {
    const [a, b] = net.instances as [Instance, Instance, Instance];
    const mod = await a.createUser("garde");
    const outsider = await b.createUser("dehors");
    const priv = (await a.api("POST", "/api/v1/communities", { handle: "ferme", visibility: "public", postingRestrictedToMods: true }, mod.token)).body;
    expect(priv.postingRestrictedToMods).toBe(true);
    const post = await b.api("POST", "/api/v1/notes", { title: "Puis-je?", content: "Essai.", communities: [a.handle("ferme")] }, outsider.token);
    expect(post.status).toBe(201);
    await waitFor(() => new RegExp(`Community '?${priv.uri}'? refused '?${post.body.uri}'?: '?moderators_only`).test(b.logs()), { message: "B received the Reject" });
    expect((await a.api("GET", "/api/v1/communities/ferme/posts", undefined, mod.token)).body.items).toEqual([]);
    const onB = await b.api("GET", `/api/v1/communities/${encodeURIComponent(a.handle("ferme"))}/posts`, undefined, outsider.token);
    expect(onB.body.items).toEqual([]);
  });

  it("a private community on C takes in a public note from A and discusses it without A receiving anything", async () => {
    const [a, , c] = net.instances as [Instance, Instance, Instance];
    const writer = await a.createUser("redactrice");
    const curator = await c.createUser("curatrice");
    const member = await c.createUser("discret");
    const note = (await a.api("POST", "/api/v1/notes", { title: "Guide public", content: "Un guide ouvert.", license: "cc-by-sa-4.0" }, writer.token)).body;
    const closed = (await a.api("POST", "/api/v1/notes", { title: "Texte réservé", content: "Tous droits réservés.", license: "all-rights-reserved" }, writer.token)).body;
    expect((await c.api("POST", "/api/v1/communities", { handle: "huisclos", visibility: "private" }, curator.token)).status).toBe(201);
    await c.api("POST", "/api/v1/follows", { target: "@huisclos@" + c.host }, member.token);
    const request = (await c.api("GET", "/api/v1/communities/huisclos/requests", undefined, curator.token)).body.items[0];
    await c.api("POST", `/api/v1/communities/huisclos/requests/${request.id}/accept`, undefined, curator.token);

    // Curator-driven: the community takes in the note itself (no copy, attribution and licence intact).
    const shared = await c.api("POST", "/api/v1/communities/huisclos/shares", { note: note.uri }, curator.token);
    expect(shared.status).toBe(201);
    expect(shared.body).toMatchObject({ mode: "announce", warning: null, note: { uri: note.uri, local: false, license: { id: "cc-by-sa-4.0" } } });
    // A note whose licence forbids re-publication becomes a link card, with a warning.
    const card = await c.api("POST", "/api/v1/communities/huisclos/shares", { note: closed.uri }, curator.token);
    expect(card.status).toBe(201);
    expect(card.body.mode).toBe("link-card");
    expect(card.body.warning).toMatch(/all rights reserved/);
    expect(card.body.note.links).toEqual([closed.uri]);

    // The private discussion stays in the community.
    const reply = (await c.api("POST", "/api/v1/notes", { inReplyTo: note.uri, content: "Qu'en pensons-nous, entre nous?" }, member.token)).body;
    expect(reply.visibility).toBe("community");
    const posts = (await c.api("GET", "/api/v1/communities/huisclos/posts", undefined, member.token)).body.items.map((p: { uri: string }) => p.uri);
    expect(posts).toEqual(expect.arrayContaining([note.uri, reply.uri, card.body.note.uri]));
    // A received nothing: give deliveries a moment, then look.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect((await a.api("GET", byUri(reply.uri), undefined, writer.token)).status).toBe(404);
    expect(a.logs()).not.toContain(reply.uri);
    expect(a.logs()).not.toContain("huisclos");
  });
});
