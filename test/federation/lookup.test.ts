// The lookup behind the search, over a strict fake network serving captured
// Lemmy JSON: notes, communities and notebooks of other servers are fetched
// and kept (nobody follows their authors); ours come from the database
// without a fetch; what a server says in someone else's name is refused.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { resolveActorByUri } from "../../federation/actors/resolve-actor.ts";
import { createUser } from "../../src/domain/accounts.ts";
import { findActorByUri, type ActorRow } from "../../src/domain/actors.ts";
import { DomainError } from "../../src/domain/errors.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import { createNotebook, loadNotebook, orderedItems } from "../../src/domain/notebooks.ts";
import { findNoteByUri, noteAuthors } from "../../src/domain/notes.ts";
import { fakeFederation, type FakeFederation } from "../helpers/fake-federation.ts";
import { loadFixture } from "../helpers/fixtures.ts";

const PAGE = "https://enterprise.lemmy.ml/post/55999";
const PICARD = "https://enterprise.lemmy.ml/u/picard";
const TENFORWARD = "https://enterprise.lemmy.ml/c/tenforward";
const AS = "https://www.w3.org/ns/activitystreams";

let net: FakeFederation;
let alice: ActorRow;

beforeEach(async () => {
  // What the document loaders do not serve, Fedify asks WebFinger (plain fetch): never in a test.
  vi.stubGlobal("fetch", async (input: unknown) => {
    throw new Error(`Unexpected fetch in a unit test: ${String(input)}`);
  });
  net = await fakeFederation();
  net.documents.set(PAGE, loadFixture("lemmy/objects/page_image_and_link.json"));
  net.documents.set(PICARD, loadFixture("lemmy/objects/person.json"));
  net.documents.set(TENFORWARD, loadFixture("lemmy/objects/group.json"));
  ({ actor: alice } = await createUser(net.services.db, net.services.config.publicUrl, { handle: "alice", password: "un-mot-de-passe-solide", isAdmin: false }));
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await net.services.close();
});

const resolve = (query: string) => net.services.lookup.resolve(query);

describe("lookup of another server's things", () => {
  it("keeps a note nobody here follows, with its authors, and answers from the copy while fresh", async () => {
    const found = await resolve(PAGE);
    expect(found?.kind).toBe("note");
    const note = found?.kind === "note" ? found.note : null;
    expect(note).toMatchObject({ uri: PAGE, is_local: 0, title: "Post with image and link", visibility: "public" });
    expect((await noteAuthors(net.services.db, note!.id)).map((a) => a.uri)).toEqual([PICARD]);
    expect(net.fetched).toEqual([PAGE, PICARD]);

    const again = await resolve(` ${PAGE} `);
    expect(again?.kind === "note" && again.note.id).toBe(note!.id);
    expect(net.fetched).toHaveLength(2);
  });

  it("finds a community (Group) by URL, and a person", async () => {
    const group = await resolve(TENFORWARD);
    expect(group?.kind === "actor" && group.actor).toMatchObject({ uri: TENFORWARD, type: "Group", username: "tenforward", is_local: 0 });
    const person = await resolve(PICARD);
    expect(person?.kind === "actor" && person.actor).toMatchObject({ uri: PICARD, type: "Person", name: "Jean-Luc Picard" });
  });

  it("keeps a notebook (an ordered collection with curators) and its items in order", async () => {
    const curator = "https://notebooks.example/actors/c1";
    net.documents.set(curator, { "@context": AS, id: curator, type: "Person", preferredUsername: "claire", inbox: `${curator}/inbox` });
    const uri = "https://notebooks.example/notebooks/n1";
    net.documents.set(uri, {
      "@context": AS,
      id: uri,
      type: "OrderedCollection",
      name: "Jardins",
      summary: "<p>Tout sur les jardins</p>",
      attributedTo: [curator],
      totalItems: 2,
      orderedItems: ["https://notebooks.example/notes/b", PAGE],
    });
    const found = await resolve(uri);
    expect(found?.kind).toBe("notebook");
    const notebook = found?.kind === "notebook" ? found.notebook : null;
    expect(notebook).toMatchObject({ uri, title: "Jardins", summary: "Tout sur les jardins", is_local: 0 });
    const view = await loadNotebook(net.services.db, notebook!);
    expect(view.curators.map((c) => c.uri)).toEqual([curator]);
    expect(orderedItems(view).map((i) => i.item.note_uri)).toEqual(["https://notebooks.example/notes/b", PAGE]);
  });

  it("keeps nothing a server says in the name of people of other servers only", async () => {
    const forged = "https://forged.example/post/1";
    net.documents.set(forged, { ...loadFixture("lemmy/objects/page_image_and_link.json"), id: forged });
    expect(await resolve(forged)).toBeNull();
    expect(await findNoteByUri(net.services.db, forged)).toBeUndefined();

    const notebook = "https://forged.example/notebooks/n";
    net.documents.set(notebook, { "@context": AS, id: notebook, type: "OrderedCollection", name: "Faux", attributedTo: [PICARD], orderedItems: [] });
    expect(await resolve(notebook)).toBeNull();
  });

  it("answers nothing for collections that are not notebooks and for what does not answer", async () => {
    const featured = "https://mastodon.social/users/LemmyDev/collections/featured";
    net.documents.set(featured, loadFixture("mastodon/collections/featured.json"));
    expect(await resolve(featured)).toBeNull();
    expect(await resolve("https://gone.example/post/404")).toBeNull();
    expect(await resolve("not a url")).toBeNull();
    expect(await resolve("ftp://enterprise.lemmy.ml/post/1")).toBeNull();
  });

  it("refuses private addresses and plain http with a message safe to show", async () => {
    const strict = await fakeFederation({});
    try {
      await expect(strict.services.lookup.resolve("http://10.0.0.1/notes/1")).rejects.toThrow(DomainError);
      await expect(strict.services.lookup.resolve("https://127.0.0.1/notes/1")).rejects.toThrow(/Refused to fetch/);
      // A host that does not exist is nothing found, not a refusal.
      expect(await strict.services.lookup.resolve("https://gone.example/notes/1")).toBeNull();
      expect(strict.fetched).toEqual([]);
    } finally {
      await strict.services.close();
    }
  });
});

