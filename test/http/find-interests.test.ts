// The find view through HTTP: GET /api/v1/interests and the /find page (no
// script needed: a GET form, a server-drawn SVG map, a <datalist> of the
// shared vocabulary), the profile API's region and point, and the search's
// region filter. Private interests never show; bad input is a 400.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import type { ActorRow } from "../../src/domain/actors.ts";
import { createApiToken } from "../../src/domain/api-tokens.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import { createApp } from "../../src/http/app.ts";
import { fakeFederation, type FakeFederation } from "../helpers/fake-federation.ts";
import { Browser } from "./browser.ts";

const PASSWORD = "correct horse battery";

let net: FakeFederation;
let app: ReturnType<typeof createApp>;
let alice: ActorRow;
let aliceToken: string;
let bobToken: string;

async function call(method: string, path: string, body?: unknown, token: string | null = null) {
  const res = await app.request(path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: await res.json() };
}

beforeEach(async () => {
  vi.stubGlobal("fetch", async (input: unknown) => {
    throw new Error(`Unexpected fetch in a unit test: ${String(input)}`);
  });
  net = await fakeFederation();
  app = createApp(net.services);
  const origin = net.services.config.publicUrl;
  ({ actor: alice } = await createUser(net.services.db, origin, { handle: "alice", password: PASSWORD, isAdmin: false }));
  const { actor: bob } = await createUser(net.services.db, origin, { handle: "bob", password: PASSWORD, isAdmin: false });
  aliceToken = await createApiToken(net.services.db, alice.id, "test");
  bobToken = await createApiToken(net.services.db, bob.id, "test");
  // alice makes her interests public and gives a point; bob keeps his private (the default).
  expect((await call("PATCH", "/api/v1/me", { fields: { interests: ["Agroécologie", "semences"], region: "15" }, coordinates: { latitude: 45.9, longitude: -74.1 } }, aliceToken)).status).toBe(200);
  expect((await call("PATCH", "/api/v1/me/privacy", { profileDetailsPublic: true }, aliceToken)).status).toBe(200);
  expect((await call("PATCH", "/api/v1/me", { fields: { interests: ["agroécologie"], region: "Montréal" } }, bobToken)).status).toBe(200);
  await createNote(net.services, alice, { title: "Haies brise-vent", content: "Planter des haies champêtres.", visibility: "public" });
  await createNote(net.services, bob, { title: "Haies urbaines", content: "Planter des haies en ville.", visibility: "public" });
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await net.services.close();
});

describe("GET /api/v1/interests", () => {
  it("lists who made the interest public, with region, point and counts, and no one else", async () => {
    const { status, json } = await call("GET", "/api/v1/interests?tag=agroecologie");
    expect(status).toBe(200);
    expect(json.tags).toEqual(["agroecologie"]);
    expect(json.items).toHaveLength(1);
    expect(json.items[0]).toMatchObject({
      kind: "person",
      instance: null,
      region: { code: "15", name: "Laurentides" },
      coordinates: { latitude: 45.9, longitude: -74.1 },
      interests: ["Agroécologie", "semences"],
      counts: { notes: 1, citations: 0, members: null, notebooks: 0 },
      actor: { handle: `@alice@${net.services.config.publicUrl.host}` },
    });
    expect(json.regions).toEqual([{ region: { code: "15", name: "Laurentides" }, count: 1 }]);
    expect(json.points).toEqual([{ latitude: 45.9, longitude: -74.1, label: "@alice@" + net.services.config.publicUrl.host }]);
    expect((await call("GET", "/api/v1/interests?tag=agroecologie&region=06")).json.items).toEqual([]);
  });

  it("answers bad input with a 400", async () => {
    expect((await call("GET", "/api/v1/interests")).status).toBe(400);
    expect((await call("GET", "/api/v1/interests?tag=%23%23")).status).toBe(400);
    expect((await call("GET", "/api/v1/interests?tag=a&region=Atlantide")).status).toBe(400);
    expect((await call("GET", "/api/v1/interests?tag=a&limit=0")).status).toBe(400);
    expect((await call("GET", "/api/v1/interests?tag=a&limit=x")).status).toBe(400);
    expect((await call("PATCH", "/api/v1/me", { fields: { region: "Atlantide" } }, aliceToken)).status).toBe(400);
    expect((await call("PATCH", "/api/v1/me", { coordinates: { latitude: 200, longitude: 0 } }, aliceToken)).status).toBe(400);
  });
});

