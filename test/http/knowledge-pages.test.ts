import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import type { ActorRow } from "../../src/domain/actors.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import { addItem, createNotebook, createSection, findNotebook, loadNotebook } from "../../src/domain/notebooks.ts";
import { addMember, createOrganization } from "../../src/domain/organizations.ts";
import { createTerm, findLocalTerm } from "../../src/domain/terms.ts";
import { createApp } from "../../src/http/app.ts";
import { knowledgePageRoutes } from "../../src/http/routes/knowledge-pages.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { Browser, HTML } from "./browser.ts";

const PASSWORD = "correct horse battery";
const XSS = `<script>alert("x")</script>`;
let services: TestServices;
let app: ReturnType<typeof createApp>;
let browser: Browser;
let alice: ActorRow;
let bob: ActorRow;

beforeEach(async () => {
  services = await testServices();
  // As the lead mounts it: after the app's session and language middlewares.
  app = createApp(services);
  app.route("/", knowledgePageRoutes());
  browser = new Browser(app);
  const origin = services.config.publicUrl;
  ({ actor: alice } = await createUser(services.db, origin, { handle: "alice", password: PASSWORD, isAdmin: false }));
  ({ actor: bob } = await createUser(services.db, origin, { handle: "bob", password: PASSWORD, isAdmin: true }));
});
afterEach(() => services.close());

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await app.request(path, { headers: { ...HTML, ...headers } });
  return { res, page: await res.text() };
}

