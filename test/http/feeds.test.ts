// Feeds (issue 13, "Feeds"): every feed parses as RSS 2.0 or Atom, lists the
// public notes with licence, authors, dates, link and sanitized HTML, and
// never a private, followers-only, community-only or unlisted one.
import { XMLParser } from "fast-xml-parser";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import type { ActorRow } from "../../src/domain/actors.ts";
import { createCommunity, parseNewCommunity } from "../../src/domain/communities.ts";
import { labelNote } from "../../src/domain/note-labels.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import { addItem, createNotebook } from "../../src/domain/notebooks.ts";
import { createOrganization } from "../../src/domain/organizations.ts";
import { createTerm } from "../../src/domain/terms.ts";
import { createApp } from "../../src/http/app.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { HTML } from "./browser.ts";

let services: TestServices;
let app: ReturnType<typeof createApp>;
let alice: ActorRow;
let notebookId: string;
let publicNoteId: string;

const SECRET_TITLES = ["Note non listée", "Note pour les abonné·es", "Note du cercle"];
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", isArray: (name) => ["item", "entry", "author", "dc:creator", "link", "category"].includes(name) });

interface ParsedEntry {
  title: string;
  link: string;
  rights: string;
  licenseUri: string | undefined;
  authors: string[];
  published: string;
  html: string;
}

/** Reads an RSS or Atom document as a feed reader does. */
function parseFeed(body: string): { title: string; entries: ParsedEntry[] } {
  const doc = parser.parse(body);
  if (doc.rss) {
    expect(doc.rss["@version"]).toBe("2.0");
    const channel = doc.rss.channel;
    return {
      title: String(channel.title),
      entries: (channel.item ?? []).map((item: any) => ({
        title: String(item.title),
        link: String(item.link[0]),
        rights: String(item["dc:rights"]),
        licenseUri: item.category?.find((c: any) => c["@domain"] === "license")?.["#text"],
        authors: item["dc:creator"].map(String),
        published: new Date(item.pubDate).toISOString(),
        html: String(item["content:encoded"]),
      })),
    };
  }
  const feed = doc.feed;
  expect(feed["@xmlns"]).toBe("http://www.w3.org/2005/Atom");
  return {
    title: String(feed.title),
    entries: (feed.entry ?? []).map((entry: any) => ({
      title: String(entry.title),
      link: entry.link.find((l: any) => l["@rel"] === "alternate")["@href"],
      rights: String(entry.rights),
      licenseUri: entry.link.find((l: any) => l["@rel"] === "license")?.["@href"],
      authors: entry.author.map((a: any) => String(a.name)),
      published: new Date(entry.published).toISOString(),
      html: String(entry.content["#text"]),
    })),
  };
}

async function feed(path: string): Promise<{ title: string; entries: ParsedEntry[] }> {
  const res = await app.request(path);
  expect(res.status, path).toBe(200);
  expect(res.headers.get("content-type")).toBe(path.includes(".rss") ? "application/rss+xml; charset=utf-8" : "application/atom+xml; charset=utf-8");
  return parseFeed(await res.text());
}

beforeEach(async () => {
  services = await testServices();
  app = createApp(services);
  ({ actor: alice } = await createUser(services.db, services.config.publicUrl, { handle: "alice", password: "correct horse battery", isAdmin: false }));
  await createOrganization(services, alice, { username: "cooperative", name: "La Coopérative" });
  await createCommunity(services, alice, parseNewCommunity({ handle: "jardins", name: "Jardins collectifs" }));
  await createCommunity(services, alice, parseNewCommunity({ handle: "cercle", name: "Cercle", visibility: "private" }));
  await createTerm(services.db, services.config.publicUrl, { slug: "economie-sociale", labelFr: "Économie sociale" });
  const common = { tags: ["Permaculture"], terms: ["economie-sociale"], organizations: [`@cooperative@${services.config.publicUrl.host}`] };
  const published = await createNote(services, alice, {
    ...common,
    title: "Jardins d'hiver & serres",
    content: "Un **texte** <script>alert(1)</script> [lien](javascript:alert(1))",
    license: "cc-by-sa-4.0",
    communities: ["jardins"],
  });
  publicNoteId = published.note.id;
  const unlisted = await createNote(services, alice, { ...common, title: SECRET_TITLES[0], content: "non listée", visibility: "unlisted", communities: ["jardins"] });
  const followers = await createNote(services, alice, { ...common, title: SECRET_TITLES[1], content: "abonné·es", visibility: "followers" });
  const circle = await createNote(services, alice, { ...common, title: SECRET_TITLES[2], content: "cercle jardins", communities: ["cercle"] });
  const notebook = await createNotebook(services, alice, { title: "Parcours jardins" });
  notebookId = notebook.id;
  // A notebook takes notes anyone may read: the unlisted one is in it, and must still stay out of its feed.
  void followers;
  void circle;
  for (const n of [published, unlisted]) await addItem(services, alice, notebook.id, { note: n.note.id });
});
afterEach(() => services.close());

