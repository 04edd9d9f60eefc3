// A member's privacy choices (issue 15, "Choices"), the privacy page, and
// what search engines are told (robots.txt, the sitemap, robots noindex).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import { findActorById, updateLocalProfile, type ActorRow } from "../../src/domain/actors.ts";
import { createApiToken } from "../../src/domain/api-tokens.ts";
import { createCommunity, parseNewCommunity } from "../../src/domain/communities.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import { remoteConsent } from "../../src/domain/privacy-choices.ts";
import { SITEMAP_PAGE_SIZE } from "../../src/domain/sitemap.ts";
import { createApp } from "../../src/http/app.ts";
import { callApi } from "../helpers/api-client.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { Browser, HTML } from "./browser.ts";

const PASSWORD = "correct horse battery";
let services: TestServices;
let browser: Browser;
let alice: ActorRow;
let token: string;

async function start(env: Record<string, string> = {}): Promise<void> {
  services = await testServices(env);
  browser = new Browser(createApp(services));
  ({ actor: alice } = await createUser(services.db, services.config.publicUrl, { handle: "alice", password: PASSWORD, isAdmin: true }));
  alice = await updateLocalProfile(services.db, alice, { name: "Alice", fields: { interests: ["agroécologie"], region: "Laurentides", standpoint: "bénévole", links: [] } });
  token = await createApiToken(services.db, alice.id, "test");
}

const api = (method: string, path: string, body?: unknown) => callApi(browser.app, token, method, path, body);
async function page(path: string, b: Browser = new Browser(browser.app)): Promise<string> {
  const { res, page: text } = await b.get(path, HTML);
  expect(res.status, path).toBe(200);
  return text;
}
const ROBOTS_NOINDEX = '<meta name="robots" content="noindex">';

afterEach(() => services.close());

