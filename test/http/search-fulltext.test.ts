// Full-text search through HTTP: GET /api/v1/search with words, and the
// /search page (no script needed), with visibility, filters, paging and
// input that must never cause a 500.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import type { ActorRow } from "../../src/domain/actors.ts";
import { createApiToken } from "../../src/domain/api-tokens.ts";
import { isoNow } from "../../src/domain/clock.ts";
import { newId } from "../../src/domain/ids.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import { createTerm } from "../../src/domain/terms.ts";
import { createApp } from "../../src/http/app.ts";
import { fakeFederation, type FakeFederation } from "../helpers/fake-federation.ts";
import { Browser } from "./browser.ts";

const PASSWORD = "correct horse battery";

let net: FakeFederation;
let app: ReturnType<typeof createApp>;
let alice: ActorRow;
let bob: ActorRow;
let aliceToken: string;
let bobToken: string;

beforeEach(async () => {
  vi.stubGlobal("fetch", async (input: unknown) => {
    throw new Error(`Unexpected fetch in a unit test: ${String(input)}`);
  });
  net = await fakeFederation();
  app = createApp(net.services);
  const origin = net.services.config.publicUrl;
  ({ actor: alice } = await createUser(net.services.db, origin, { handle: "alice", password: PASSWORD, isAdmin: false }));
  ({ actor: bob } = await createUser(net.services.db, origin, { handle: "bob", password: PASSWORD, isAdmin: false }));
  aliceToken = await createApiToken(net.services.db, alice.id, "test");
  bobToken = await createApiToken(net.services.db, bob.id, "test");
  await createNote(net.services, alice, { title: "Agricultures urbaines", content: "Les communs du quartier, d'après Elinor Ostrom.", tags: ["potager"], license: "cc-by-4.0" });
  await createNote(net.services, alice, { title: "Économies locales", content: "Carnet de route sur OpenStreetMap." });
  await createNote(net.services, alice, { title: "Réservé aux abonnés", content: "Les communs, entre nous.", visibility: "followers" });
  await createTerm(net.services.db, origin, { labelFr: "Communs", definitionFr: "Ressources gérées ensemble." });
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await net.services.close();
});

async function api(query: string, token: string | null = null) {
  const res = await app.request(`/api/v1/search?${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, json: await res.json() };
}

const titles = (notes: { title: string }[]) => notes.map((n) => n.title).sort();

describe("GET /api/v1/search with words", () => {
  it("answers without a token with every list, each item with an excerpt", async () => {
    const { status, json } = await api("q=agriculture%20urbaine");
    expect(status).toBe(200);
    expect(Object.keys(json).sort()).toEqual(["communities", "notebooks", "notes", "organizations", "paging", "people", "q", "terms"]);
    expect(titles(json.notes)).toEqual(["Agricultures urbaines"]);
    expect(json.notes[0]).toMatchObject({ title: "Agricultures urbaines", local: true, tags: ["potager"] });
    expect(json.notes[0].excerpt).toContain("Les communs du quartier");
    const communs = await api("q=communs");
    expect(titles(communs.json.notes)).toEqual(["Agricultures urbaines"]);
    expect(communs.json.terms.map((t: { slug: string; excerpt: string }) => [t.slug, t.excerpt])).toEqual([["communs", "Ressources gérées ensemble."]]);
    expect(communs.json.notes[0].excerpt).toContain("<mark>communs</mark>");
    expect(titles((await api("q=economie")).json.notes)).toEqual(["Économies locales"]);
    expect(titles((await api("q=Ostrom")).json.notes)).toEqual(["Agricultures urbaines"]);
    expect(titles((await api("q=openstreetmap")).json.notes)).toEqual(["Économies locales"]);
  });

  it("shows followers-only notes to followers with a token, and ignores the session cookie", async () => {
    expect(titles((await api("q=communs", bobToken)).json.notes)).toEqual(["Agricultures urbaines"]);
    await net.services.db.insertInto("follows").values({ id: newId(), follower_id: bob.id, following_id: alice.id, activity_uri: `https://test.example/f/${newId()}`, status: "accepted", created_at: isoNow(), accepted_at: isoNow() }).execute();
    expect(titles((await api("q=communs", bobToken)).json.notes)).toEqual(["Agricultures urbaines", "Réservé aux abonnés"]);
    expect(titles((await api("q=communs")).json.notes)).toEqual(["Agricultures urbaines"]);
    const browser = new Browser(app);
    await browser.signIn("bob", PASSWORD);
    const viaCookie = await browser.get("/api/v1/search?q=communs");
    expect(titles(JSON.parse(viaCookie.page).notes)).toEqual(["Agricultures urbaines"]);
  });

  it("filters by type and tag, and pages past the end to an empty list", async () => {
    const onlyTerms = await api("q=communs&type=terms");
    expect(onlyTerms.json.notes).toEqual([]);
    expect(onlyTerms.json.terms.length).toBe(1);
    expect(titles((await api("q=communs&tag=potager")).json.notes)).toEqual(["Agricultures urbaines"]);
    expect((await api("q=communs&tag=potager")).json.terms).toEqual([]);
    expect(titles((await api("q=communs&tag=autre")).json.notes)).toEqual([]);
    const past = await api("q=communs&type=notes&offset=50&limit=10");
    expect(past.status).toBe(200);
    expect(past.json.notes).toEqual([]);
    expect(past.json.paging).toMatchObject({ offset: 50, limit: 10, more: { notes: false } });
  });

  it("gives a clear 400, never a 500, for syntax errors, operators and very long queries", async () => {
    for (const q of ['"communs', 'communs" OR "', "NEAR(communs", "communs*", "title:communs", "(communs AND", "^communs", "communs NOT -"]) {
      const { status } = await api(`q=${encodeURIComponent(q)}`);
      expect(status, q).toBe(200);
    }
    expect(titles((await api(`q=${encodeURIComponent('"communs')}`)).json.notes)).toEqual(["Agricultures urbaines"]);
    for (const q of ["x".repeat(201), "mot ".repeat(300), "\"*()'"]) {
      const { status, json } = await api(`q=${encodeURIComponent(q)}`);
      expect(status, q.slice(0, 10)).toBe(400);
      expect(json.error).toBe("invalid");
      expect(json.message).toMatch(/too long|no words/);
    }
    expect((await api("q=communs&offset=-4&limit=abc&from=hier&license=inconnue")).status).toBe(200);
  });

  it("keeps today's shape for a handle, and adds the person beside the lists for a bare name", async () => {
    expect(await api("q=%40bob")).toMatchObject({ status: 200, json: { kind: "actor", actor: { id: bob.id } } });
    const bare = await api("q=bob");
    expect(bare).toMatchObject({ status: 200, json: { kind: "actor", actor: { id: bob.id }, notes: [] } });
  });
});

