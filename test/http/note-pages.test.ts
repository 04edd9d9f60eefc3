import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Hono } from "hono";
import { createUser } from "../../src/domain/accounts.ts";
import { createLocalActor, updateLocalProfile, upsertRemoteActor, type ActorRow } from "../../src/domain/actors.ts";
import { formatLongDate, yearOf } from "../../src/domain/citation.ts";
import { recordFollow } from "../../src/domain/follows.ts";
import { invitedAuthors } from "../../src/domain/coauthors.ts";
import { newId } from "../../src/domain/ids.ts";
import { createNote, updateNote } from "../../src/domain/note-writing.ts";
import { findNoteById, loadNoteDetails, type NoteRow } from "../../src/domain/notes.ts";
import { createTerm } from "../../src/domain/terms.ts";
import { createApp } from "../../src/http/app.ts";
import type { AppEnv } from "../../src/http/env.ts";
import { notePageRoutes } from "../../src/http/routes/note-pages.ts";
import { acceptCoauthorships } from "../helpers/coauthors.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { Browser, HTML } from "./browser.ts";

const PASSWORD = "correct horse battery";
let services: TestServices;
let app: Hono<AppEnv>;
let alice: ActorRow;
let bob: ActorRow;
let carol: ActorRow;

beforeEach(async () => {
  services = await testServices({ INSTANCE_NAME: "Praxis" });
  app = createApp(services);
  // Until the lead mounts them in app.ts next to pageRoutes.
  app.route("/", notePageRoutes());
  const origin = services.config.publicUrl;
  ({ actor: alice } = await createUser(services.db, origin, { handle: "alice", password: PASSWORD, isAdmin: false }));
  ({ actor: bob } = await createUser(services.db, origin, { handle: "bob", password: PASSWORD, isAdmin: false }));
  ({ actor: carol } = await createUser(services.db, origin, { handle: "carol", password: PASSWORD, isAdmin: false }));
  alice = await updateLocalProfile(services.db, alice, { name: "Alice Tremblay" });
  bob = await updateLocalProfile(services.db, bob, { name: "Bruno Gagnon" });
});
afterEach(() => services.close());

async function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; page: string; res: Response }> {
  const res = await app.request(path, { headers: { ...HTML, ...headers } });
  return { status: res.status, page: await res.text(), res };
}

async function signedIn(actor: ActorRow): Promise<Browser> {
  const browser = new Browser(app);
  await browser.signIn(actor.username, PASSWORD);
  return browser;
}

async function note(raw: Record<string, unknown>, writer: ActorRow = alice): Promise<NoteRow> {
  return (await createNote(services, writer, { content: "Un texte.", ...raw })).note;
}

async function media(kind: "image" | "audio" | "document", mediaType: string, name: string | null, size: number): Promise<string> {
  const id = newId();
  const ext = mediaType.split("/")[1];
  await services.db
    .insertInto("media")
    .values({
      id,
      note_id: null,
      uploader_id: alice.id,
      url: `https://test.example/media/2026/11/${id}.${ext}`,
      storage_path: `media/2026/11/${id}.${ext}`,
      media_type: mediaType,
      kind,
      size,
      name,
      created_at: new Date().toISOString(),
    })
    .execute();
  return id;
}

async function notebookWith(title: string, uris: string[]): Promise<string> {
  const id = newId();
  const now = new Date().toISOString();
  await services.db
    .insertInto("notebooks")
    .values({ id, uri: `https://test.example/notebooks/${id}`, is_local: 1, url: null, title, summary: null, cover_url: null, created_at: now, updated_at: now, deleted_at: null })
    .execute();
  for (const [position, note_uri] of uris.entries()) {
    await services.db
      .insertInto("notebook_items")
      .values({ id: newId(), notebook_id: id, section_id: null, note_uri, position, added_by: alice.id, added_at: now })
      .execute();
  }
  return id;
}

