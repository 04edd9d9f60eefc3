// Embeds and oEmbed (issue 13, "Embeds"): script-free views that any site
// may frame, only under /embed/; oEmbed answers `rich` with their iframe;
// private or unknown objects are a 404 everywhere.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import type { ActorRow } from "../../src/domain/actors.ts";
import { createCommunity, parseNewCommunity } from "../../src/domain/communities.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import { addItem, createNotebook } from "../../src/domain/notebooks.ts";
import { createTerm } from "../../src/domain/terms.ts";
import { createApp } from "../../src/http/app.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { HTML } from "./browser.ts";

let services: TestServices;
let app: ReturnType<typeof createApp>;
let alice: ActorRow;
let origin: string;
let publicNoteId: string;
let followersNoteId: string;
let notebookId: string;

beforeEach(async () => {
  services = await testServices();
  app = createApp(services);
  origin = services.config.publicUrl.origin;
  ({ actor: alice } = await createUser(services.db, services.config.publicUrl, { handle: "alice", password: "correct horse battery", isAdmin: false }));
  await createCommunity(services, alice, parseNewCommunity({ handle: "jardins", name: "Jardins collectifs" }));
  await createCommunity(services, alice, parseNewCommunity({ handle: "cercle", name: "Cercle", visibility: "private" }));
  await createTerm(services.db, services.config.publicUrl, { slug: "economie-sociale", labelFr: "Économie sociale", definitionFr: "Une économie au service des personnes." });
  const published = await createNote(services, alice, { title: "Jardins d'hiver", content: "Un **texte** <script>alert(1)</script>", terms: ["economie-sociale"], communities: ["jardins"], license: "cc-by-4.0" });
  publicNoteId = published.note.id;
  followersNoteId = (await createNote(services, alice, { title: "Secret des abonné·es", content: "x", visibility: "followers", terms: ["economie-sociale"] })).note.id;
  const unlisted = await createNote(services, alice, { title: "Note non listée", content: "y", visibility: "unlisted", terms: ["economie-sociale"], communities: ["jardins"] });
  notebookId = (await createNotebook(services, alice, { title: "Parcours jardins", summary: "Un parcours" })).id;
  for (const n of [published, unlisted]) await addItem(services, alice, notebookId, { note: n.note.id });
});
afterEach(() => services.close());

const EMBEDS = () => [`/embed/notes/${publicNoteId}`, `/embed/notebooks/${notebookId}`, "/embed/c/jardins", "/embed/terms/economie-sociale", "/embed/search?q=jardins"];

describe("embeds", () => {
  it("show public content without any script, and may be framed by any site", async () => {
    for (const path of EMBEDS()) {
      const res = await app.request(path, { headers: HTML });
      expect(res.status, path).toBe(200);
      const csp = res.headers.get("content-security-policy")!;
      expect(csp, path).toContain("frame-ancestors *");
      expect(csp, path).toContain("script-src 'none'");
      expect(res.headers.get("x-frame-options"), path).toBeNull();
      const page = await res.text();
      expect(page, path).toContain("Jardins d&#39;hiver");
      expect(page, path).not.toMatch(/<script|<form|<nav/);
      expect(page, path).not.toContain("Secret des abonné·es");
      expect(page, path).not.toContain("Note non listée");
      expect(page, path).toContain('target="_top"');
    }
    const note = await (await app.request(`/embed/notes/${publicNoteId}`)).text();
    expect(note).toContain("<strong>texte</strong>");
    expect(note).toContain("CC BY 4.0");
    expect(await (await app.request("/embed/terms/economie-sociale")).text()).toContain("Une économie au service des personnes.");
  });

  it("every other page still refuses to be framed", async () => {
    for (const path of ["/", `/notes/${publicNoteId}`, `/notebooks/${notebookId}`, "/c/jardins", "/terms/economie-sociale", "/embedded", "/oembed?url=x"]) {
      const res = await app.request(path, { headers: HTML });
      expect(res.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
    }
  });

  it("answer 404 for private, unknown or malformed objects, 400 for a search without words", async () => {
    for (const path of [`/embed/notes/${followersNoteId}`, "/embed/notes/nothing", "/embed/c/cercle", "/embed/c/nobody", "/embed/notebooks/nothing", "/embed/terms/nothing", "/embed/notes/%E0%A4%A", "/embed/other/x", "/embed/notes/a/b"]) {
      expect((await app.request(path, { headers: HTML })).status, path).toBe(404);
    }
    expect((await app.request("/embed/search?q=")).status).toBe(400);
  });
});

describe("oEmbed", () => {
  const oembed = (url: string, format = "json") => app.request(`/oembed?url=${encodeURIComponent(url)}&format=${format}`);

  it("answers type rich with an iframe of the embed, for notes, notebooks, communities and terms", async () => {
    const cases: [string, string][] = [
      [`/notes/${publicNoteId}`, "Jardins d'hiver"],
      [`/notebooks/${notebookId}`, "Parcours jardins"],
      ["/c/jardins", "Jardins collectifs — Dernières discussions"],
      ["/terms/economie-sociale", "Économie sociale"],
    ];
    for (const [path, title] of cases) {
      const res = await oembed(`${origin}${path}`);
      expect(res.status, path).toBe(200);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body, path).toMatchObject({ version: "1.0", type: "rich", title, provider_url: `${origin}/`, width: 560, height: 420 });
      expect(body.html, path).toMatch(new RegExp(`^<iframe src="${origin}/embed${path}" width="560" height="420" `));
    }
    expect(((await (await oembed(`${origin}/notes/${publicNoteId}`)).json()) as { author_name: string }).author_name).toBe("alice");
  });

  it("is announced by a discovery link on note, notebook, community and term pages, not on private notes", async () => {
    for (const path of [`/notes/${publicNoteId}`, `/notebooks/${notebookId}`, "/c/jardins", "/terms/economie-sociale"]) {
      const page = await (await app.request(path, { headers: HTML })).text();
      const href = `/oembed?url=${encodeURIComponent(origin + path)}&amp;format=json`;
      expect(page, path).toContain(`<link rel="alternate" type="application/json+oembed" href="${href}">`);
    }
  });

  it("answers 404 for private, unknown or other sites' pages, 400 for a bad url, 501 for XML", async () => {
    for (const url of [`${origin}/notes/${followersNoteId}`, `${origin}/c/cercle`, `${origin}/notes/nothing`, "https://elsewhere.example/notes/1", `${origin}/settings`]) {
      expect((await oembed(url)).status, url).toBe(404);
    }
    expect((await app.request("/oembed")).status).toBe(400);
    expect((await oembed("not a url")).status).toBe(400);
    expect((await oembed(`${origin}/notes/${publicNoteId}`, "xml")).status).toBe(501);
  });
});
