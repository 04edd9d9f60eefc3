// HTTP caching of the pages: validators and 304s for anonymous readers of
// public pages, never a public Cache-Control for a signed-in page or a note
// not everyone may read, and the note page's stampede cache (kept a few
// seconds, emptied by a local write, readings still counted).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Hono } from "hono";
import { sql } from "kysely";
import { createUser } from "../../src/domain/accounts.ts";
import type { ActorRow } from "../../src/domain/actors.ts";
import { recordFollow } from "../../src/domain/follows.ts";
import { createNote, updateNote } from "../../src/domain/note-writing.ts";
import type { NoteRow } from "../../src/domain/notes.ts";
import { countRead } from "../../src/domain/reads.ts";
import { refreshSearchIndex } from "../../src/domain/search/indexing.ts";
import { createApp } from "../../src/http/app.ts";
import { PublicResponses, usePublicResponses } from "../../src/http/cache/public-responses.ts";
import type { AppEnv } from "../../src/http/env.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { Browser, HTML } from "./browser.ts";

const PASSWORD = "correct horse battery";
const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
let services: TestServices;
let app: Hono<AppEnv>;
let alice: ActorRow;
let bob: ActorRow;
let now: number;

beforeEach(async () => {
  services = await testServices({ INSTANCE_NAME: "Praxis" });
  now = Date.parse("2026-12-04T10:00:00Z");
  usePublicResponses(services, new PublicResponses({ ttlMs: 5_000, maxEntries: 100, maxBytes: 1024 * 1024, maxValidators: 1000, now: () => now }));
  app = createApp(services);
  const origin = services.config.publicUrl;
  ({ actor: alice } = await createUser(services.db, origin, { handle: "alice", password: PASSWORD, isAdmin: false }));
  ({ actor: bob } = await createUser(services.db, origin, { handle: "bob", password: PASSWORD, isAdmin: false }));
});
afterEach(() => services.close());

const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers: { ...HTML, ...headers } });

/** A write this process does not see (another process's, raw SQL): only the lifetime ends what is kept. */
async function retitleElsewhere(n: NoteRow, title: string): Promise<void> {
  await sql`update notes set title = ${title} where id = ${n.id}`.execute(services.db);
}

async function note(raw: Record<string, unknown> = {}): Promise<NoteRow> {
  return (await createNote(services, alice, { title: "Les corvées", content: "Un texte.", ...raw })).note;
}

describe("public pages for anonymous readers", () => {
  it("carry a weak ETag, Last-Modified, a short public Cache-Control and Vary", async () => {
    const n = await note();
    for (const path of [`/notes/${n.id}`, "/notes", "/@alice"]) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("etag"), path).toMatch(/^W\/"[\w-]+"$/);
      expect(Date.parse(res.headers.get("last-modified")!), path).toBe(now);
      expect(res.headers.get("cache-control"), path).toBe("public, max-age=60");
      expect(res.headers.get("vary"), path).toMatch(/Cookie/);
    }
    expect((await get(`/notes/${n.id}`)).headers.get("vary")).toMatch(/Accept\b.*Accept-Language.*Cookie/);
  });

  it("answer 304 with no body to If-None-Match and to If-Modified-Since when the copy is current", async () => {
    const n = await note();
    const first = await get(`/notes/${n.id}`);
    const etag = first.headers.get("etag")!;
    const byEtag = await get(`/notes/${n.id}`, { "if-none-match": etag });
    expect(byEtag.status).toBe(304);
    expect(await byEtag.text()).toBe("");
    expect(byEtag.headers.get("etag")).toBe(etag);
    expect(byEtag.headers.get("cache-control")).toBe("public, max-age=60");
    const byDate = await get("/notes", { "if-modified-since": (await get("/notes")).headers.get("last-modified")! });
    expect(byDate.status).toBe(304);
    expect(await byDate.text()).toBe("");
    expect((await get(`/notes/${n.id}`, { "if-none-match": 'W/"something-else"' })).status).toBe(200);
    expect((await get("/notes", { "if-modified-since": new Date(now - 60_000).toUTCString() })).status).toBe(200);
  });

  it("a changed note changes the ETag and moves Last-Modified: the old validators get the new page", async () => {
    const n = await note();
    const before = await get(`/notes/${n.id}`);
    now += 10_000; // past the stampede cache's few seconds
    await updateNote(services, alice, n.id, { title: "Les corvées partagées" });
    const after = await get(`/notes/${n.id}`, { "if-none-match": before.headers.get("etag")! });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain("Les corvées partagées");
    expect(after.headers.get("etag")).not.toBe(before.headers.get("etag"));
    expect(Date.parse(after.headers.get("last-modified")!)).toBe(now);
    const sinceBefore = await get(`/notes/${n.id}`, { "if-modified-since": before.headers.get("last-modified")! });
    expect(sinceBefore.status).toBe(200);
  });

  it("an unchanged page keeps its Last-Modified across renders", async () => {
    await note();
    const first = await get("/notes");
    now += 30_000;
    const second = await get("/notes");
    expect(second.headers.get("etag")).toBe(first.headers.get("etag"));
    expect(second.headers.get("last-modified")).toBe(first.headers.get("last-modified"));
  });
});