describe("a note's page", () => {
  let first: NoteRow;
  let main: NoteRow;
  let citing: NoteRow;
  let notebookId: string;
  let zoe: ActorRow;
  let image: string;

  beforeEach(async () => {
    const origin = services.config.publicUrl;
    await createTerm(services.db, origin, { labelFr: "Économie sociale", labelEn: "Social economy" });
    const passerelles = await createLocalActor(services.db, origin, { username: "passerelles", type: "Organization", name: "Communauté Passerelles" });
    // Only its members link a note to an organization.
    await services.db.insertInto("organization_members").values({ organization_id: passerelles.id, member_id: alice.id, role: "member", created_at: new Date().toISOString() }).execute();
    zoe = await upsertRemoteActor(services.db, {
      uri: "https://remote.example/users/zoe",
      type: "Person",
      username: "zoe",
      domain: "remote.example",
      name: "Zoé Lavoie",
      summary: null,
      iconUrl: null,
      url: "https://remote.example/@zoe",
      inboxUrl: "https://remote.example/users/zoe/inbox",
      sharedInboxUrl: null,
      outboxUrl: null,
      followersUrl: null,
      followingUrl: null,
      manuallyApprovesFollowers: false,
      fields: { interests: [], region: null, standpoint: null, links: [] },
    });
    image = await media("image", "image/png", "Participant·es autour d'une table", 52_000);
    const audio = await media("audio", "audio/mpeg", "Entrevue", 3_400_000);
    const pdf = await media("document", "application/pdf", "Rêver en commun.pdf", 1_234_567);

    first = await note({ title: "Atelier 1 - Explorer" });
    main = await note({
      title: "Atelier 3 - Partie 1 : Inspirations",
      summary: "Discuter des idées clés à conserver pour En commun.",
      content: "## Intention\n\nÀ partir de **3 autres plateformes**, discuter des idées.",
      language: "fr",
      license: "cc-by-nc-sa-4.0",
      category: "Atelier 3 - Approfondir",
      tags: ["communs", "Soutenabilité"],
      authors: ["@alice@test.example", "@bob@test.example", zoe.uri],
      terms: ["economie-sociale"],
      organizations: ["@passerelles@test.example"],
      links: [first.uri, "https://remote.example/notes/42"],
      attachments: [image, audio, pdf],
      translations: [{ language: "en", title: "Workshop 3 - Inspirations", summary: "Key ideas to keep.", content: "## Intent\n\nFrom **3 other platforms**." }],
    });
    await acceptCoauthorships(services, bob);
    main = (await findNoteById(services.db, main.id))!;
    citing = await note({ title: "Synthèse des ateliers", links: [main.uri] }, bob);
    notebookId = await notebookWith("Analyse de soutenabilité", [first.uri, main.uri]);
  });

  it("shows every element of a Praxis note, in French", async () => {
    const { status, page, res } = await get(`/notes/${main.id}`);
    expect(status).toBe(200);
    expect(res.headers.get("vary")).toContain("Accept");
    const url = `https://test.example/notes/${main.id}`;
    // Title, summary, body, category.
    expect(page).toContain('<h1 class="p-name">Atelier 3 - Partie 1 : Inspirations</h1>');
    expect(page).toContain("Discuter des idées clés à conserver pour En commun.</p>");
    expect(page).toContain("Intention</h2>");
    expect(page).toContain("<strong>3 autres plateformes</strong>");
    expect(page).toContain('<dd class="p-category">Atelier 3 - Approfondir</dd>');
    // Authors (local ones to their profile, the remote one to its own page) and who brought it in.
    expect(page).toContain('Par <a class="p-author h-card" href="/@alice">Alice Tremblay</a>, <a class="p-author h-card" href="/@bob">Bruno Gagnon</a> et ');
    expect(page).toContain('<a class="p-author h-card" href="https://remote.example/@zoe" rel="nofollow noopener noreferrer">Zoé Lavoie</a>');
    expect(page).toMatch(/Intégré par <a class="p-author h-card" href="\/@alice">Alice Tremblay<\/a>, le <time datetime="[^"]+" title="[^"]+">/);
    // Language and translations.
    expect(page).toContain("<dt>Langue</dt><dd>français</dd>");
    expect(page).toContain(`<a href="/notes/${main.id}?lang=en" hreflang="en" lang="en">anglais</a>`);
    // Dates, licence, visibility, history.
    const published = formatLongDate(new Date(main.published_at), "fr");
    expect(page).toContain(`<dt>Publication</dt><dd><a class="u-url" href="${url}"><time datetime="${main.published_at}" title="`);
    expect(page).toContain(`>${published}</time></a></dd>`);
    expect(page).toContain('<dt>Licence</dt><dd><a rel="license" href="https://creativecommons.org/licenses/by-nc-sa/4.0/">CC BY-NC-SA 4.0</a></dd>');
    expect(page).toContain("<dt>Visibilité</dt><dd>publique</dd>");
    expect(page).toContain(`<a href="/notes/${main.id}/history">Historique des modifications</a>`);
    // Tags, terms, organizations, linked notes, backlinks, notebooks.
    expect(page).toContain('<a class="p-category" rel="tag" href="/tags/communs">#communs</a>');
    expect(page).toContain('href="/tags/soutenabilite">#Soutenabilité</a>');
    expect(page).toContain('<h2>Terme(s) relié(s)</h2><ul class="links"><li><a href="/terms/economie-sociale">Économie sociale</a></li>');
    expect(page).toContain('<h2>Organisation(s) reliée(s)</h2><ul class="links"><li><a class="p-author h-card" href="/@passerelles">Communauté Passerelles</a>');
    expect(page).toContain(`<h2>Note(s) liée(s)</h2><ul class="links"><li><a href="/notes/${first.id}">Atelier 1 - Explorer</a></li>`);
    expect(page).toContain('<a href="https://remote.example/notes/42" rel="nofollow noopener noreferrer">https://remote.example/notes/42</a>');
    expect(page).toContain(`<h2>Cité par</h2><ul class="links"><li><a href="/notes/${citing.id}">Synthèse des ateliers</a>`);
    expect(page).toContain(`<h2>Carnet(s) relié(s)</h2><ul class="links"><li><a href="/notebooks/${notebookId}">Analyse de soutenabilité</a> <span class="muted">(2 notes)</span>`);
    // Attachments: an image with its alt text, audio with controls, a document with type and size.
    expect(page).toMatch(/<img src="https:\/\/test\.example\/media\/2026\/11\/[0-9a-z]+\.png" alt="Participant·es autour d&#39;une table" loading="lazy">/);
    expect(page).toMatch(/<audio controls preload="none" src="https:\/\/test\.example\/media\/2026\/11\/[0-9a-z]+\.mpeg"><\/audio>/);
    expect(page).toMatch(/type="application\/pdf" download>Rêver en commun\.pdf<\/a> <span class="muted">\(PDF, 1,2\u00a0Mo\)<\/span>/);
    // Citer cette note.
    const today = formatLongDate(new Date(), "fr");
    const year = yearOf(new Date(main.published_at));
    expect(page).toContain("<h2>Citer cette note</h2>");
    expect(page).toContain(
      `Tremblay, A., Gagnon, B., &amp; Lavoie, Z. (${year}). Atelier 3 - Partie 1 : Inspirations. Praxis. Consulté le ${today}, à ${url}</textarea>`,
    );
    // No author controls for visitors.
    expect(page).not.toContain("/edit");
    expect(page).not.toContain("/delete");
  });

  it("carries the OpenGraph card, fediverse:creator and the ActivityPub alternate", async () => {
    const { page } = await get(`/notes/${main.id}`);
    const url = `https://test.example/notes/${main.id}`;
    const head = page.slice(0, page.indexOf("</head>"));
    expect(head).toContain('<meta property="og:type" content="article">');
    expect(head).toContain('<meta property="og:title" content="Atelier 3 - Partie 1 : Inspirations">');
    expect(head).toContain('<meta property="og:description" content="Discuter des idées clés à conserver pour En commun.">');
    expect(head).toContain(`<meta property="og:url" content="${url}">`);
    const details = await loadNoteDetails(services.db, main);
    expect(head).toContain(`<meta property="og:image" content="${details.media.find((m) => m.id === image)!.url}">`);
    expect(head).toContain(`<meta property="article:published_time" content="${main.published_at}">`);
    expect(head).toContain(`<meta property="article:modified_time" content="${main.updated_at}">`);
    expect(head).toContain('<meta property="article:author" content="https://test.example/@alice">');
    expect(head).toContain('<meta name="fediverse:creator" content="@alice@test.example">');
    expect(head).toContain(`<link rel="alternate" type="application/activity+json" href="${url}">`);
    expect(head).toContain(`<link rel="canonical" href="${url}">`);
  });

  it("switches to a translation with ?lang=", async () => {
    const { page } = await get(`/notes/${main.id}?lang=en`);
    expect(page).toContain('<article class="note h-entry" lang="en">');
    expect(page).toContain('<h1 class="p-name">Workshop 3 - Inspirations</h1>');
    expect(page).toContain("Key ideas to keep.");
    expect(page).toContain("<strong>3 other platforms</strong>");
    expect(page).not.toContain("3 autres plateformes");
    expect(page).toContain('<strong aria-current="true" lang="en">anglais</strong>');
    expect(page).toContain(`<a href="/notes/${main.id}" hreflang="fr" lang="fr">français</a>`);
    // An unknown language shows the original.
    expect((await get(`/notes/${main.id}?lang=de`)).page).toContain("3 autres plateformes");
  });

  it("speaks English to English readers", async () => {
    const { page } = await get(`/notes/${main.id}`, { "accept-language": "en-CA,en;q=0.9" });
    const today = formatLongDate(new Date(), "en");
    expect(page).toContain("By <a");
    expect(page).toContain("Brought in by <a");
    expect(page).toContain("<dt>Published</dt>");
    expect(page).toContain(`<time datetime="${main.published_at}" title="`);
    expect(page).toContain(`>${formatLongDate(new Date(main.published_at), "en")}</time>`);
    expect(page).toContain("<h2>Cite this note</h2>");
    expect(page).toContain(`. Praxis. Retrieved ${today}, from https://test.example/notes/${main.id}</textarea>`);
    expect(page).toContain("<dd>public</dd>");
  });

  it("shows the modification date once edited, and author controls to authors only", async () => {
    await updateNote(services, alice, main.id, { title: "Atelier 3 - Partie 1 : Inspirations (révisé)" });
    const edited = (await findNoteById(services.db, main.id))!;
    const browser = await signedIn(bob);
    const { page } = await browser.get(`/notes/${main.id}`);
    expect(page).toContain(`<dt>Modification</dt><dd class="dt-updated"><time datetime="${edited.updated_at}" title="`);
    expect(page).toContain(`<a href="/notes/${main.id}/edit">Modifier la note</a>`);
    expect(page).toContain(`<form class="form" method="post" action="/notes/${main.id}/delete">`);

    const other = await signedIn(carol);
    expect((await other.get(`/notes/${main.id}`)).page).not.toContain(`/notes/${main.id}/edit`);
  });

  it("says 404 for unknown notes and to ActivityPub clients the federation did not answer", async () => {
    expect((await get("/notes/nope")).status).toBe(404);
    expect((await get(`/notes/${main.id}`, { accept: "application/activity+json" })).status).toBe(404);
  });
});