describe("privacy choices", () => {
  beforeEach(() => start());

  it("start at the most private reasonable defaults, in the API and the settings page", async () => {
    expect(await api("GET", "/me/privacy")).toEqual({
      status: 200,
      json: { discoverable: true, indexable: true, searchEngines: false, profileDetailsPublic: false, defaultVisibility: "public" },
    });
    await browser.signIn("alice", PASSWORD);
    const form = await page("/settings/privacy", browser);
    expect(form).toContain('aria-current="page">Confidentialité</a>');
    expect(form).toContain('<input type="checkbox" name="discoverable" value="1" checked>');
    expect(form).toContain('<input type="checkbox" name="searchEngines" value="1">');
    expect(form).toContain('<input type="checkbox" name="profileDetailsPublic" value="1">');
    expect(form).toContain('<option value="public" selected>');
  });

  it("are changed from the settings page; what other servers see is federated as an Update", async () => {
    await browser.signIn("alice", PASSWORD);
    await browser.get("/settings/privacy", HTML);
    const { res } = await browser.post("/settings/privacy", { discoverable: "1", searchEngines: "1", profileDetailsPublic: "1", defaultVisibility: "followers" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/settings/privacy?saved");
    // indexable was left unticked: refused.
    expect((await api("GET", "/me/privacy")).json).toEqual({ discoverable: true, indexable: false, searchEngines: true, profileDetailsPublic: true, defaultVisibility: "followers" });
    expect(services.sent).toEqual([{ type: "profile-updated", actorId: alice.id }]);
    const row = (await findActorById(services.db, alice.id))!;
    expect([row.discoverable, row.indexable, row.profile_details_public]).toEqual([1, 0, 1]);
  });

  it("are changed with PATCH /api/v1/me/privacy; a choice only this instance uses federates nothing; bad input is a 400", async () => {
    const changed = await api("PATCH", "/me/privacy", { searchEngines: true, defaultVisibility: "unlisted" });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ searchEngines: true, defaultVisibility: "unlisted", discoverable: true });
    expect(services.sent).toEqual([]);
    expect((await api("PATCH", "/me/privacy", { discoverable: false })).json.discoverable).toBe(false);
    expect(services.sent).toEqual([{ type: "profile-updated", actorId: alice.id }]);
    const bad = await api("PATCH", "/me/privacy", { indexable: "no", defaultVisibility: "community" });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toContain("indexable must be true or false");
    expect(bad.json.message).toContain("defaultVisibility must be one of public, unlisted, followers");
    expect((await api("GET", "/me/privacy")).json.indexable).toBe(true);
    expect((await callApi(browser.app, null, "GET", "/me/privacy")).status).toBe(401);
  });

  it("keep profile details private until published: hidden from others and the API, shown to their owner", async () => {
    const visitor = await page("/@alice");
    expect(visitor).not.toContain("agroécologie");
    expect(visitor).not.toContain("Laurentides</dd>");
    expect((await api("GET", "/actors/lookup?q=@alice@test.example")).json.fields).toEqual({ interests: [], region: null, standpoint: null, links: [] });
    expect((await api("GET", "/me")).json.fields.interests).toEqual(["agroécologie"]);
    await browser.signIn("alice", PASSWORD);
    expect(await page("/@alice", browser)).toContain("agroécologie");

    await api("PATCH", "/me/privacy", { profileDetailsPublic: true });
    expect(await page("/@alice")).toContain("agroécologie");
    expect((await api("GET", "/actors/lookup?q=@alice@test.example")).json.fields.region).toBe("Laurentides");
  });

  it("ask search engines not to index the profile and notes until allowed; non-public notes never", async () => {
    const note = await createNote(services, alice, { title: "Jardins", content: "Des jardins collectifs." });
    const unlisted = await createNote(services, alice, { title: "Brouillon", content: "Non listé.", visibility: "unlisted" });
    expect(await page("/@alice")).toContain(ROBOTS_NOINDEX);
    expect(await page(`/notes/${note.note.id}`)).toContain(ROBOTS_NOINDEX);

    expect(await page("/@alice/notes")).toContain(ROBOTS_NOINDEX);
    const community = await createCommunity(services, alice, parseNewCommunity({ handle: "jardins", name: "Jardins" }));
    const thread = await createNote(services, alice, { title: "Discussion", content: "Texte.", communities: ["jardins"] });
    const threadPath = `/c/jardins/t/${thread.note.id}`;
    expect(await page(threadPath)).toContain(ROBOTS_NOINDEX);

    await api("PATCH", "/me/privacy", { searchEngines: true });
    expect(await page("/@alice")).not.toContain(ROBOTS_NOINDEX);
    expect(await page("/@alice/notes")).not.toContain(ROBOTS_NOINDEX);
    expect(community.actor.username).toBe("jardins");
    expect(await page(threadPath)).not.toContain(ROBOTS_NOINDEX);
    expect(await page(`/notes/${note.note.id}`)).not.toContain(ROBOTS_NOINDEX);
    expect(await page(`/notes/${unlisted.note.id}`)).toContain(ROBOTS_NOINDEX);
  });

  it("give new notes the chosen default visibility (the form and the API), unless a note names its own", async () => {
    await api("PATCH", "/me/privacy", { defaultVisibility: "followers" });
    const created = await api("POST", "/notes", { title: "Pour mes abonné·es", content: "Texte." });
    expect(created.status).toBe(201);
    expect(created.json.visibility).toBe("followers");
    expect((await api("POST", "/notes", { title: "Publique", content: "Texte.", visibility: "public" })).json.visibility).toBe("public");
    await browser.signIn("alice", PASSWORD);
    expect(await page("/notes/new", browser)).toContain('<option value="followers" selected>');
  });

  it("keep people who are not discoverable out of the home page's directory", async () => {
    await createUser(services.db, services.config.publicUrl, { handle: "bob", password: PASSWORD, isAdmin: false });
    expect(await page("/")).toContain('href="/@alice"');
    await api("PATCH", "/me/privacy", { discoverable: false });
    const home = await page("/");
    expect(home).not.toContain('href="/@alice"');
    expect(home).toContain('href="/@bob"');
  });

  it("read another server's silence as no consent from a person, and as consent from a group", () => {
    expect(remoteConsent("Person", undefined)).toBe(false);
    expect(remoteConsent("Person", null)).toBe(false);
    expect(remoteConsent("Person", true)).toBe(true);
    expect(remoteConsent("Group", undefined)).toBe(true);
    expect(remoteConsent("Group", false)).toBe(false);
  });
});

