// The forms' error paths in both languages: every problem listed in a summary
// that takes the focus, each field marked and tied to its message, what was
// typed kept, and nothing in the other language; then the confirmation step of
// a term deletion and the status line after saving a note.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Hono } from "hono";
import { createUser } from "../../src/domain/accounts.ts";
import { hostOf, type ActorRow } from "../../src/domain/actors.ts";
import { createTerm } from "../../src/domain/terms.ts";
import { createApp } from "../../src/http/app.ts";
import type { AppEnv } from "../../src/http/env.ts";
import { t } from "../../src/http/i18n/messages.ts";
import type { Language } from "../../src/config/config.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { Browser } from "./browser.ts";

const PASSWORD = "correct horse battery";
let services: TestServices;
let app: Hono<AppEnv>;
let alice: ActorRow;

beforeEach(async () => {
  services = await testServices({ INSTANCE_NAME: "Praxis", REGISTRATION_MODE: "open" });
  app = createApp(services);
  ({ actor: alice } = await createUser(services.db, services.config.publicUrl, { handle: "alice", password: PASSWORD, isAdmin: true }));
});
afterEach(() => services.close());

/** The English sentences the domain writes for the API: never on a page. */
const API_ENGLISH = [/is required/, /nobody found/, /is not a URL/, /Invalid handle/i, /already taken/, /must be/];
/** French words of the catalogs' form sentences: never on an English page. */
const FRENCH = [/à remplir/, /personne n'a été trouvé/, /n'est pas une adresse/, /Cet identifiant/, /à corriger/, /Le mot de passe/];

function browserIn(lang: Language): Browser {
  const browser = new Browser(app);
  browser.cookies.set("lang", lang);
  return browser;
}

/** The summary's items (text and link target), in order. */
function summaryOf(page: string): { href: string; text: string }[] {
  const summary = /<div class="error-summary" role="alert" tabindex="-1" autofocus[^>]*>([\s\S]*?)<\/div>/.exec(page);
  expect(summary, "an error summary that takes the focus").not.toBeNull();
  return [...summary![1]!.matchAll(/<li><a href="([^"]+)">([^<]*)<\/a><\/li>/g)].map((m) => ({ href: m[1]!, text: m[2]! }));
}

/** The field named `name` is marked invalid and described by a message with that text. */
function expectMarked(page: string, name: string, message: string): void {
  const control = new RegExp(`<(?:input|textarea|select) name="${name}"[^>]* id="field-${name}" aria-invalid="true" aria-describedby="field-${name}-error"`);
  expect(page).toMatch(control);
  const text = new RegExp(`<span class="field-error" id="field-${name}-error">([^<]*)</span>`).exec(page)?.[1];
  expect(text).toContain(escapeHtml(message));
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/'/g, "&#39;").replace(/"/g, "&quot;");
}

function expectOnlyLanguage(page: string, lang: Language): void {
  const body = page.slice(page.indexOf("<main"));
  for (const pattern of lang === "fr" ? API_ENGLISH : FRENCH) expect(body).not.toMatch(pattern);
}