describe("the /search page with words", () => {
  it("shows results by kind with marked excerpts, in French and English, without an account", async () => {
    const browser = new Browser(app);
    const { res, page } = await browser.get("/search?q=communs");
    expect(res.status).toBe(200);
    expect(page).toContain('<h2 id="results-note">Notes</h2>');
    expect(page).toContain('<h2 id="results-term">Termes du lexique</h2>');
    expect(page).toContain("<mark>communs</mark>");
    expect(page).toContain("Agricultures urbaines</a>");
    expect(page).not.toContain("Réservé aux abonnés");
    expect(page).toContain('<details class="search-filters">');
    const en = await app.request("/search?q=communs", { headers: { "accept-language": "en" } });
    expect(await en.text()).toContain('<h2 id="results-term">Lexicon terms</h2>');
  });

  it("pages one kind with plain links, and past the end says so", async () => {
    for (let i = 0; i < 22; i++) await createNote(net.services, alice, { title: `Communs ${i}`, content: "texte" });
    const browser = new Browser(app);
    const overview = (await browser.get("/search?q=communs")).page;
    expect(overview).toContain('href="/search?q=communs&amp;type=note">Tous les résultats : Notes</a>');
    const first = (await browser.get("/search?q=communs&type=note")).page;
    expect(first.match(/<li class="result">/g)?.length).toBe(20);
    expect(first).toContain('href="/search?q=communs&amp;type=note&amp;offset=20" rel="next"');
    const second = (await browser.get("/search?q=communs&type=note&offset=20")).page;
    expect(second.match(/<li class="result">/g)?.length).toBe(3);
    expect(second).toContain('rel="prev"');
    const past = await browser.get("/search?q=communs&type=note&offset=400");
    expect(past.res.status).toBe(200);
    expect(past.page).toContain("Plus de résultats sur cette page.");
  });

  it("keeps the filters in the form and applies them", async () => {
    const browser = new Browser(app);
    const { page } = await browser.get("/search?q=communs&tag=potager&license=cc-by-4.0");
    expect(page).toContain('<details class="search-filters" open>');
    expect(page).toContain('name="tag" value="potager"');
    expect(page).toContain("Agricultures urbaines</a>");
    expect(page).not.toContain('id="results-term"');
    const otherLicence = (await browser.get("/search?q=communs&license=cc0-1.0")).page;
    expect(otherLicence).not.toContain("Agricultures urbaines</a>");
    expect(otherLicence).toContain('<option value="cc0-1.0" selected>');
  });

  it("answers bad input with a friendly message, never a 500", async () => {
    const browser = new Browser(app);
    const long = await browser.get(`/search?q=${"x".repeat(201)}`);
    expect(long.res.status).toBe(400);
    expect(long.page).toContain("Votre recherche est trop longue : 200 caractères au plus.");
    const noWords = await browser.get(`/search?q=${encodeURIComponent("\"*()'")}`);
    expect(noWords.res.status).toBe(400);
    expect(noWords.page).toContain("Votre recherche ne contient aucun mot à chercher.");
    for (const q of ['"communs', "NEAR(communs", "communs*", "title:communs AND"]) {
      expect((await browser.get(`/search?q=${encodeURIComponent(q)}`)).res.status, q).toBe(200);
    }
  });
});