describe("robots.txt and the sitemap", () => {
  beforeEach(() => start());

  it("robots.txt names the sitemap and keeps private and copied pages out", async () => {
    const res = await browser.app.request("/robots.txt");
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain("User-agent: *");
    expect(text).toContain("Disallow: /settings");
    expect(text).toContain("Disallow: /media/cache/");
    expect(text).toContain("Sitemap: https://test.example/sitemap.xml");
  });

  it("lists public pages, never those of members who refuse search engines, nor private communities", async () => {
    const { actor: bob } = await createUser(services.db, services.config.publicUrl, { handle: "bob", password: PASSWORD, isAdmin: false });
    await callApi(browser.app, await createApiToken(services.db, bob.id, "t"), "PATCH", "/me/privacy", { searchEngines: true });
    const hidden = await createNote(services, alice, { title: "D'Alice", content: "Texte." });
    const listed = await createNote(services, bob, { title: "De Bob", content: "Texte." });
    const followersOnly = await createNote(services, bob, { title: "Privée", content: "Texte.", visibility: "followers" });
    await createCommunity(services, bob, parseNewCommunity({ handle: "jardins", name: "Jardins" }));
    await createCommunity(services, bob, parseNewCommunity({ handle: "secret", name: "Secret", visibility: "private" }));

    const index = await browser.app.request("/sitemap.xml");
    expect(index.headers.get("content-type")).toContain("application/xml");
    const indexXml = await index.text();
    expect(indexXml).toContain("<loc>https://test.example/sitemaps/notes-1.xml</loc>");
    expect(indexXml).toContain("<loc>https://test.example/sitemaps/people-1.xml</loc>");
    expect(indexXml).toContain("<loc>https://test.example/sitemaps/communities-1.xml</loc>");

    const notes = await (await browser.app.request("/sitemaps/notes-1.xml")).text();
    expect(notes).toContain(`<loc>https://test.example/notes/${listed.note.id}</loc>`);
    expect(notes).not.toContain(hidden.note.id);
    expect(notes).not.toContain(followersOnly.note.id);
    const people = await (await browser.app.request("/sitemaps/people-1.xml")).text();
    expect(people).toContain("<loc>https://test.example/@bob</loc>");
    expect(people).not.toContain("@alice");
    const communities = await (await browser.app.request("/sitemaps/communities-1.xml")).text();
    expect(communities).toContain("/c/jardins");
    expect(communities).not.toContain("/c/secret");

    expect((await browser.app.request("/sitemaps/notes-2.xml")).status).toBe(404);
    expect((await browser.app.request("/sitemaps/secrets-1.xml")).status).toBe(404);
    expect(SITEMAP_PAGE_SIZE).toBeLessThanOrEqual(50_000);
  });
});

describe("the privacy page", () => {
  it("names the person in charge (INSTANCE_PRIVACY_OFFICER) and says how long each thing is kept, from the settings", async () => {
    await start({ INSTANCE_PRIVACY_OFFICER: "Marie Tremblay, vie-privee@test.example", MEDIA_CACHE_DAYS: "3", MEDIA_CACHE_TOTAL_MB: "500", CIRCUIT_HOLD_HOURS: "48" });
    const res = await browser.app.request("/privacy", { headers: HTML });
    expect(res.status).toBe(200);
    const fr = await res.text();
    expect(fr).toContain("<h1>Politique de confidentialité</h1>");
    expect(fr).toContain('Marie Tremblay, <a href="mailto:vie-privee@test.example">vie-privee@test.example</a>');
    expect(fr).toContain("30 jours au plus");
    expect(fr).toContain("3 jours, puis recopiées");
    expect(fr).toContain("500 Mio en tout au plus");
    expect(fr).toContain("48 heures au plus");
    expect(fr).toContain('href="/settings/privacy"');
    expect(fr).toContain('href="/settings/account#delete"');
    const en = await (await browser.app.request("/privacy", { headers: { ...HTML, "accept-language": "en" } })).text();
    expect(en).toContain("<h1>Privacy policy</h1>");
    expect(en).toContain("3 days, then copied again");
    expect(en).toContain("500 MiB in all at most");
    // Linked from every page's footer.
    expect(await page("/")).toContain('<a href="/privacy">Confidentialité</a>');
  });

  it("without an officer named, says the law makes the administrators responsible and lists them", async () => {
    await start();
    const fr = await page("/privacy");
    expect(fr).toContain("INSTANCE_PRIVACY_OFFICER");
    expect(fr).toContain('<a href="/@alice">Alice</a>');
  });
});