describe("the /find page", () => {
  it("groups by region, draws the map inline and suggests the vocabulary, in French and English", async () => {
    const browser = new Browser(app);
    const { res, page } = await browser.get("/find?tag=Agro%C3%A9cologie", { "accept-language": "fr" });
    expect(res.status).toBe(200);
    expect(page).toContain("<h2>15 – Laurentides</h2>");
    expect(page).toContain('href="/@alice"');
    expect(page).not.toContain('href="/@bob"');
    expect(page).toMatch(/<svg viewBox="0 0 360 400" role="img"/);
    expect(page).toMatch(/<path class="map-land" d="M[\d,.ML-]+Z/);
    expect(page).toContain("<title>Laurentides : 1</title>");
    expect(page).toContain("Notes : 1 · Citations : 0 · Carnets : 0");
    expect(page).toMatch(/<datalist id="interest-suggestions">[^]*<option value="Agroécologie">/);
    expect(page).not.toMatch(/<script|https?:\/\/(?!example)[^"]*\.(png|js)/);
    const english = await browser.get("/find?tag=agroecologie", { "accept-language": "en" });
    expect(english.page).toContain("People and groups: #agroecologie");
    expect(english.page).toContain("Laurentides: 1");
    const empty = await browser.get("/find?tag=inconnu", { "accept-language": "fr" });
    expect(empty.page).toContain("Personne n&#39;a encore rendu public cet intérêt.");
    expect((await browser.get("/find?tag=a&region=99")).res.status).toBe(400);
    // A tag's page of notes leads to who works on it.
    expect((await browser.get("/tags/agroecologie", { "accept-language": "fr" })).page).toContain('<a class="find-link" href="/find?tag=agroecologie">Qui s&#39;y intéresse ?</a>');
  });
});

describe("the search's region filter", () => {
  it("finds notes by their authors' public region, and people by theirs", async () => {
    const notes = await call("GET", "/api/v1/search?q=haies&region=15");
    expect(notes.status).toBe(200);
    expect(notes.json.notes.map((n: { title: string }) => n.title)).toEqual(["Haies brise-vent"]);
    // bob's region is private: his note is not found by it.
    expect((await call("GET", "/api/v1/search?q=haies&region=06")).json.notes).toEqual([]);
    expect((await call("GET", "/api/v1/search?q=haies")).json.notes).toHaveLength(2);
    const people = await call("GET", "/api/v1/search?q=alice&type=people&region=Laurentides");
    expect(people.json.people.map((p: { username: string }) => p.username)).toEqual(["alice"]);
    expect((await call("GET", "/api/v1/search?q=alice&type=people&region=07")).json.people).toEqual([]);
    const browser = new Browser(app);
    const { page } = await browser.get("/search?q=haies&region=15", { "accept-language": "fr" });
    expect(page).toContain("<mark>Haies</mark> brise-vent");
    expect(page).not.toContain("Haies urbaines");
    expect(page).toMatch(/<option value="15" selected>15 – Laurentides<\/option>/);
  });
});

describe("the profile form", () => {
  it("takes a region from the select, a point on the map, and suggests the vocabulary", async () => {
    const browser = new Browser(app);
    await browser.signIn("alice", PASSWORD);
    const form = await browser.get("/settings/profile", { "accept-language": "fr" });
    expect(form.page).toContain('<option value="15" selected>15 – Laurentides</option>');
    expect(form.page).toMatch(/<input name="interests" value="Agroécologie, semences" list="interest-suggestions"/);
    expect(form.page).toMatch(/<datalist id="interest-suggestions">[^]*<option value="semences">/);
    expect(form.page).toContain('name="latitude" inputmode="decimal" value="45.9"');
    const fields = { name: "Alice", summary: "", interests: "communs", region: "03", standpoint: "", links: "", latitude: "46,81", longitude: "-71.21" };
    expect((await browser.post("/settings/profile", fields)).res.status).toBe(303);
    const me = (await call("GET", "/api/v1/me", undefined, aliceToken)).json;
    expect(me).toMatchObject({ region: "03", coordinates: { latitude: 46.81, longitude: -71.21 }, fields: { region: "Capitale-Nationale", interests: ["communs"] } });
    await browser.get("/settings/profile");
    const half = await browser.post("/settings/profile", { ...fields, longitude: "" });
    expect(half.res.status).toBe(400);
    expect(half.page).toContain("Donnez la latitude et la longitude en degrés décimaux, les deux ou aucune.");
    await browser.get("/settings/profile");
    expect((await browser.post("/settings/profile", { ...fields, latitude: "", longitude: "" })).res.status).toBe(303);
    expect((await call("GET", "/api/v1/me", undefined, aliceToken)).json.coordinates).toBeNull();
  });
});

describe("interest tags on notebooks and communities", () => {
  it("sets a notebook's tags through the API and the form, and refuses tags that are too long", async () => {
    const created = await call("POST", "/api/v1/notebooks", { title: "Carnet", tags: "Agroécologie, #semences, agroecologie" }, aliceToken);
    expect(created.status).toBe(201);
    expect(created.json.tags).toEqual(["Agroécologie", "semences"]);
    expect((await call("PATCH", `/api/v1/notebooks/${created.json.id}`, { tags: [] }, aliceToken)).json.tags).toEqual([]);
    expect((await call("PATCH", `/api/v1/notebooks/${created.json.id}`, { tags: ["x".repeat(51)] }, aliceToken)).status).toBe(400);
    const browser = new Browser(app);
    await browser.signIn("alice", PASSWORD);
    const edit = await browser.get(`/notebooks/${created.json.id}/edit`, { "accept-language": "fr" });
    expect(edit.page).toMatch(/<input name="tags" value="" list="interest-suggestions"/);
    expect((await browser.post(`/notebooks/${created.json.id}/edit`, { title: "Carnet", summary: "", coverUrl: "", tags: "haies, communs" })).res.status).toBe(303);
    const page = await browser.get(`/notebooks/${created.json.id}`, { "accept-language": "fr" });
    expect(page.page).toContain('<a href="/find?tag=haies"');
  });

  it("gives a community its region and topics from the form, and it appears on the find view", async () => {
    const browser = new Browser(app);
    await browser.signIn("alice", PASSWORD);
    const form = await browser.get("/communities/new", { "accept-language": "fr" });
    expect(form.page).toContain('<select name="region"');
    const refused = await browser.post("/communities/new", { handle: "graines", name: "Graines", visibility: "public", topics: "agroécologie", region: "42" });
    expect(refused.res.status).toBe(400);
    expect(refused.page).toMatch(/<select name="region" id="[^"]+" aria-invalid="true"/);
    await browser.get("/communities/new");
    expect((await browser.post("/communities/new", { handle: "graines", name: "Graines", visibility: "public", topics: "agroécologie", region: "16" })).res.status).toBe(303);
    const found = await call("GET", "/api/v1/interests?tag=agroecologie");
    expect(found.json.items.map((i: { kind: string; region: { code: string } }) => [i.kind, i.region.code]).sort()).toEqual([["community", "16"], ["person", "15"]]);
    expect((await call("PATCH", "/api/v1/communities/graines", { region: "Atlantide" }, aliceToken)).status).toBe(400);
    expect((await call("PATCH", "/api/v1/communities/graines", { region: "Estrie", topics: ["semences"] }, aliceToken)).status).toBe(200);
    const moved = await call("GET", "/api/v1/interests?tag=semences");
    expect(moved.json.items.map((i: { actor: { username: string }; region: { code: string } }) => [i.actor.username, i.region.code]).sort()).toEqual([["alice", "15"], ["graines", "05"]]);
  });
});
