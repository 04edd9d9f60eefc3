import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import type { ActorRow } from "../../src/domain/actors.ts";
import { createNote, deleteNote, updateNote } from "../../src/domain/note-writing.ts";
import { canSeeNote, citedBy, listPublicNotes, listRevisions } from "../../src/domain/notes.ts";
import { createOrganization } from "../../src/domain/organizations.ts";
import { recordFollow } from "../../src/domain/follows.ts";
import { acceptCoauthorships } from "../helpers/coauthors.ts";
import { testServices, type TestServices } from "../helpers/services.ts";

describe("writing notes", () => {
  let services: TestServices;
  let alice: ActorRow;
  let bob: ActorRow;

  beforeEach(async () => {
    services = await testServices({ DEFAULT_LICENSE: "cc-by-nc-sa-4.0" });
    alice = (await createUser(services.db, services.config.publicUrl, { handle: "alice", password: "un-mot-de-passe-solide", isAdmin: false })).actor;
    bob = (await createUser(services.db, services.config.publicUrl, { handle: "bob", password: "un-mot-de-passe-solide", isAdmin: false })).actor;
  });
  afterEach(() => services.close());

  it("fills defaults: the writer as author and bringer, the instance licence, a summary, revision 1, a published intent", async () => {
    const { note, authors, broughtInBy } = await createNote(services, alice, { title: "Titre", content: "Un long texte de note." });
    expect(authors.map((a) => a.id)).toEqual([alice.id]);
    expect(broughtInBy?.id).toBe(alice.id);
    expect(note.license).toBe("https://creativecommons.org/licenses/by-nc-sa/4.0/");
    expect(note.summary).toBe("Un long texte de note.");
    expect(note.language).toBe("fr");
    expect(note.visibility).toBe("public");
    expect((await listRevisions(services.db, note.id)).map((r) => r.number)).toEqual([1]);
    expect(services.sent).toContainEqual({ type: "note-published", noteId: note.id });
  });

  it("reports every problem at once", async () => {
    await expect(createNote(services, alice, { title: "", content: "", license: "copyleft", visibility: "secret", links: ["pas une url"] })).rejects.toThrow(
      /title is required.*content is required.*license.*visibility.*links/,
    );
  });

  it("keeps every edit as a revision; only authors may edit or delete", async () => {
    const { note } = await createNote(services, alice, { title: "V1", content: "Premier jet." });
    await expect(updateNote(services, bob, note.id, { title: "Piraté" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(deleteNote(services, bob, note.id)).rejects.toMatchObject({ code: "forbidden" });
    const v2 = await updateNote(services, alice, note.id, { title: "V2" });
    expect(v2.note.revision).toBe(2);
    expect(v2.note.content_source).toBe("Premier jet.");
    expect(v2.note.updated_at > note.updated_at).toBe(true);
    expect((await listRevisions(services.db, note.id)).map((r) => [r.number, r.title])).toEqual([
      [2, "V2"],
      [1, "V1"],
    ]);
    expect(services.sent).toContainEqual({ type: "note-updated", noteId: note.id });
    await deleteNote(services, alice, note.id);
    expect(services.sent).toContainEqual({ type: "note-deleted", noteId: note.id });
    await expect(updateNote(services, alice, note.id, { title: "V3" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("lets a co-author edit, and publishes in an organization's name only through its members", async () => {
    const org = await createOrganization(services, alice, { username: "jardins-qc", name: "Jardins du Québec" });
    await expect(createNote(services, bob, { title: "Au nom de", content: "x", authors: ["@jardins-qc@test.example"] })).rejects.toMatchObject({ code: "forbidden" });
    const { note, authors } = await createNote(services, alice, { title: "Au nom de", content: "x", authors: ["@jardins-qc@test.example", "@bob@test.example"] });
    // bob co-signs once he accepts (co-authorship by consent: coauthors.test.ts).
    expect(authors.map((a) => a.id)).toEqual([org.id]);
    await acceptCoauthorships(services, bob);
    expect((await updateNote(services, bob, note.id, { content: "Corrigé par bob" })).note.content_source).toBe("Corrigé par bob");
  });

  it("links notes with 'cited by' backlinks, and lists only public notes", async () => {
    const { note: target } = await createNote(services, alice, { title: "Cible", content: "x" });
    const { note: citing } = await createNote(services, bob, { title: "Citante", content: "y", links: [target.uri] });
    await createNote(services, bob, { title: "Privée", content: "z", links: [target.uri], visibility: "followers" });
    expect((await citedBy(services.db, target)).map((n) => n.id)).toEqual([citing.id]);
    const listed = await listPublicNotes(services.db, { limit: 10 });
    expect(listed.items.map((n) => n.title).sort()).toEqual(["Cible", "Citante"].sort());
  });

  it("shows followers-only notes to authors and accepted followers only", async () => {
    const carol = (await createUser(services.db, services.config.publicUrl, { handle: "carol", password: "un-mot-de-passe-solide", isAdmin: false })).actor;
    const { note } = await createNote(services, alice, { title: "Abonné·es", content: "x", visibility: "followers" });
    await recordFollow(services.db, services.config.publicUrl, bob, alice, { accepted: true });
    await recordFollow(services.db, services.config.publicUrl, carol, alice, { accepted: false });
    expect(await canSeeNote(services.db, note, alice.id)).toBe(true);
    expect(await canSeeNote(services.db, note, bob.id)).toBe(true);
    expect(await canSeeNote(services.db, note, carol.id)).toBe(false);
    expect(await canSeeNote(services.db, note, null)).toBe(false);
  });

  it("stores translations and renders Markdown to sanitized HTML with absolute links", async () => {
    const { note, translations } = await createNote(services, alice, {
      title: "Jardins",
      content: "Voir [la page](/notes/autre) et <script>alert(1)</script>",
      translations: [{ language: "en", title: "Gardens", content: "**Hello**" }],
    });
    expect(note.content_html).toContain('href="https://test.example/notes/autre"');
    expect(note.content_html).not.toContain("<script");
    expect(translations).toEqual([expect.objectContaining({ language: "en", title: "Gardens", content_html: "<p><strong>Hello</strong></p>\n" })]);
  });
});