const FEEDS = [
  "/feeds/notes",
  "/feeds/people/alice",
  "/feeds/organizations/cooperative",
  "/feeds/c/jardins",
  "/feeds/terms/economie-sociale",
  "/feeds/tags/permaculture",
  "/feeds/search",
];

describe("feeds", () => {
  for (const base of FEEDS) {
    for (const format of ["rss", "atom"]) {
      it(`${base}.${format} lists the public note with licence, author, date, link and sanitized HTML, and nothing private`, async () => {
        const path = `${base}.${format}${base === "/feeds/search" ? "?q=jardins" : ""}`;
        const { title, entries } = await feed(path);
        expect(title.length).toBeGreaterThan(0);
        expect(entries.map((e) => e.title)).toEqual(["Jardins d'hiver & serres"]);
        const [entry] = entries;
        expect(entry!.link).toBe(`${services.config.publicUrl.origin}/notes/${publicNoteId}`);
        expect(entry!.rights).toBe("CC BY-SA 4.0");
        expect(entry!.licenseUri).toBe("https://creativecommons.org/licenses/by-sa/4.0/");
        expect(entry!.authors).toEqual([`@alice@${services.config.publicUrl.host}`]);
        expect(Date.now() - Date.parse(entry!.published)).toBeLessThan(3_600_000);
        expect(entry!.html).toContain("<strong>texte</strong>");
        expect(entry!.html).not.toContain("<script");
        expect(entry!.html).toContain("lien");
        expect(entry!.html).not.toMatch(/href="javascript/);
      });
    }
  }

  it("a notebook's feed lists its public notes only", async () => {
    for (const format of ["rss", "atom"]) {
      const { entries } = await feed(`/feeds/notebooks/${notebookId}.${format}`);
      expect(entries.map((e) => e.title)).toEqual(["Jardins d'hiver & serres"]);
    }
  });

  it("never shows a private note, whatever the feed", async () => {
    for (const base of [...FEEDS, `/feeds/notebooks/${notebookId}`]) {
      const res = await app.request(`${base}.rss?q=${encodeURIComponent("note cercle abonné")}`);
      const body = await res.text();
      for (const secret of SECRET_TITLES) expect(body, base).not.toContain(secret);
    }
  });

  it("answers 404 for private or unknown objects, 400 for a search without words, never a 500", async () => {
    for (const path of [
      "/feeds/c/cercle.rss",
      "/feeds/c/nobody.atom",
      "/feeds/people/nobody.rss",
      "/feeds/people/cooperative.rss", // an organization is not a person
      "/feeds/organizations/alice.atom",
      "/feeds/notebooks/unknown.rss",
      "/feeds/terms/unknown.atom",
      "/feeds/tags/%23%21%21.rss",
      "/feeds/people/%E0%A4%A.rss",
    ]) {
      expect((await app.request(path)).status, path).toBe(404);
    }
    const empty = await app.request("/feeds/search.rss?q=");
    expect(empty.status).toBe(400);
    expect((await app.request(`/feeds/search.atom?q=${"x".repeat(500)}`)).status).toBe(400);
  });

  it("shows a note's quality labels as categories of their own scheme, in the reader's language", async () => {
    const scheme = "https://encommun.org/ns#QualityLabel";
    const before = await (await app.request("/feeds/c/jardins.rss")).text();
    expect(before).not.toContain(scheme);
    // alice moderates « jardins », where the note is posted.
    await labelNote(services, { actor: alice, isAdmin: false }, publicNoteId, { label: "source-requise", reason: "Quelle étude ?", source: null });
    const rss = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" }).parse(await (await app.request("/feeds/c/jardins.rss")).text());
    const categories = [rss.rss.channel.item.category].flat();
    expect(categories).toContainEqual({ "#text": "Source requise", "@domain": scheme });
    const atom = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" }).parse(
      await (await app.request("/feeds/notes.atom", { headers: { "Accept-Language": "en" } })).text(),
    );
    expect([atom.feed.entry.category].flat()).toContainEqual({ "@scheme": scheme, "@term": "source-requise", "@label": "Source needed" });
  });

  it("is announced on the pages it follows with <link rel=alternate>", async () => {
    const pages: Record<string, string> = {
      "/": "/feeds/notes",
      "/@alice": "/feeds/people/alice",
      "/organizations/cooperative": "/feeds/organizations/cooperative",
      "/c/jardins": "/feeds/c/jardins",
      [`/notebooks/${notebookId}`]: `/feeds/notebooks/${notebookId}`,
      "/terms/economie-sociale": "/feeds/terms/economie-sociale",
      "/tags/permaculture": "/feeds/tags/permaculture",
      "/search?q=jardins": "/feeds/search",
    };
    for (const [page, base] of Object.entries(pages)) {
      const res = await app.request(page, { headers: HTML });
      expect(res.status, page).toBe(200);
      const html = await res.text();
      const query = page.startsWith("/search") ? "?q=jardins" : "";
      expect(html, page).toContain(`<link rel="alternate" type="application/rss+xml" href="${base}.rss${query}">`);
      expect(html, page).toContain(`<link rel="alternate" type="application/atom+xml" href="${base}.atom${query}">`);
    }
  });
});
