// Issue 12, "reading": "Citer cette note" (APA with a copy button, BibTeX and
// RIS downloads, a citation of one version) and the history with each
// version's edit summary and a word diff, which never shows a redacted text.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Hono } from "hono";
import { createUser } from "../../src/domain/accounts.ts";
import { updateLocalProfile, type ActorRow } from "../../src/domain/actors.ts";
import { createApiToken } from "../../src/domain/api-tokens.ts";
import { createNote, updateNote } from "../../src/domain/note-writing.ts";
import { redactRevision } from "../../src/domain/redaction.ts";
import { createApp } from "../../src/http/app.ts";
import type { AppEnv } from "../../src/http/env.ts";
import { callApi } from "../helpers/api-client.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { Browser, HTML } from "./browser.ts";

const PASSWORD = "correct horse battery";
const SECRET = "SECRET-514-555-0199";
let services: TestServices;
let app: Hono<AppEnv>;
let alice: ActorRow;
let bob: ActorRow;

beforeEach(async () => {
  services = await testServices({ INSTANCE_NAME: "Praxis" });
  app = createApp(services);
  const origin = services.config.publicUrl;
  ({ actor: alice } = await createUser(services.db, origin, { handle: "alice", password: PASSWORD, isAdmin: false }));
  ({ actor: bob } = await createUser(services.db, origin, { handle: "bob", password: PASSWORD, isAdmin: false }));
  alice = await updateLocalProfile(services.db, alice, { name: "Alice Tremblay" });
});
afterEach(() => services.close());

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await app.request(path, { headers: { ...HTML, ...headers } });
  return { res, status: res.status, text: await res.text() };
}

async function signedIn(actor: ActorRow): Promise<Browser> {
  const browser = new Browser(app);
  await browser.signIn(actor.username, PASSWORD);
  return browser;
}