describe("what stays escaped", () => {
  it("titles, summaries, tags, categories and names are text; the body is sanitized", async () => {
    await updateLocalProfile(services.db, bob, { name: "<img src=x onerror=alert(4)>" });
    const evil = await note({
      title: "<script>alert(1)</script>",
      summary: '"><img src=x onerror=alert(2)>',
      category: "<b onmouseover=alert(3)>cat</b>",
      tags: ["<script>x</script>"],
      authors: ["@alice@test.example", "@bob@test.example"],
      content: 'Bonjour <script>alert(5)</script> <img src=x onerror=alert(6)>\n\n[lien](javascript:alert(7))\n\n<a href="javascript:alert(8)">a</a>',
      translations: [{ language: "en", title: "<script>alert(9)</script>", content: "<svg onload=alert(10)>" }],
    });
    await acceptCoauthorships(services, bob);
    await updateNote(services, alice, evil.id, { title: "<iframe src=javascript:alert(11)>" });
    const pages = [
      `/notes/${evil.id}`,
      `/notes/${evil.id}?lang=en`,
      `/notes/${evil.id}/history`,
      `/notes/${evil.id}/history/1`,
      "/notes",
      "/tags/scriptxscript",
      "/@alice/notes",
    ];
    for (const path of pages) {
      const { status, page } = await get(path);
      expect(status, path).toBe(200);
      // Our own enhancement scripts (the citation's copy button) are the only ones.
      expect(page.replace(/<script src="\/assets\/[a-z-]+\.js\?v=[0-9a-f]+" defer><\/script>/g, ""), path).not.toMatch(/<script/i);
      // Attribute values are quoted and escaped: look at the markup around them.
      const markup = page.replace(/"[^"]*"/g, '""');
      expect(markup, path).not.toMatch(/<[^>]*\son(error|load|mouseover)=/i);
      expect(page, path).not.toMatch(/<(iframe|svg)/i);
      expect(page, path).not.toMatch(/<a\s[^>]*href="\s*javascript:/i);
    }
    const { page } = await get(`/notes/${evil.id}/history/1`);
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    const current = await get(`/notes/${evil.id}`);
    expect(current.page).toContain('<meta property="og:title" content="&lt;iframe src=javascript:alert(11)&gt;">');
    expect(current.page).toContain("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;");
    expect(current.page).toContain("#&lt;script&gt;x&lt;/script&gt;");
    expect(current.page).toContain("&lt;b onmouseover=alert(3)&gt;cat&lt;/b&gt;");
    expect(current.page).toContain("&lt;img src=x onerror=alert(4)&gt;</a>");
  });
});

describe("restricted and deleted notes", () => {
  it("hides a followers-only note from visitors and non-followers, shows it to followers and authors", async () => {
    const secret = await note({ title: "Pour les abonné·es", visibility: "followers" });
    await recordFollow(services.db, services.config.publicUrl, carol, alice, { accepted: true });
    for (const path of [`/notes/${secret.id}`, `/notes/${secret.id}/history`, `/notes/${secret.id}/history/1`]) {
      expect((await get(path)).status, path).toBe(404);
      const asBob = await (await signedIn(bob)).get(path);
      expect(asBob.res.status, path).toBe(404);
      expect(asBob.page).not.toContain("Pour les abonné·es");
    }
    const asCarol = await (await signedIn(carol)).get(`/notes/${secret.id}`);
    expect(asCarol.res.status).toBe(200);
    expect(asCarol.res.headers.get("cache-control")).toBe("private");
    expect(asCarol.page).toContain("<dd>réservée aux abonné·es</dd>");
    expect((await (await signedIn(alice)).get(`/notes/${secret.id}`)).res.status).toBe(200);
    // Never listed.
    expect((await get("/notes")).page).not.toContain("Pour les abonné·es");
    expect((await get("/@alice/notes")).page).not.toContain("Pour les abonné·es");
  });

  it("answers 410 once deleted from the page's control", async () => {
    const doomed = await note({ title: "À supprimer" });
    const anonymous = await get(`/notes/${doomed.id}`);
    expect(anonymous.status).toBe(200);
    const browser = await signedIn(alice);
    await browser.get(`/notes/${doomed.id}`);
    const { res, page } = await browser.post(`/notes/${doomed.id}/delete`, {});
    expect(res.status).toBe(200);
    expect(page).toContain("Note supprimée");
    expect(services.sent.at(-1)).toEqual({ type: "note-deleted", noteId: doomed.id });
    for (const path of [`/notes/${doomed.id}`, `/notes/${doomed.id}/history`, `/notes/${doomed.id}/edit`]) {
      const after = await browser.get(path);
      expect(after.res.status, path).toBe(410);
      expect(after.page).toContain("Cette note a été supprimée.");
    }
    expect((await get(`/notes/${doomed.id}`)).status).toBe(410);
  });
});

describe("history", () => {
  it("lists every version with its date and editor, and shows each one", async () => {
    const n = await note({ title: "Première version", summary: "Résumé un", content: "Texte **un**." });
    await updateNote(services, alice, n.id, { title: "Deuxième version", content: "Texte **deux**.", authors: ["@alice@test.example", "@bob@test.example"] });
    await acceptCoauthorships(services, bob);
    await updateNote(services, bob, n.id, { summary: "Résumé trois" });
    const { status, page } = await get(`/notes/${n.id}/history`);
    expect(status).toBe(200);
    expect(page).toContain("<h1>Historique de « Deuxième version »</h1>");
    const rows = [...page.matchAll(/<li class="revision" id="version-(\d)"/g)].map((m) => m[1]);
    expect(rows).toEqual(["3", "2", "1"]);
    expect(page).toContain("(actuelle)");
    expect(page).toMatch(/history\/3">Version 3<\/a>[\s\S]*?<a class="p-author h-card" href="\/@bob">Bruno Gagnon<\/a>/);
    expect(page).toMatch(/history\/1">Version 1<\/a>[\s\S]*?<a class="p-author h-card" href="\/@alice">Alice Tremblay<\/a>/);

    const v1 = await get(`/notes/${n.id}/history/1`);
    expect(v1.status).toBe(200);
    expect(v1.res.headers.get("x-robots-tag")).toBe("noindex");
    expect(v1.page).toContain("<h1>Première version</h1>");
    expect(v1.page).toContain("Résumé un");
    expect(v1.page).toContain("Texte <strong>un</strong>.");
    expect(v1.page).toContain("Vous lisez la version 1 de cette note");
    const v3 = await get(`/notes/${n.id}/history/3`);
    expect(v3.page).toContain("<h1>Deuxième version</h1>");
    expect(v3.page).toContain("Résumé trois");
    expect((await get(`/notes/${n.id}/history/4`)).status).toBe(404);
  });
});

describe("lists", () => {
  it("pages the index of public notes, 20 at a time, newest first", async () => {
    for (let i = 1; i <= 21; i++) await note({ title: `Note numéro ${i}`, summary: `Résumé ${i}` });
    await note({ title: "Non listée", visibility: "unlisted" });
    const first = await get("/notes");
    expect(first.status).toBe(200);
    expect(first.page).toContain("<h1>Notes</h1>");
    expect(first.page.match(/<li class="h-entry">/g)).toHaveLength(20);
    expect(first.page).toContain("Note numéro 21");
    expect(first.page).not.toContain("Note numéro 1<");
    expect(first.page).not.toContain("Non listée");
    expect(first.page).toContain('Par <a class="p-author h-card" href="/@alice">Alice Tremblay</a>');
    const next = /<a href="([^"]+)" rel="next">/.exec(first.page)![1]!.replace(/&amp;/g, "&");
    const second = await get(next);
    expect(second.page.match(/<li class="h-entry">/g)).toHaveLength(1);
    expect(second.page).toContain("Note numéro 1<");
    expect(second.page).not.toContain('rel="next"');
  });

  it("shows the public notes of a tag, whatever its spelling", async () => {
    await note({ title: "Des communs", tags: ["Soutenabilité"] });
    await note({ title: "Privée", tags: ["soutenabilite"], visibility: "followers" });
    await note({ title: "Autre sujet", tags: ["autre"] });
    const { status, page } = await get(`/tags/${encodeURIComponent("Soutenabilité")}`);
    expect(status).toBe(200);
    expect(page).toContain("<h1>Notes étiquetées #Soutenabilité</h1>");
    expect(page).toContain("Des communs");
    expect(page).not.toContain("Privée");
    expect(page).not.toContain("Autre sujet");
    expect((await get("/tags/inconnue")).page).toContain("Aucune note publique ne porte cette étiquette.");
  });

  it("lists a person's public notes", async () => {
    await note({ title: "Note d'Alice" });
    await note({ title: "Note de Bruno" }, bob);
    const { status, page } = await get("/@alice/notes");
    expect(status).toBe(200);
    expect(page).toContain("<h1>Notes de Alice Tremblay</h1>");
    expect(page).toContain("Note d&#39;Alice");
    expect(page).not.toContain("Note de Bruno");
    expect((await get("/@nobody/notes")).status).toBe(404);
  });
});

describe("writing and editing in the browser", () => {
  const FORM = {
    title: "Atelier 4 - Rêver",
    summary: "Rêver la soutenabilité d'En commun.",
    content: "## Intention\r\n\r\nRêver **ensemble**.",
    language: "fr",
    license: "cc-by-nc-sa-4.0",
    visibility: "public",
    category: "Atelier 4",
    tags: "communs, rêves , ",
    authors: "@alice\nbob",
    terms: "economie-sociale",
    organizations: "",
    links: "https://remote.example/notes/42",
    translationLanguage: "en",
    translationTitle: "Workshop 4 - Dreaming",
    translationSummary: "",
    translationContent: "Dreaming **together**.",
  };

  beforeEach(async () => {
    await createTerm(services.db, services.config.publicUrl, { labelFr: "Économie sociale" });
  });

  it("sends visitors to sign in", async () => {
    const visitor = new Browser(app);
    const { res } = await visitor.get("/notes/new");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/signin?next=%2Fnotes%2Fnew");
    expect((await visitor.post("/notes/new", FORM)).res.status).toBe(303);
  });

  it("offers the instance's default licence and the writer as author", async () => {
    const browser = await signedIn(alice);
    const { res, page } = await browser.get("/notes/new");
    expect(res.status).toBe(200);
    expect(page).toContain('<form class="form wide note-form" method="post" action="/notes/new" enctype="multipart/form-data" data-upload-progress>');
    expect(page).toContain('<option value="cc-by-sa-4.0" selected>CC BY-SA 4.0</option>');
    expect(page).toContain('<option value="all-rights-reserved">Tous droits réservés</option>');
    expect(page).toContain('<option value="public" selected>publique</option>');
    // One input per author, each suggesting people (a <datalist>), the first one holding the field's id.
    expect(page).toMatch(/<input name="authors" value="@alice" list="authors-choices" [^>]*id="field-authors">/);
  });

  it("refuses a form without the CSRF token", async () => {
    const browser = await signedIn(alice);
    await browser.get("/notes/new");
    const { res } = await browser.post("/notes/new", FORM, { csrf: false });
    expect(res.status).toBe(403);
    expect(await services.db.selectFrom("notes").select("id").execute()).toEqual([]);
  });

  it("publishes a note with everything in the form", async () => {
    const browser = await signedIn(alice);
    await browser.get("/notes/new");
    const { res } = await browser.post("/notes/new", FORM);
    expect(res.status).toBe(303);
    const id = /^\/notes\/([0-9a-z]+)\?saved=published$/.exec(res.headers.get("location") ?? "")![1]!;
    const details = await loadNoteDetails(services.db, (await findNoteById(services.db, id))!);
    expect(details.note).toMatchObject({
      title: "Atelier 4 - Rêver",
      summary: "Rêver la soutenabilité d'En commun.",
      content_source: "## Intention\n\nRêver **ensemble**.",
      license: "https://creativecommons.org/licenses/by-nc-sa/4.0/",
      category: "Atelier 4",
      brought_in_by: alice.id,
    });
    // bob, named in the form, is invited: an author only once he accepts.
    expect(details.authors.map((a) => a.username)).toEqual(["alice"]);
    expect((await invitedAuthors(services.db, id)).map((a) => a.username)).toEqual(["bob"]);
    expect(details.tags.map((t) => t.name)).toEqual(["communs", "rêves"]);
    expect(details.terms.map((t) => t.slug)).toEqual(["economie-sociale"]);
    expect(details.links).toEqual(["https://remote.example/notes/42"]);
    expect(details.translations).toMatchObject([{ language: "en", title: "Workshop 4 - Dreaming", content_source: "Dreaming **together**." }]);
    expect(services.sent).toEqual([{ type: "note-published", noteId: id }]);
    const { page } = await browser.get(`/notes/${id}`);
    expect(page).toContain("Rêver <strong>ensemble</strong>.");
  });

  it("shows refusals in the form with what was typed", async () => {
    const browser = await signedIn(alice);
    await browser.get("/notes/new");
    const { res, page } = await browser.post("/notes/new", { ...FORM, title: "", links: "pas une adresse", terms: "inconnu" });
    expect(res.status).toBe(400);
    expect(page).toContain('<div class="error-summary" role="alert" tabindex="-1" autofocus');
    expect(page).toContain("Titre : ce champ est à remplir.");
    expect(page).toContain("« pas une adresse » n&#39;est pas une adresse web");
    expect(page).toContain("## Intention\n\nRêver **ensemble**.</textarea>");
    expect(page).toContain('<option value="cc-by-nc-sa-4.0" selected>');
    expect(page).toContain('name="translationTitle" value="Workshop 4 - Dreaming"');
    // Unknown lexicon terms are refused once the form itself is valid.
    const second = await browser.post("/notes/new", { ...FORM, terms: "inconnu" });
    expect(second.res.status).toBe(400);
    expect(second.page).toContain("Terme(s) relié(s) : le lexique n&#39;a pas de terme « inconnu ».");
    expect(await services.db.selectFrom("notes").select("id").execute()).toEqual([]);
  });

  it("edits a note, keeping translations the form does not show", async () => {
    const n = await note({
      title: "Avant",
      tags: ["communs"],
      authors: ["@alice@test.example", "@bob@test.example"],
      translations: [
        { language: "en", title: "Before", content: "Text." },
        { language: "es", title: "Antes", content: "Texto." },
      ],
    });
    await acceptCoauthorships(services, bob);
    const browser = await signedIn(bob);
    const form = await browser.get(`/notes/${n.id}/edit`);
    expect(form.res.status).toBe(200);
    expect(form.page).toContain(`action="/notes/${n.id}/edit"`);
    expect(form.page).toContain('name="title" value="Avant"');
    expect(form.page).toContain('<input name="authors" value="@alice"');
    expect(form.page).toContain('<input name="authors" value="@bob"');
    expect(form.page).toContain('name="translationTitle" value="Before"');
    const fields = Object.fromEntries([...form.page.matchAll(/<input name="(\w+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    expect(fields.tags).toBe("communs");

    const { res } = await browser.post(`/notes/${n.id}/edit`, {
      ...FORM,
      title: "Après",
      authors: "@alice\n@bob",
      terms: "",
      links: "",
      translationLanguage: "en",
      translationTitle: "After",
      translationContent: "Text.",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/notes/${n.id}?saved=1`);
    const details = await loadNoteDetails(services.db, (await findNoteById(services.db, n.id))!);
    expect(details.note.title).toBe("Après");
    expect(details.note.revision).toBe(2);
    expect(details.translations.map((t) => [t.language, t.title])).toEqual([
      ["en", "After"],
      ["es", "Antes"],
    ]);
    expect(services.sent.at(-1)).toEqual({ type: "note-updated", noteId: n.id });
  });

  it("keeps non-authors out of editing and deleting (403)", async () => {
    const n = await note({ title: "D'Alice seulement" });
    const browser = await signedIn(carol);
    const form = await browser.get(`/notes/${n.id}/edit`);
    expect(form.res.status).toBe(403);
    expect(form.page).toContain("Action réservée aux auteurs");
    expect((await browser.post(`/notes/${n.id}/edit`, { ...FORM, title: "Volée" })).res.status).toBe(403);
    await browser.get(`/notes/${n.id}`);
    expect((await browser.post(`/notes/${n.id}/delete`, {})).res.status).toBe(403);
    const stored = (await findNoteById(services.db, n.id))!;
    expect(stored).toMatchObject({ title: "D'Alice seulement", deleted_at: null, revision: 1 });
    // A restricted note is not even acknowledged.
    const hidden = await note({ title: "Cachée", visibility: "followers" });
    expect((await browser.get(`/notes/${hidden.id}/edit`)).res.status).toBe(404);
  });
});
