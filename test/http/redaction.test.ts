// Redaction of a revision (issue 15): a unique string planted in a revision
// that is then edited out and redacted is found in no page, no API response
// and no row of any table, on SQLite and on PostgreSQL. Deleting a note
// purges its history.
import { describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import { findActorByUri } from "../../src/domain/actors.ts";
import { createApiToken } from "../../src/domain/api-tokens.ts";
import { moderationLog } from "../../src/domain/moderation-log.ts";
import { createApp } from "../../src/http/app.ts";
import { DATABASES, useServices } from "../domain/on-databases.ts";
import { callApi } from "../helpers/api-client.ts";
import { tablesContaining } from "../helpers/table-scan.ts";
import { Browser, HTML } from "./browser.ts";

const PASSWORD = "correct horse battery";
const PLANTED = "PLANTED-7f3a9c-Ginette-Tremblay-514-555-0199";

for (const database of DATABASES) {
  describe(`redacting a revision (${database.name})`, () => {
    const services = useServices(database.open);

    async function setup() {
      // Local actors only: the note's authors are resolved by URI on each edit.
      const s = { ...services(), directory: { resolve: async (query: string) => (await findActorByUri(services().db, query)) ?? null } };
      const app = createApp(s);
      const origin = s.config.publicUrl;
      const { actor: alice } = await createUser(s.db, origin, { handle: "alice", password: PASSWORD, isAdmin: false });
      const { actor: bob } = await createUser(s.db, origin, { handle: "bob", password: PASSWORD, isAdmin: false });
      const { actor: admin } = await createUser(s.db, origin, { handle: "root", password: PASSWORD, isAdmin: true });
      const tokens = {
        alice: await createApiToken(s.db, alice.id, "test"),
        bob: await createApiToken(s.db, bob.id, "test"),
        admin: await createApiToken(s.db, admin.id, "test"),
      };
      const created = await callApi(app, tokens.alice, "POST", "/notes", {
        title: `Jardins ${PLANTED}`,
        summary: `Résumé ${PLANTED}`,
        content: `Appelez ${PLANTED} pour les semences.`,
        translations: [{ language: "en", title: "Gardens", content: `Call ${PLANTED}.` }],
        visibility: "public",
        license: "cc-by-sa-4.0",
      });
      expect(created.status).toBe(201);
      const id = created.json.id as string;
      // The author removes the personal data by editing (revision 2 is the note as it now reads)...
      const edited = await callApi(app, tokens.alice, "PATCH", `/notes/${id}`, { title: "Jardins", summary: "Résumé", content: "Écrivez au comité.", translations: [] });
      expect(edited.status, JSON.stringify(edited.json)).toBe(200);
      return { s, app, alice, bob, admin, tokens, id };
    }

    it("removes the text from the history page, the revisions API and every table, leaving that it happened", async () => {
      const { s, app, alice, tokens, id } = await setup();
      // ...but it stays in the history until redacted.
      expect((await (await app.request(`/notes/${id}/history/1`, { headers: HTML })).text())).toContain(PLANTED);
      expect(await tablesContaining(s.db, s.dialect, PLANTED)).toContain("note_revisions");

      // The current revision cannot be redacted: edit first, then redact.
      const current = await callApi(app, tokens.alice, "DELETE", `/notes/${id}/revisions/2`);
      expect(current.status).toBe(409);
      expect(current.json.message).toMatch(/edit the note/);

      const redacted = await callApi(app, tokens.alice, "DELETE", `/notes/${id}/revisions/1`);
      expect(redacted.status).toBe(200);
      expect(redacted.json).toMatchObject({ number: 1, redacted: true, redactedBy: alice.id, title: "", content: null, contentHtml: "" });

      const pages = [`/notes/${id}`, `/notes/${id}/history`, `/notes/${id}/history/1`, `/notes/${id}/history/2`, "/notes", "/@alice"];
      for (const path of pages) {
        const res = await app.request(path, { headers: HTML });
        expect(res.status, path).toBe(200);
        expect(await res.text(), path).not.toContain(PLANTED);
      }
      const history = await (await app.request(`/notes/${id}/history`, { headers: HTML })).text();
      expect(history).toMatch(/Texte caviardé le/);
      expect(await (await app.request(`/notes/${id}/history/1`, { headers: HTML })).text()).toMatch(/a été caviardé/);

      const list = await callApi(app, tokens.alice, "GET", `/notes/${id}/revisions`);
      expect(list.json.items.map((r: { number: number; redacted: boolean }) => [r.number, r.redacted])).toEqual([[2, false], [1, true]]);
      for (const path of [`/notes/${id}/revisions`, `/notes/${id}/revisions/1`, `/notes/${id}`]) {
        expect(JSON.stringify((await callApi(app, tokens.alice, "GET", path)).json), path).not.toContain(PLANTED);
      }
      // Nowhere in the database: not in the revision row, its snapshot, or any other table.
      expect(await tablesContaining(s.db, s.dialect, PLANTED)).toEqual([]);
      const row = await s.db.selectFrom("note_revisions").selectAll().where("note_id", "=", id).where("number", "=", 1).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ title: "", summary: null, content_source: null, content_html: "", snapshot: "{}", redacted_by: alice.id });
      expect(row.redacted_at).not.toBeNull();
      // An author's own redaction is not moderation.
      expect(await moderationLog(s.db)).toEqual([]);
    });

    it("lets an administrator redact someone else's personal data (logged), refuses others", async () => {
      const { s, app, admin, tokens, id } = await setup();
      expect((await callApi(app, tokens.bob, "DELETE", `/notes/${id}/revisions/1`)).status).toBe(403);
      const done = await callApi(app, tokens.admin, "DELETE", `/notes/${id}/revisions/1`, { reason: "Numéro de téléphone personnel" });
      expect(done.status).toBe(200);
      const [entry] = await moderationLog(s.db);
      expect(entry).toMatchObject({ moderatorId: admin.id, action: "revision-redacted", targetType: "note", reason: "Numéro de téléphone personnel", details: { revision: 1 } });
      expect(await tablesContaining(s.db, s.dialect, PLANTED)).toEqual([]);
      expect((await callApi(app, tokens.admin, "DELETE", `/notes/${id}/revisions/9`)).status).toBe(404);
      expect((await callApi(app, tokens.admin, "DELETE", `/notes/nope/revisions/1`)).status).toBe(404);
    });

    it("redacts from the history page with a plain form (no JavaScript)", async () => {
      const { s, app, id } = await setup();
      const browser = new Browser(app);
      await browser.signIn("alice", PASSWORD);
      const { page } = await browser.get(`/notes/${id}/history`);
      expect(page).toContain(`action="/notes/${id}/history/1/redact"`);
      // No button for the current revision: the hint says to edit first.
      expect(page).not.toContain(`action="/notes/${id}/history/2/redact"`);
      const { res } = await browser.post(`/notes/${id}/history/1/redact`, {});
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe(`/notes/${id}/history`);
      expect(await tablesContaining(s.db, s.dialect, PLANTED)).toEqual([]);
      // Someone else sees no button, and a forged post is refused.
      const bob = new Browser(app);
      await bob.signIn("bob", PASSWORD);
      expect((await bob.get(`/notes/${id}/history`)).page).not.toContain("/redact");
      expect((await bob.post(`/notes/${id}/history/2/redact`, {})).res.status).toBe(403);
    });

    it("regenerates a generated summary when only the body is edited, so redaction leaves the text nowhere", async () => {
      const { s, app, alice, tokens } = await setup();
      const SUMMARIZED = "SUMMARIZED-4b81e2-Rejean-Gagnon-418-555-0142";
      // No summary given: it is generated from the body, and so carries the personal data too.
      const created = await callApi(app, tokens.alice, "POST", "/notes", { title: "Semences", content: `Appelez ${SUMMARIZED} pour les semences.`, visibility: "public", license: "cc-by-sa-4.0" });
      expect(created.status).toBe(201);
      const id = created.json.id as string;
      expect(created.json.summary).toContain(SUMMARIZED);
      // Only the body changes: the summary follows it.
      const edited = await callApi(app, tokens.alice, "PATCH", `/notes/${id}`, { content: "Écrivez au comité des semences." });
      expect(edited.status, JSON.stringify(edited.json)).toBe(200);
      expect(edited.json.summary).toBe("Écrivez au comité des semences.");
      expect((await callApi(app, tokens.alice, "DELETE", `/notes/${id}/revisions/1`)).status).toBe(200);
      expect(await tablesContaining(s.db, s.dialect, SUMMARIZED)).toEqual([]);
      for (const path of [`/notes/${id}`, `/notes/${id}/history`, `/notes/${id}/history/1`, `/notes/${id}/history/2`, "/@alice"]) {
        expect(await (await app.request(path, { headers: HTML })).text(), path).not.toContain(SUMMARIZED);
      }
      expect(JSON.stringify((await callApi(app, tokens.alice, "GET", `/notes/${id}/revisions`)).json)).not.toContain(SUMMARIZED);

      // The edit page leaves a generated summary out, so saving the form with a new body generates it again.
      const formNote = (await callApi(app, tokens.alice, "POST", "/notes", { title: "Graines", content: `Joindre ${SUMMARIZED} le mardi.`, visibility: "public", license: "cc-by-sa-4.0" })).json;
      const browser = new Browser(app);
      await browser.signIn("alice", PASSWORD);
      const form = await browser.get(`/notes/${formNote.id as string}/edit`);
      expect(form.page).toMatch(/<textarea name="summary"[^>]*><\/textarea>/);
      const saved = await browser.post(`/notes/${formNote.id as string}/edit`, { title: "Graines", summary: "", content: "Écrire au comité.", language: "fr", license: "cc-by-sa-4.0", visibility: "public", category: "", tags: "", authors: alice.uri, terms: "", organizations: "", links: "", translationLanguage: "", translationTitle: "", translationSummary: "", translationContent: "" });
      expect(saved.res.status, saved.page).toBe(303);
      expect((await callApi(app, tokens.alice, "GET", `/notes/${formNote.id as string}`)).json.summary).toBe("Écrire au comité.");

      // A summary the author wrote is theirs: a body-only edit keeps it.
      const written = await callApi(app, tokens.alice, "POST", "/notes", { title: "Compost", summary: "Le compost en ville.", content: "Premier jet.", visibility: "public", license: "cc-by-sa-4.0" });
      const rewritten = await callApi(app, tokens.alice, "PATCH", `/notes/${written.json.id as string}`, { content: "Second jet, plus long." });
      expect(rewritten.json.summary).toBe("Le compost en ville.");
    });

    it("purges a deleted note's history, translations and text", async () => {
      const { s, app, tokens, id } = await setup();
      expect((await callApi(app, tokens.alice, "DELETE", `/notes/${id}`)).status).toBe(204);
      expect(await s.db.selectFrom("note_revisions").select("id").where("note_id", "=", id).execute()).toEqual([]);
      expect(await tablesContaining(s.db, s.dialect, PLANTED)).toEqual([]);
      expect(await tablesContaining(s.db, s.dialect, "Écrivez au comité")).toEqual([]);
      expect((await app.request(`/notes/${id}/history`, { headers: HTML })).status).toBe(410);
    });
  });
}