describe("Citer cette note", () => {
  it("shows the APA reference in a read-only field, with a copy button the page's script may enable", async () => {
    const note = (await createNote(services, alice, { title: "Jardins", content: "Texte." })).note;
    const { res, text } = await get(`/notes/${note.id}`);
    expect(text).toMatch(/<textarea id="citation-apa" class="citation" readonly [^>]*>Tremblay, A\. \(\d{4}\)\. Jardins\. Praxis\./);
    // Hidden until the script runs: without JavaScript there is no dead button.
    expect(text).toContain('<button type="button" class="secondary" hidden data-copy-target="citation-apa"');
    expect(text).toMatch(/<script src="\/assets\/copy-button\.js\?v=[0-9a-f]+" defer><\/script>/);
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(text).toContain(`<a href="/notes/${note.id}/citation.bib" download>Télécharger en BibTeX (.bib)</a>`);
    expect(text).toContain(`<a href="/notes/${note.id}/citation.ris" download>Télécharger en RIS (.ris)</a>`);
  });

  it("downloads BibTeX and RIS with their types, file names and escaped text", async () => {
    const note = (await createNote(services, alice, { title: "Coûts & bénéfices : 100 % {local}", content: "Texte.", language: "fr" })).note;
    const bib = await get(`/notes/${note.id}/citation.bib`);
    expect(bib.status).toBe(200);
    expect(bib.res.headers.get("content-type")).toBe("application/x-bibtex; charset=utf-8");
    expect(bib.res.headers.get("content-disposition")).toMatch(/^attachment; filename="tremblay\d{4}[a-z0-9]{6}\.bib"$/);
    expect(bib.text).toContain("title = {{Coûts \\& bénéfices : 100 \\% \\{local\\}}},");
    expect(bib.text).toContain("author = {Tremblay, Alice},");
    expect(bib.text).toContain(`url = {https://test.example/notes/${note.id}},`);
    expect(bib.text).toContain("howpublished = {Praxis},");
    const ris = await get(`/notes/${note.id}/citation.ris`);
    expect(ris.res.headers.get("content-type")).toBe("application/x-research-info-systems; charset=utf-8");
    expect(ris.res.headers.get("content-disposition")).toMatch(/^attachment; filename="tremblay\d{4}[a-z0-9]{6}\.ris"$/);
    expect(ris.text).toContain("TI  - Coûts & bénéfices : 100 % {local}\r\n");
    expect(ris.text).toContain(`UR  - https://test.example/notes/${note.id}\r\n`);
  });

  it("is for those who may read the note: 404 otherwise, and for unknown notes and versions", async () => {
    const note = (await createNote(services, alice, { title: "Entre abonné·es", content: "Texte.", visibility: "followers" })).note;
    expect((await get(`/notes/${note.id}/citation.bib`)).status).toBe(404);
    expect((await get(`/notes/${note.id}/citation.ris`)).status).toBe(404);
    const author = await signedIn(alice);
    expect((await author.get(`/notes/${note.id}/citation.ris`)).res.status).toBe(200);
    expect((await get("/notes/nope/citation.bib")).status).toBe(404);
    const open = (await createNote(services, alice, { title: "Ouverte", content: "Texte." })).note;
    expect((await get(`/notes/${open.id}/history/9/citation.bib`)).status).toBe(404);
    expect((await get(`/notes/${open.id}/history/99999999999999999999/citation.bib`)).status).toBe(404);
  });

  it("cites one version, from the history's link, with its number, date and address", async () => {
    const note = (await createNote(services, alice, { title: "Première", content: "Un." })).note;
    await updateNote(services, alice, note.id, { title: "Deuxième", content: "Deux." });
    const history = await get(`/notes/${note.id}/history`);
    expect(history.text).toContain(`<a href="/notes/${note.id}/history/1#cite">Citer cette version</a>`);
    const v1 = await get(`/notes/${note.id}/history/1`);
    expect(v1.text).toMatch(/<h2>Citer cette version \(version 1 du [^)]+\)<\/h2>/);
    expect(v1.text).toMatch(new RegExp(`Tremblay, A\\. \\(\\d{4}\\)\\. Première \\[version 1 du [^\\]]+\\]\\. Praxis\\. Consulté le [^,]+, à https://test\\.example/notes/${note.id}/history/1</textarea>`));
    expect(v1.text).toContain(`<a href="/notes/${note.id}/history/1/citation.bib" download>`);
    const bib = await get(`/notes/${note.id}/history/1/citation.bib`);
    expect(bib.text).toContain("title = {{Première}},");
    expect(bib.text).toContain(`url = {https://test.example/notes/${note.id}/history/1},`);
    expect(bib.text).toContain("version = {1},");
    expect(bib.res.headers.get("content-disposition")).toMatch(/v1\.bib"$/);
    const ris = await get(`/notes/${note.id}/history/1/citation.ris`);
    expect(ris.text).toMatch(/ET {2}- version 1 du .+\r\n/);
  });
});