describe("notebook pages", () => {
  it("show a notebook: curators, cover, sections in order, local and remote notes, OpenGraph", async () => {
    const { note } = await createNote(services, alice, { title: "Jardins collectifs", summary: "Ce qu'on a appris", content: "Texte" });
    const notebook = await createNotebook(services, alice, { title: "Atelier 1 - Explorer", summary: "Un parcours", coverUrl: "https://img.example/c.png" });
    const s1 = await createSection(services, alice, notebook.id, { title: "Premiers pas" });
    await createSection(services, alice, notebook.id, { title: "Aller plus loin" });
    await addItem(services, alice, notebook.id, { note: "https://remote.example/notes/7", section: s1.id });
    await addItem(services, alice, notebook.id, { note: note.id, section: s1.id, position: 0 });

    const { res, page } = await get(`/notebooks/${notebook.id}`);
    expect(res.status).toBe(200);
    expect(page).toContain("<h1>Atelier 1 - Explorer</h1>");
    expect(page).toContain('<div class="summary">Un parcours</div>');
    // Another server's image, through the media cache (docs/PRIVACY.md, "Media cache").
    expect(page).toMatch(/<img class="cover" src="\/media\/cache\/[\w-]{22}\/[\w-]+"/);
    expect(page).not.toContain('src="https://img.example/c.png"');
    expect(page).toContain('<a href="/@alice">alice</a>');
    expect(page).toContain(`<meta property="og:url" content="https://test.example/notebooks/${notebook.id}">`);
    expect(page).toMatch(/<meta property="og:image" content="https:\/\/test\.example\/media\/cache\/[\w-]{22}\/[\w-]+">/);
    expect(page).toContain('<meta property="og:description" content="Un parcours">');
    expect(page).toContain(`<link rel="alternate" type="application/activity+json" href="https://test.example/notebooks/${notebook.id}">`);
    const first = page.indexOf("Premiers pas");
    const local = page.indexOf(`<a href="${note.uri}">Jardins collectifs</a>`);
    const remote = page.indexOf('<a href="https://remote.example/notes/7" rel="nofollow noopener noreferrer">Note sur remote.example</a>');
    const second = page.indexOf("Aller plus loin");
    expect([first, local, remote, second].every((i) => i > 0)).toBe(true);
    expect(first < local && local < remote && remote < second).toBe(true);
    expect(page).toContain("Aucune note dans cette section.");
    // Visitors get no controls.
    expect(page).not.toContain("/remove");
    expect(page).not.toContain(`/notebooks/${notebook.id}/edit`);
  });

  it("escape what curators and remote servers wrote", async () => {
    const { note } = await createNote(services, alice, { title: `Note ${XSS}`, content: "Texte" });
    const notebook = await createNotebook(services, alice, { title: `Carnet ${XSS}`, summary: `<img src=x onerror=alert(1)>` });
    const section = await createSection(services, alice, notebook.id, { title: `Section ${XSS}` });
    await addItem(services, alice, notebook.id, { note: note.id, section: section.id });
    await addItem(services, alice, notebook.id, { note: `https://remote.example/n?a="><script>` });
    const { page } = await get(`/notebooks/${notebook.id}`);
    expect(page).not.toContain("<script>alert");
    expect(page).not.toContain("<img src=x");
    expect(page).toContain("Carnet &lt;script&gt;");
    expect(page).toContain("Section &lt;script&gt;");
    expect(page).toContain("Note &lt;script&gt;");
    expect(page).not.toContain('"><script>');
  });

  it("answer 404 for unknown ones, 410 for deleted ones, and leave ActivityPub clients to the federation", async () => {
    expect((await get("/notebooks/nope")).res.status).toBe(404);
    const notebook = await createNotebook(services, alice, { title: "Carnet" });
    const ap = await get(`/notebooks/${notebook.id}`, { accept: "application/activity+json" });
    expect(ap.res.status).toBe(404);
    expect(ap.res.headers.get("content-type")).toContain("application/json");
    await services.db.updateTable("notebooks").set({ deleted_at: new Date().toISOString() }).where("id", "=", notebook.id).execute();
    const gone = await get(`/notebooks/${notebook.id}`);
    expect(gone.res.status).toBe(410);
    expect(gone.page).toContain("Carnet supprimé");
  });

  it("list notebooks, in English too", async () => {
    await createNotebook(services, alice, { title: "Carnet A", summary: "Résumé A" });
    await createNotebook(services, bob, { title: `Carnet ${XSS}` });
    const { page } = await get("/notebooks", { "accept-language": "en" });
    expect(page).toContain("<h1>Notebooks</h1>");
    expect(page).toContain("Carnet A</a>");
    expect(page).toContain("Notes: 0");
    expect(page).not.toContain("<script>alert");
    expect(page).toContain('<meta property="og:url" content="https://test.example/notebooks">');
    expect(page).not.toContain('action="/notebooks"');
  });

  it("let a signed-in person create a notebook and curate it through forms", async () => {
    await browser.signIn("alice", PASSWORD);
    const index = await browser.get("/notebooks");
    expect(index.page).toContain('action="/notebooks"');
    const created = await browser.post("/notebooks", { title: "Mon carnet", summary: "", coverUrl: "" });
    expect(created.res.status).toBe(303);
    const location = created.res.headers.get("location")!;
    const id = location.split("/").pop()!;

    let view = await browser.get(location);
    expect(view.page).toContain(`href="/notebooks/${id}/edit"`);
    await browser.get(`/notebooks/${id}/edit`);
    expect((await browser.post(`/notebooks/${id}/sections`, { title: "Atelier 1" })).res.status).toBe(303);
    expect((await browser.post(`/notebooks/${id}/edit`, { title: "Mon carnet révisé", summary: "Pour l'atelier", coverUrl: "" })).res.status).toBe(303);
    await browser.get(`/notebooks/${id}`);
    for (const n of [1, 2]) {
      const added = await browser.post(`/notebooks/${id}/items`, { note: `https://remote.example/notes/${n}`, section: "" });
      expect(added.res.status).toBe(303);
    }
    const refused = await browser.post(`/notebooks/${id}/items`, { note: "pas une adresse" });
    expect(refused.res.status).toBe(404);

    view = await browser.get(`/notebooks/${id}`);
    expect(view.page).toContain("<h1>Mon carnet révisé</h1>");
    const fullView = await loadNotebook(services.db, (await findNotebook(services.db, id))!);
    const [one, two] = fullView.items;
    expect((await browser.post(`/notebooks/${id}/items/${two!.item.id}/move`, { position: "0" })).res.status).toBe(303);
    let after = await loadNotebook(services.db, (await findNotebook(services.db, id))!);
    expect(after.items.map((i) => i.item.id)).toEqual([two!.item.id, one!.item.id]);
    await browser.get(`/notebooks/${id}`);
    expect((await browser.post(`/notebooks/${id}/items/${one!.item.id}/remove`, {})).res.status).toBe(303);
    after = await loadNotebook(services.db, (await findNotebook(services.db, id))!);
    expect(after.items.map((i) => i.item.id)).toEqual([two!.item.id]);
    expect(services.sent.map((i) => i.type)).toEqual([
      "notebook-updated",
      "notebook-updated",
      "notebook-item-added",
      "notebook-item-added",
      "notebook-updated",
      "notebook-item-removed",
    ]);

    await browser.get(`/notebooks/${id}/edit`);
    const deleted = await browser.post(`/notebooks/${id}/delete`, {});
    expect(deleted.res.headers.get("location")).toBe("/notebooks");
    expect((await browser.get(`/notebooks/${id}`)).res.status).toBe(410);
  });

  it("refuse forms without the CSRF token, from visitors, and from people who are not curators", async () => {
    const notebook = await createNotebook(services, alice, { title: "Carnet" });
    const visitor = await browser.post(`/notebooks/${notebook.id}/items`, { note: "https://remote.example/notes/1" });
    expect(visitor.res.status).toBe(303);
    expect(visitor.res.headers.get("location")).toMatch(/^\/signin/);

    await browser.signIn("bob", PASSWORD);
    const noToken = await browser.post(`/notebooks/${notebook.id}/items`, { note: "https://remote.example/notes/1" }, { csrf: false });
    expect(noToken.res.status).toBe(403);
    expect(noToken.page).toContain("Formulaire expiré");
    const notCurator = await browser.post(`/notebooks/${notebook.id}/items`, { note: "https://remote.example/notes/1" });
    expect(notCurator.res.status).toBe(403);
    expect((await browser.get(`/notebooks/${notebook.id}/edit`)).res.status).toBe(403);
    expect(services.sent).toEqual([]);
  });
});