describe.each(["fr", "en"] as const)("the forms' error paths in %s", (lang) => {
  it("lists every problem of a refused note, marks each field and keeps what was typed", async () => {
    const browser = browserIn(lang);
    await browser.signIn("alice", PASSWORD);
    await browser.get("/notes/new");
    const { res, page } = await browser.post("/notes/new", {
      title: "",
      content: "Mon texte gardé",
      language: "fr",
      license: "cc-by-4.0",
      visibility: "public",
      links: "pas-une-adresse\nhttps://ailleurs.example/notes/1",
      tags: "communs",
      translationTitle: "Un titre seul",
    });
    expect(res.status).toBe(400);
    const title = t(lang, "notes.formTitle");
    const expected = [
      { field: "title", message: t(lang, "form.required", { label: title }) },
      { field: "links", message: t(lang, "form.notUrl", { label: t(lang, "notes.links"), value: "pas-une-adresse" }) },
      { field: "translationContent", message: t(lang, "form.required", { label: t(lang, "notes.formContent") }) },
    ];
    const summary = summaryOf(page);
    for (const e of expected) {
      expect(summary).toContainEqual({ href: `#field-${e.field}`, text: escapeHtml(e.message) });
      expectMarked(page, e.field, e.message);
    }
    expect(page).toContain(escapeHtml(t(lang, "form.errorSummary", { count: summary.length })));
    // What was typed is shown again.
    expect(page).toContain(">Mon texte gardé</textarea>");
    expect(page).toContain("pas-une-adresse\nhttps://ailleurs.example/notes/1</textarea>");
    expect(page).toContain('value="Un titre seul"');
    expect(page).toContain('value="communs"');
    // A field without a problem is not marked.
    expect(page).not.toMatch(/name="tags"[^>]* aria-invalid/);
    expectOnlyLanguage(page, lang);
  });

  it("names, in the reader's language, every author nobody answers to", async () => {
    // The real directory answers null for a name nobody has (the test one refuses remote lookups).
    const known = services.directory.resolve.bind(services.directory);
    services.directory.resolve = async (query) => (/personne|absente/.test(query) ? null : known(query));
    const browser = browserIn(lang);
    await browser.signIn("alice", PASSWORD);
    await browser.get("/notes/new");
    const { res, page } = await browser.post("/notes/new", {
      title: "Un titre",
      content: "Un texte",
      language: "fr",
      license: "cc-by-4.0",
      visibility: "public",
      authors: "@personne\n@absente",
    });
    expect(res.status).toBe(400);
    const label = t(lang, "notes.formAuthors");
    const host = hostOf(services.config.publicUrl);
    const summary = summaryOf(page);
    expect(summary.map((s) => s.href)).toEqual(["#field-authors", "#field-authors"]);
    expect(summary[0]!.text).toBe(escapeHtml(t(lang, "form.notFound", { label, value: `@personne@${host}` })));
    expect(summary[1]!.text).toBe(escapeHtml(t(lang, "form.notFound", { label, value: `@absente@${host}` })));
    expectMarked(page, "authors", t(lang, "form.notFound", { label, value: `@personne@${host}` }));
    expect(page).toContain('<input name="authors" value="@personne"');
    expect(page).toContain('<input name="authors" value="@absente"');
    expectOnlyLanguage(page, lang);
  });

  it("gives every sign-up problem at once: the handle taken and the password too short", async () => {
    const browser = browserIn(lang);
    await browser.get("/signup");
    const { res, page } = await browser.post("/signup", { handle: "alice", password: "court" });
    expect(res.status).toBe(400);
    const handleMessage = t(lang, "account.handleTaken");
    const passwordMessage = t(lang, "account.passwordInvalid", { min: 10, max: 1024 });
    const summary = summaryOf(page);
    expect(summary.map((s) => s.href)).toEqual(["#field-handle", "#field-password"]);
    expect(summary[0]!.text).toBe(escapeHtml(handleMessage));
    expectMarked(page, "handle", handleMessage);
    expect(page).toMatch(/name="password"[^>]* id="field-password" aria-invalid="true" aria-describedby="field-password-error"/);
    expect(page).toContain('value="alice"');
    expectOnlyLanguage(page, lang);
  });

  it("marks a community's handle already taken, or not valid, and keeps the rest", async () => {
    const browser = browserIn(lang);
    await browser.signIn("alice", PASSWORD);
    const label = t(lang, "communities.formHandle");
    for (const [handle, message, status] of [
      ["alice", t(lang, "form.handleTaken", { label }), 409],
      ["deux mots", t(lang, "form.handleInvalid", { label }), 400],
    ] as const) {
      await browser.get("/communities/new");
      const { res, page } = await browser.post("/communities/new", { handle, name: "Jardins partagés", visibility: "public", topics: "jardins" });
      expect(res.status).toBe(status);
      expect(summaryOf(page)).toEqual([{ href: "#field-handle", text: escapeHtml(message) }]);
      expectMarked(page, "handle", message);
      expect(page).toContain(`value="${handle}"`);
      expect(page).toContain('value="Jardins partagés"');
      expectOnlyLanguage(page, lang);
    }
  });

  it("says the note was published, then saved, after the redirect", async () => {
    const browser = browserIn(lang);
    await browser.signIn("alice", PASSWORD);
    await browser.get("/notes/new");
    const created = await browser.post("/notes/new", { title: "Publiée", content: "Texte", language: "fr", license: "cc-by-4.0", visibility: "public" });
    expect(created.res.status).toBe(303);
    const location = created.res.headers.get("location")!;
    expect(location).toMatch(/\?saved=published$/);
    const shown = await browser.get(location);
    expect(shown.page).toContain(`<p class="notice" role="status">${escapeHtml(t(lang, "form.notePublished"))}</p>`);
    const path = location.replace(/\?.*$/, "");
    await browser.get(`${path}/edit`);
    const edited = await browser.post(`${path}/edit`, { title: "Modifiée", content: "Texte", language: "fr", license: "cc-by-4.0", visibility: "public" });
    expect(edited.res.headers.get("location")).toBe(`${path}?saved=1`);
    const again = await browser.get(`${path}?saved=1`);
    expect(again.page).toContain(`<p class="notice" role="status">${escapeHtml(t(lang, "form.noteSaved"))}</p>`);
    // Nobody else is told about someone else's save.
    const stranger = await new Browser(app).get(`${path}?saved=1`);
    expect(stranger.page).not.toContain('role="status"');
  });

  it("asks before deleting a lexicon term, with the consequences, and deletes only on the confirmed POST", async () => {
    await createTerm(services.db, services.config.publicUrl, { labelFr: "Tiers-lieu", labelEn: "Third place" });
    const browser = browserIn(lang);
    await browser.signIn("alice", PASSWORD);
    const term = await browser.get("/terms/tiers-lieu");
    // The term page has a red link to the confirmation, no one-click delete form.
    expect(term.page).toContain(`<a class="button danger" href="/terms/tiers-lieu/delete">${escapeHtml(t(lang, "term.delete"))}</a>`);
    expect(term.page).not.toContain('action="/terms/tiers-lieu/delete"');
    const confirm = await browser.get("/terms/tiers-lieu/delete");
    expect(confirm.res.status).toBe(200);
    const label = lang === "fr" ? "Tiers-lieu" : "Third place";
    expect(confirm.page).toContain(escapeHtml(t(lang, "term.deleteConfirmTitle", { label })).replace(/“|”/g, (q) => q));
    expect(confirm.page).toContain(escapeHtml(t(lang, "term.deleteConfirmBody")));
    expect(confirm.page).toMatch(/<form class="form confirm" method="post" action="\/terms\/tiers-lieu\/delete">[\s\S]*<button type="submit" class="danger">/);
    expect(confirm.page).toContain('<a href="/terms/tiers-lieu">');
    // Seeing the confirmation deleted nothing.
    expect((await browser.get("/terms/tiers-lieu")).res.status).toBe(200);
    const done = await browser.post("/terms/tiers-lieu/delete", {});
    expect(done.res.status).toBe(303);
    expect((await browser.get("/terms/tiers-lieu")).res.status).toBe(410);
  });
});

it("keeps the confirmation of a term deletion from those who may not delete", async () => {
  await createTerm(services.db, services.config.publicUrl, { labelFr: "Tiers-lieu" });
  await createUser(services.db, services.config.publicUrl, { handle: "bob", password: PASSWORD, isAdmin: false });
  const browser = browserIn("fr");
  await browser.signIn("bob", PASSWORD);
  const confirm = await browser.get("/terms/tiers-lieu/delete");
  expect(confirm.res.status).toBe(403);
  expect(confirm.page).toContain(escapeHtml(t("fr", "term.deleteAdminsOnly")));
});

it("draws destructive buttons in red, with enough contrast against their text", async () => {
  const css = await (await app.request("/assets/style.css")).text();
  expect(css).toMatch(/a\.button\.danger \{[^}]*background: var\(--danger\)/);
  const light = /--danger: (#[0-9a-f]{6})/.exec(css)![1]!;
  const paper = /--paper: (#[0-9a-f]{6})/.exec(css)![1]!;
  expect(contrast(light, paper)).toBeGreaterThanOrEqual(4.5);
});

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}