describe("the history", () => {
  it("shows each version's edit summary, given in the edit form, and a word diff with spoken labels", async () => {
    const note = (await createNote(services, alice, { title: "Jardins", content: "Les jardins collectifs du quartier." })).note;
    const browser = await signedIn(alice);
    const form = await browser.get(`/notes/${note.id}/edit`);
    expect(form.page).toContain('name="editSummary"');
    expect(form.page).toContain("Résumé de la modification (facultatif)");
    const saved = await browser.post(`/notes/${note.id}/edit`, {
      title: "Jardins",
      content: "Les jardins partagés du quartier.",
      language: "fr",
      license: "all-rights-reserved",
      visibility: "public",
      authors: "@alice",
      editSummary: "Un mot plus juste",
    });
    expect(saved.res.status).toBe(303);
    const { text } = await get(`/notes/${note.id}/history`);
    expect(text).toContain('<p class="edit-summary"><strong>Résumé de la modification :</strong> Un mot plus juste</p>');
    expect(text).toContain("Modifications depuis la version 1");
    expect(text).toContain('<del><span class="visually-hidden">[retiré : </span>collectifs<span class="visually-hidden"> fin du retrait]</span></del>');
    expect(text).toContain('<ins><span class="visually-hidden">[ajouté : </span>partagés<span class="visually-hidden"> fin de l&#39;ajout]</span></ins>');
    expect(text).toContain("Première version.");
    // In English too.
    const en = await get(`/notes/${note.id}/history`, { "accept-language": "en" });
    expect(en.text).toContain("<strong>Edit summary:</strong> Un mot plus juste");
    expect(en.text).toContain('<ins><span class="visually-hidden">[added: </span>partagés');
    // The next edit's form does not offer the last summary again.
    expect((await browser.get(`/notes/${note.id}/edit`)).page).toContain('name="editSummary" value=""');
  });

  it("refuses a too-long edit summary in the form, in French, with the field marked and what was typed kept", async () => {
    const note = (await createNote(services, alice, { title: "Jardins", content: "Texte." })).note;
    const browser = await signedIn(alice);
    await browser.get(`/notes/${note.id}/edit`);
    const long = "x".repeat(301);
    const { res, page } = await browser.post(`/notes/${note.id}/edit`, { title: "Jardins", content: "Texte modifié.", language: "fr", license: "all-rights-reserved", visibility: "public", authors: "@alice", editSummary: long });
    expect(res.status).toBe(400);
    expect(page).toContain("Résumé de la modification (facultatif)");
    expect(page).toMatch(/id="field-editSummary" aria-invalid="true" aria-describedby="field-editSummary-error"/);
    expect(page).toContain(`value="${long}"`);
    expect(page).toContain('<a href="#field-editSummary">');
  });

  it("takes the edit summary through the API and returns it with the revisions", async () => {
    const token = await createApiToken(services.db, alice.id, "test");
    const created = await callApi(app, token, "POST", "/notes", { title: "Jardins", content: "Un." });
    const edited = await callApi(app, token, "PATCH", `/notes/${created.json.id}`, { content: "Deux.", editSummary: "  Chiffres\n à jour  " });
    expect(edited.status).toBe(200);
    const revisions = await callApi(app, token, "GET", `/notes/${created.json.id}/revisions`);
    expect(revisions.json.items.map((r: { editSummary: string | null }) => r.editSummary)).toEqual(["Chiffres à jour", null]);
    const tooLong = await callApi(app, token, "PATCH", `/notes/${created.json.id}`, { content: "Trois.", editSummary: "x".repeat(301) });
    expect(tooLong.status).toBe(400);
    expect((await callApi(app, token, "PATCH", `/notes/${created.json.id}`, { editSummary: 42 })).status).toBe(400);
  });

  it("never shows a redacted version's text or edit summary, in the diffs on either side or its citation", async () => {
    const note = (await createNote(services, alice, { title: "Jardins", content: "Écrivez au comité." })).note;
    await updateNote(services, alice, note.id, { content: `Appelez ${SECRET} pour les semences.`, editSummary: `ajout de ${SECRET}` });
    await updateNote(services, alice, note.id, { content: "Écrivez au comité des jardins.", editSummary: "numéro retiré" });
    // Before redaction the diffs show it (so the test would see a leak).
    expect((await get(`/notes/${note.id}/history`)).text).toContain(SECRET);
    await redactRevision(services.db, { actor: alice, isAdmin: false }, note.id, 2);
    const history = await get(`/notes/${note.id}/history`);
    expect(history.text).not.toContain(SECRET);
    expect(history.text).not.toContain("514-555");
    // Version 3 (against 2) and version 2 (against 1) both say there is no comparison.
    expect(history.text.match(/Aucune comparaison : cette version ou la précédente a été caviardée\./g)).toHaveLength(2);
    expect(history.text).toContain("numéro retiré");
    expect(history.text).not.toContain(`href="/notes/${note.id}/history/2#cite"`);
    const v2 = await get(`/notes/${note.id}/history/2`);
    expect(v2.text).not.toContain(SECRET);
    expect(v2.text).not.toContain("citation-apa");
    for (const format of ["bib", "ris"]) {
      const file = await get(`/notes/${note.id}/history/2/citation.${format}`);
      expect(file.status).toBe(410);
      expect(file.text).not.toContain(SECRET);
    }
    const token = await createApiToken(services.db, bob.id, "test");
    const api = await callApi(app, token, "GET", `/notes/${note.id}/revisions`);
    expect(JSON.stringify(api.json)).not.toContain(SECRET);
  });
});
