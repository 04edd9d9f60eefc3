// Searching for anything: GET /api/v1/search and the /search page, over the
// real lookup and a strict fake network serving captured Lemmy JSON.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import type { ActorRow } from "../../src/domain/actors.ts";
import { createApiToken } from "../../src/domain/api-tokens.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import { addItem, createNotebook } from "../../src/domain/notebooks.ts";
import { createApp } from "../../src/http/app.ts";
import { fakeFederation, type FakeFederation } from "../helpers/fake-federation.ts";
import { loadFixture } from "../helpers/fixtures.ts";
import { Browser } from "./browser.ts";

const PASSWORD = "correct horse battery";
const PAGE = "https://enterprise.lemmy.ml/post/55999";
const PICARD = "https://enterprise.lemmy.ml/u/picard";

let net: FakeFederation;
let app: ReturnType<typeof createApp>;
let alice: ActorRow;
let bob: ActorRow;
let token: string;

beforeEach(async () => {
  vi.stubGlobal("fetch", async (input: unknown) => {
    throw new Error(`Unexpected fetch in a unit test: ${String(input)}`);
  });
  net = await fakeFederation();
  net.documents.set(PAGE, loadFixture("lemmy/objects/page_image_and_link.json"));
  net.documents.set(PICARD, loadFixture("lemmy/objects/person.json"));
  app = createApp(net.services);
  const origin = net.services.config.publicUrl;
  ({ actor: alice } = await createUser(net.services.db, origin, { handle: "alice", password: PASSWORD, isAdmin: false }));
  ({ actor: bob } = await createUser(net.services.db, origin, { handle: "bob", password: PASSWORD, isAdmin: false }));
  token = await createApiToken(net.services.db, alice.id, "test");
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await net.services.close();
});

async function search(q: string | null, bearer: string | null = token) {
  const res = await app.request(q == null ? "/api/v1/search" : `/api/v1/search?q=${encodeURIComponent(q)}`, {
    headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
  });
  return { status: res.status, json: await res.json() };
}

describe("GET /api/v1/search", () => {
  it("needs a token to look up another server, and a query", async () => {
    expect((await search("@carol@remote.example", null)).status).toBe(401);
    // Words (even ones that look like a scheme) are a full-text search, open to anyone.
    expect((await search("javascript:alert(1)", null)).status).toBe(200);
    for (const q of [null, "", "   ", "x".repeat(501), "ftp://example.org/x"]) {
      const { status, json } = await search(q);
      expect(status, String(q)).toBe(400);
      expect(json.error).toBe("invalid");
    }
  });

  it("finds an actor, a note and a notebook of this instance", async () => {
    expect(await search("@bob")).toMatchObject({ status: 200, json: { kind: "actor", actor: { id: bob.id, handle: "@bob@test.example" } } });
    const details = await createNote(net.services, alice, { title: "Semis d'automne", content: "Quoi semer." });
    expect(await search(details.note.uri)).toMatchObject({ status: 200, json: { kind: "note", note: { id: details.note.id, title: "Semis d'automne", likesCount: 0 } } });
    const notebook = await createNotebook(net.services, alice, { title: "Potager" });
    await addItem(net.services, alice, notebook.id, { note: details.note.uri });
    const found = await search(notebook.uri);
    expect(found).toMatchObject({ status: 200, json: { kind: "notebook", notebook: { id: notebook.id, title: "Potager" } } });
    expect(found.json.notebook.items.map((i: { noteUri: string }) => i.noteUri)).toEqual([details.note.uri]);
    expect(net.fetched).toEqual([]);
  });

  it("fetches and keeps a note of another server", async () => {
    const { status, json } = await search(PAGE);
    expect(status).toBe(200);
    expect(json.kind).toBe("note");
    expect(json.note).toMatchObject({ uri: PAGE, local: false, title: "Post with image and link", authors: [{ uri: PICARD }] });
    // Kept: readable by its local id afterwards.
    expect((await app.request(`/api/v1/notes/${json.note.id}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it("answers 404 for nothing, and for a note the person may not read", async () => {
    expect(await search("@nobody")).toMatchObject({ status: 404, json: { error: "not_found" } });
    expect((await search("https://test.example/notes/01nothing000000000000000000")).status).toBe(404);
    const restricted = await createNote(net.services, bob, { title: "Pour mes abonné·es", content: "x", visibility: "followers" });
    expect((await search(restricted.note.uri)).status).toBe(404);
  });

  it("answers 400 with the reason for an address it may not fetch", async () => {
    const strict = await fakeFederation({});
    try {
      const { actor } = await createUser(strict.services.db, strict.services.config.publicUrl, { handle: "alice", password: PASSWORD, isAdmin: false });
      const strictToken = await createApiToken(strict.services.db, actor.id, "test");
      const res = await createApp(strict.services).request(`/api/v1/search?q=${encodeURIComponent("http://10.0.0.1/notes/1")}`, { headers: { authorization: `Bearer ${strictToken}` } });
      expect(res.status).toBe(400);
      expect((await res.json()).message).toMatch(/^Refused to fetch http:\/\/10\.0\.0\.1\/notes\/1/);
    } finally {
      await strict.services.close();
    }
  });
});

describe("the /search page", () => {
  it("shows a note found elsewhere with its authors, linking to the copy kept here and to the original", async () => {
    const browser = new Browser(app);
    await browser.signIn("alice", PASSWORD);
    const { res, page } = await browser.get(`/search?q=${encodeURIComponent(PAGE)}`);
    expect(res.status).toBe(200);
    const copy = await net.services.db.selectFrom("notes").select("id").where("uri", "=", PAGE).executeTakeFirstOrThrow();
    expect(page).toContain(`<a href="/notes/${copy.id}">Post with image and link</a>`);
    expect(page).toContain("Jean-Luc Picard</a>");
    expect(page).toContain(`<a href="${PAGE}" rel="nofollow noopener noreferrer">Voir l&#39;original sur enterprise.lemmy.ml</a>`);
    // The copy's page works here.
    expect((await browser.get(`/notes/${copy.id}`)).res.status).toBe(200);
  });

  it("shows a notebook with its curators and size; visitors may look up what is here, not elsewhere", async () => {
    const notebook = await createNotebook(net.services, alice, { title: "Potager", summary: "Ce qui pousse" });
    const browser = new Browser(app);
    const { res, page } = await browser.get(`/search?q=${encodeURIComponent(notebook.uri)}`);
    expect(res.status).toBe(200);
    expect(page).toContain(`<h2><a href="/notebooks/${notebook.id}">Potager</a></h2>`);
    expect(page).toContain("Notes : 0");
    expect(page).toContain('<a href="/@alice">alice</a>');
    const anonymous = await browser.get(`/search?q=${encodeURIComponent(PAGE)}`);
    expect(anonymous.page).toContain("Connectez-vous pour chercher sur d&#39;autres serveurs");
    expect(net.fetched).toEqual([]);
  });
});