describe("lookup of our own things", () => {
  it("answers from the database and never fetches", async () => {
    const { services } = net;
    const details = await createNote(services, alice, { title: "Semis d'automne", content: "Quoi semer.", visibility: "public" });
    const notebook = await createNotebook(services, alice, { title: "Potager" });
    const origin = services.config.publicUrl.origin;

    expect(await resolve(details.note.uri)).toMatchObject({ kind: "note", note: { id: details.note.id } });
    expect(await resolve(notebook.uri)).toMatchObject({ kind: "notebook", notebook: { id: notebook.id } });
    expect(await resolve(alice.uri)).toMatchObject({ kind: "actor", actor: { id: alice.id } });
    expect(await resolve(`${origin}/@alice`)).toMatchObject({ kind: "actor", actor: { id: alice.id } });
    expect(await resolve("@alice@test.example")).toMatchObject({ kind: "actor", actor: { id: alice.id } });
    expect(await resolve(`${origin}/notes/01nothinghere0000000000000`)).toBeNull();
    expect(await resolve(`${origin}/about`)).toBeNull();

    // The page of a copy kept here finds that copy.
    const remote = await resolve(PAGE);
    const copy = remote?.kind === "note" ? remote.note : null;
    expect(await resolve(`${origin}/notes/${copy!.id}`)).toMatchObject({ kind: "note", note: { uri: PAGE } });
    expect(net.fetched).toEqual([PAGE, PICARD]);
  });
});

describe("cached remote actors", () => {
  it("are refetched on use once stale (24 h), and not before", async () => {
    const ctx = net.context();
    const first = await resolveActorByUri(ctx, new URL(PICARD));
    expect(first?.name).toBe("Jean-Luc Picard");
    expect(net.fetched).toEqual([PICARD]);

    // Fresh: the cached row answers, even if the server now says otherwise.
    net.documents.set(PICARD, { ...loadFixture("lemmy/objects/person.json"), name: "Locutus" });
    expect((await resolveActorByUri(ctx, new URL(PICARD)))?.name).toBe("Jean-Luc Picard");
    expect(net.fetched).toHaveLength(1);

    const twoDaysAgo = new Date(Date.now() - 48 * 60 * 60 * 1000).toISOString();
    await net.services.db.updateTable("actors").set({ fetched_at: twoDaysAgo }).where("uri", "=", PICARD).execute();
    const refreshed = await resolveActorByUri(ctx, new URL(PICARD));
    expect(refreshed?.name).toBe("Locutus");
    expect(refreshed?.id).toBe(first?.id);
    expect(net.fetched).toEqual([PICARD, PICARD]);
    expect(Date.parse((await findActorByUri(net.services.db, PICARD))!.fetched_at!)).toBeGreaterThan(Date.parse(twoDaysAgo));

    // Stale and unreachable: the cached copy still answers.
    await net.services.db.updateTable("actors").set({ fetched_at: twoDaysAgo }).where("uri", "=", PICARD).execute();
    net.documents.delete(PICARD);
    expect((await resolveActorByUri(ctx, new URL(PICARD)))?.name).toBe("Locutus");
  });
});