describe("lexicon pages", () => {
  it("list terms alphabetically, accents ignored, with a search", async () => {
    await createTerm(services.db, services.config.publicUrl, { labelFr: "Tiers-lieu", labelEn: "Third place" });
    await createTerm(services.db, services.config.publicUrl, { labelFr: "Économie sociale", labelEn: "Social economy", aliases: ["ESS"] });
    await createTerm(services.db, services.config.publicUrl, { labelFr: "Commun", labelEn: "Commons" });
    const { page } = await get("/terms");
    expect(page).toContain("<h1>Lexique</h1>");
    const order = ["Commun", "Économie sociale", "Tiers-lieu"].map((label) => page.indexOf(`>${label}</a>`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(page).toContain('<section id="letter-E">');

    const english = (await get("/terms", { "accept-language": "en" })).page;
    const orderEn = ["Commons", "Social economy", "Third place"].map((label) => english.indexOf(`>${label}</a>`));
    expect([...orderEn].sort((a, b) => a - b)).toEqual(orderEn);
    expect(orderEn.every((i) => i > 0)).toBe(true);

    const search = (await get("/terms?q=eco")).page;
    expect(search).toContain(">Économie sociale</a>");
    expect(search).not.toContain(">Commun</a>");
    expect((await get(`/terms?q=${encodeURIComponent(XSS)}`)).page).not.toContain("<script>alert");
  });

  it("show a term in both languages with its public notes", async () => {
    await createTerm(services.db, services.config.publicUrl, {
      labelFr: "Tiers-lieu",
      labelEn: "Third place",
      definitionFr: `Un lieu ${XSS}`,
      definitionEn: "A place",
      aliases: ["tiers lieux"],
    });
    await createNote(services, alice, { title: "Le tiers-lieu du village", content: "Texte", terms: ["tiers-lieu"] });
    await createNote(services, alice, { title: "Réservé aux abonné·es", content: "Texte", terms: ["tiers-lieu"], visibility: "followers" });
    const { res, page } = await get("/terms/tiers-lieu");
    expect(res.status).toBe(200);
    expect(page).toContain("<h1>Tiers-lieu</h1>");
    expect(page).toContain('<dd lang="en">Third place</dd>');
    expect(page).toContain("tiers lieux");
    expect(page).toContain("Un lieu &lt;script&gt;");
    expect(page).not.toContain("<script>alert");
    expect(page).toContain('<section lang="en">');
    expect(page).toContain(">Le tiers-lieu du village</a>");
    expect(page).not.toContain("Réservé aux abonné·es");
    expect(page).toContain('<meta property="og:url" content="https://test.example/terms/tiers-lieu">');
    expect(page).toContain('<meta property="og:description" content="Un lieu &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;">');
    // Visitors get no edit link.
    expect(page).not.toContain("/terms/tiers-lieu/edit");

    const english = (await get("/terms/tiers-lieu", { "accept-language": "en" })).page;
    expect(english).toContain("<h1>Third place</h1>");
    expect((await get("/terms/absent")).res.status).toBe(404);
  });

  it("let members define and edit terms, and only administrators delete them", async () => {
    await browser.signIn("alice", PASSWORD);
    await browser.get("/terms");
    const refused = await browser.post("/terms", { labelFr: "", labelEn: "", definitionFr: "", definitionEn: "", aliases: "" });
    expect(refused.res.status).toBe(400);
    expect(refused.page).toContain('role="alert"');
    const created = await browser.post("/terms", { labelFr: "Commun", labelEn: "", definitionFr: "Une ressource partagée", definitionEn: "", aliases: "communs, biens communs" });
    expect(created.res.headers.get("location")).toBe("/terms/commun");
    const term = (await findLocalTerm(services.db, "commun"))!;
    expect(JSON.parse(term.aliases)).toEqual(["communs", "biens communs"]);

    const page = await browser.get("/terms/commun");
    expect(page.page).toContain('href="/terms/commun/edit"');
    expect(page.page).not.toContain('href="/terms/commun/delete"');
    await browser.get("/terms/commun/edit");
    expect((await browser.post("/terms/commun/edit", { labelFr: "Commun", labelEn: "Commons", definitionFr: "Une ressource", definitionEn: "", aliases: "" })).res.status).toBe(303);
    expect((await findLocalTerm(services.db, "commun"))!.label_en).toBe("Commons");
    const notAdmin = await browser.post("/terms/commun/delete", {});
    expect(notAdmin.res.status).toBe(403);

    const admin = new Browser(app);
    await admin.signIn("bob", PASSWORD);
    const adminPage = await admin.get("/terms/commun");
    // The delete button leads to a confirmation page, which holds the real form.
    expect(adminPage.page).toContain('href="/terms/commun/delete"');
    expect((await admin.get("/terms/commun/delete")).page).toContain('action="/terms/commun/delete"');
    expect((await admin.post("/terms/commun/delete", {})).res.headers.get("location")).toBe("/terms");
    const gone = await get("/terms/commun");
    expect(gone.res.status).toBe(410);
    expect(gone.page).toContain("Terme supprimé");
  });
});

describe("organization pages", () => {
  it("list organizations and show one with its members and linked public notes", async () => {
    const org = await createOrganization(services, alice, { username: "cdc", name: `CDC ${XSS}`, summary: "Concertation régionale" });
    await addMember(services, alice, org, "@bob@test.example");
    await createNote(services, alice, { title: "Bilan annuel", content: "Texte", organizations: ["@cdc@test.example"] });

    const index = (await get("/organizations")).page;
    expect(index).toContain('<a href="/organizations/cdc">CDC &lt;script&gt;');
    expect(index).toContain("Membres : 2");
    expect(index).not.toContain("<script>alert");

    const { res, page } = await get("/organizations/cdc");
    expect(res.status).toBe(200);
    expect(page).toContain("<h1 class=\"p-name\">CDC &lt;script&gt;");
    expect(page).not.toContain("<script>alert");
    expect(page).toContain('<a href="/@cdc">@cdc@test.example</a>');
    expect(page).toMatch(/<a href="\/@alice">alice<\/a> <span class="handle">@alice@test.example<\/span> <span class="muted">\(administration\)<\/span>/);
    expect(page).toContain('<a href="/@bob">bob</a>');
    expect(page).toContain(">Bilan annuel</a>");
    expect(page).toContain('<meta property="og:type" content="profile">');
    expect(page).toContain(`<link rel="alternate" type="application/activity+json" href="${org.uri}">`);
    expect((await get("/organizations/@cdc")).res.status).toBe(200);
    expect((await get("/organizations/alice")).res.status).toBe(404);
    const ap = await get("/organizations/cdc", { accept: "application/activity+json" });
    expect(ap.res.status).toBe(302);
    expect(ap.res.headers.get("location")).toBe(org.uri);
  });
});