describe("pages that are not public", () => {
  it("a signed-in page is private, no-store, even for a public note, and carries no validators", async () => {
    const n = await note();
    const browser = new Browser(app);
    await browser.signIn("bob", PASSWORD);
    const { res } = await browser.get(`/notes/${n.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("etag")).toBeNull();
  });

  it("a followers-only note never gets a public Cache-Control, for its reader or for anyone else", async () => {
    await recordFollow(services.db, services.config.publicUrl, bob, alice, { accepted: true });
    const n = await note({ visibility: "followers" });
    const browser = new Browser(app);
    await browser.signIn("bob", PASSWORD);
    const reader = await browser.get(`/notes/${n.id}`);
    expect(reader.res.status).toBe(200);
    expect(reader.res.headers.get("cache-control")).not.toMatch(/public/);
    const stranger = await get(`/notes/${n.id}`);
    expect(stranger.status).toBe(404);
    expect(stranger.headers.get("cache-control") ?? "").not.toMatch(/public/);
    expect(stranger.headers.get("etag")).toBeNull();
  });

  it("forms and sign-in are not marked public", async () => {
    const res = await get("/signin");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control") ?? "").not.toMatch(/public/);
  });
});

describe("the note page's stampede cache", () => {
  it("answers repeated anonymous reads from memory for a few seconds, then renders again", async () => {
    const n = await note();
    expect(await (await get(`/notes/${n.id}`)).text()).toContain("Les corvées");
    // A change made by another process: the stored page is answered until it expires.
    await retitleElsewhere(n, "Titre changé ailleurs");
    now += 4_000;
    expect(await (await get(`/notes/${n.id}`)).text()).not.toContain("Titre changé ailleurs");
    now += 2_000;
    expect(await (await get(`/notes/${n.id}`)).text()).toContain("Titre changé ailleurs");
  });

  it("is emptied by a local write through the site", async () => {
    const n = await note();
    await get(`/notes/${n.id}`);
    await retitleElsewhere(n, "Titre changé ailleurs");
    const browser = new Browser(app);
    await browser.signIn("bob", PASSWORD); // a POST that succeeds: a local write
    expect(await (await get(`/notes/${n.id}`)).text()).toContain("Titre changé ailleurs");
  });

  it("keeps pages per language", async () => {
    const n = await note();
    const fr = await (await get(`/notes/${n.id}`, { "accept-language": "fr" })).text();
    const en = await (await get(`/notes/${n.id}`, { "accept-language": "en" })).text();
    expect(fr).toContain('lang="fr"');
    expect(en).toContain('lang="en"');
  });

  it("answers link previews and servers from memory, but renders a browser's reading (counted, and shown with it)", async () => {
    const n = await note();
    const MASTODON = { "user-agent": "Mastodon/4.3 (+https://mastodon.example/)" };
    expect(await (await get(`/notes/${n.id}`, MASTODON)).text()).toContain("Lectures : 0");
    await retitleElsewhere(n, "Titre changé ailleurs");
    expect(await (await get(`/notes/${n.id}`, MASTODON)).text()).not.toContain("Titre changé ailleurs"); // from memory
    const reading = await (await get(`/notes/${n.id}`, { "user-agent": FIREFOX, "accept-language": "fr" })).text();
    expect(reading).toContain("Titre changé ailleurs");
    expect(reading).toContain("Lectures : 1");
    // The browser's render is what the next fetchers get.
    expect(await (await get(`/notes/${n.id}`, MASTODON)).text()).toContain("Lectures : 1");
  });

  it("keeps the first page of the notes index a few seconds too", async () => {
    const n = await note();
    expect(await (await get("/notes")).text()).toContain("Les corvées");
    await retitleElsewhere(n, "Une note renommée");
    expect(await (await get("/notes")).text()).not.toContain("Une note renommée");
    now += 6_000;
    expect(await (await get("/notes")).text()).toContain("Une note renommée");
  });

  it("keeps a profile page a few seconds too (a boosted note's author is asked for by the same crowd)", async () => {
    const n = await note();
    expect(await (await get("/@alice")).text()).toContain("Les corvées");
    await retitleElsewhere(n, "Une note renommée");
    expect(await (await get("/@alice")).text()).not.toContain("Une note renommée");
    now += 6_000;
    expect(await (await get("/@alice")).text()).toContain("Une note renommée");
  });

  it("is emptied by a content write in this process (an inbox delivery, the worker), not by housekeeping", async () => {
    const n = await note();
    await get(`/notes/${n.id}`);
    await countRead(services.db, n.id); // a reading count: kept pages stay
    await retitleElsewhere(n, "Titre changé ailleurs");
    expect(await (await get(`/notes/${n.id}`)).text()).not.toContain("Titre changé ailleurs");
    await updateNote(services, alice, n.id, { title: "Titre changé ici" }); // no HTTP request involved
    expect(await (await get(`/notes/${n.id}`)).text()).toContain("Titre changé ici");
  });

  it("is not emptied by the search index catching up (no kept page shows it; a fresh import indexes for minutes)", async () => {
    const n = await note();
    await get(`/notes/${n.id}`);
    await retitleElsewhere(n, "Titre changé ailleurs"); // marks the note for the index, as any change does
    expect(await refreshSearchIndex(services.db, services.dialect)).toBeGreaterThan(0);
    expect(await (await get(`/notes/${n.id}`)).text()).not.toContain("Titre changé ailleurs");
  });
});
