// Issue 12, "light participation": on a community's thread and under a note,
// each reply shows its like and reply counts, signed-in people like it with a
// plain form, and its author edits or deletes it from the page (deletion asks
// first), both going through the domain that federates them.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import type { ActorRow } from "../../src/domain/actors.ts";
import { createCommunity, parseNewCommunity, type Community } from "../../src/domain/communities.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import { findNoteById, type NoteRow } from "../../src/domain/notes.ts";
import { likeNote } from "../../src/domain/reactions.ts";
import { createApp } from "../../src/http/app.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { Browser } from "./browser.ts";

const PASSWORD = "correct horse battery";
let services: TestServices;
let alice: ActorRow;
let bob: ActorRow;
let carol: ActorRow;

beforeEach(async () => {
  services = await testServices();
  const origin = services.config.publicUrl;
  ({ actor: alice } = await createUser(services.db, origin, { handle: "alice", password: PASSWORD, isAdmin: false }));
  ({ actor: bob } = await createUser(services.db, origin, { handle: "bob", password: PASSWORD, isAdmin: false }));
  ({ actor: carol } = await createUser(services.db, origin, { handle: "carol", password: PASSWORD, isAdmin: false }));
});
afterEach(() => services.close());

async function as(actor: ActorRow | null): Promise<Browser> {
  const browser = new Browser(createApp(services));
  if (actor) await browser.signIn(actor.username, PASSWORD);
  return browser;
}

async function reply(parent: NoteRow, writer: ActorRow, content: string, communities: string[] = []): Promise<NoteRow> {
  return (await createNote(services, writer, { inReplyTo: parent.uri, content, communities })).note;
}

/** The markup of one post, up to where its own replies start. */
function post(page: string, note: NoteRow): string {
  const start = page.indexOf(`id="post-${note.id}"`);
  expect(start, `post-${note.id} on the page`).toBeGreaterThan(-1);
  const rest = page.slice(start);
  const end = rest.indexOf('<ol class="replies">');
  return end === -1 ? rest.slice(0, 4000) : rest.slice(0, end);
}

describe("on a community's thread", () => {
  let c: Community;
  let root: NoteRow;
  let path: string;

  beforeEach(async () => {
    c = await createCommunity(services, alice, parseNewCommunity({ handle: "jardins", name: "Jardins" }));
    root = (await createNote(services, alice, { title: "Semis", content: "Quand semer ?", communities: ["jardins"] })).note;
    path = `/c/jardins/t/${root.id}`;
    const browser = await as(bob);
    await browser.get("/c/jardins");
    await browser.post("/c/jardins/join", {});
  });

  it("each reply shows its likes and replies; members like it with a form and come back to it", async () => {
    const first = await reply(root, bob, "En mars.", ["jardins"]);
    await reply(first, alice, "Sous abri.", ["jardins"]);
    await likeNote(services, carol, first.id);
    const visitor = await (await as(null)).get(path);
    expect(post(visitor.page, first)).toContain('<span class="likes">J&#39;aime : 1</span>');
    expect(post(visitor.page, first)).toContain('<span class="reply-count">Réponses : 1</span>');
    expect(post(visitor.page, first)).not.toContain("/like");

    const browser = await as(bob);
    const before = await browser.get(path);
    expect(post(before.page, first)).toContain(`action="/notes/${first.id}/like"`);
    expect(post(before.page, first)).toContain('aria-pressed="false">J&#39;aime cette réponse</button>');
    const liked = await browser.post(`/notes/${first.id}/like`, { back: path });
    expect(liked.res.status).toBe(303);
    expect(liked.res.headers.get("location")).toBe(`${path}#post-${first.id}`);
    const after = await browser.get(path);
    expect(post(after.page, first)).toContain("J&#39;aime : 2");
    expect(post(after.page, first)).toContain('aria-pressed="true">Je n&#39;aime plus cette réponse</button>');
    // The opening post is liked the same way.
    expect(after.page).toContain(`action="/notes/${root.id}/like"`);
  });

  it("never sends a like elsewhere than a discussion page of this site", async () => {
    const first = await reply(root, alice, "En mars.", ["jardins"]);
    const browser = await as(bob);
    for (const back of ["https://evil.example/", "//evil.example/c/x/t/y", "/c/jardins/t/x/../../admin", "/\\evil.example"]) {
      await browser.get(path);
      const res = (await browser.post(`/notes/${first.id}/like`, { back })).res;
      expect(res.headers.get("location"), back).toBe(`/notes/${first.id}#participation`);
    }
  });

  it("its author edits a reply from the page, sees it saved, and the edit is federated", async () => {
    const mine = await reply(root, bob, "En mars.", ["jardins"]);
    const theirs = await reply(root, alice, "En avril.", ["jardins"]);
    const browser = await as(bob);
    const page = (await browser.get(path)).page;
    const editHref = `/replies/${mine.id}/edit?back=${encodeURIComponent(path)}`;
    expect(post(page, mine)).toContain(`<a href="${editHref.replace(/&/g, "&amp;")}">Modifier ma réponse</a>`);
    expect(post(page, mine)).toContain(`<a class="danger-link" href="/replies/${mine.id}/delete?back=${encodeURIComponent(path)}">Supprimer ma réponse</a>`);
    expect(post(page, theirs)).not.toContain("/replies/");

    const form = await browser.get(editHref);
    expect(form.res.status).toBe(200);
    expect(form.page).toContain(">En mars.</textarea>");
    // Refused: said in French, the field marked, what was typed kept.
    const empty = await browser.post(editHref, { content: "  ", editSummary: "précision" });
    expect(empty.res.status).toBe(400);
    expect(empty.page).toMatch(/id="field-content" aria-invalid="true" aria-describedby="field-content-error"/);
    expect(empty.page).toContain("Votre réponse (Markdown)");
    expect(empty.page).toContain('value="précision"');
    expect(empty.page).not.toMatch(/ is required|must be/);

    services.sent.length = 0;
    const saved = await browser.post(editHref, { content: "En mars, **sous abri**.", editSummary: "précision" });
    expect(saved.res.status).toBe(303);
    expect(saved.res.headers.get("location")).toBe(`${path}?reply=saved#post-${mine.id}`);
    expect(services.sent).toContainEqual({ type: "note-updated", noteId: mine.id });
    const shown = await browser.get(`${path}?reply=saved`);
    expect(shown.page).toContain('<p class="notice" role="status">Votre réponse a été modifiée.</p>');
    expect(post(shown.page, mine)).toContain("<strong>sous abri</strong>");
    const revisions = await services.db.selectFrom("note_revisions").select(["number", "edit_summary"]).where("note_id", "=", mine.id).orderBy("number").execute();
    expect(revisions).toEqual([
      { number: 1, edit_summary: null },
      { number: 2, edit_summary: "précision" },
    ]);
  });

  it("keeps others out of editing and deleting a reply (403), and visitors to sign in", async () => {
    const mine = await reply(root, bob, "En mars.", ["jardins"]);
    const browser = await as(carol);
    expect((await browser.get(`/replies/${mine.id}/edit`)).res.status).toBe(403);
    expect((await browser.get(`/replies/${mine.id}/delete`)).res.status).toBe(403);
    await browser.get(path);
    expect((await browser.post(`/replies/${mine.id}/edit`, { content: "Pirate" })).res.status).toBe(403);
    expect((await browser.post(`/replies/${mine.id}/delete`, {})).res.status).toBe(403);
    expect((await findNoteById(services.db, mine.id))!.content_source).toBe("En mars.");
    const visitor = await as(null);
    expect((await visitor.get(`/replies/${mine.id}/edit`)).res.status).toBe(303);
    // Not a reply: notes are edited with the note form.
    expect((await (await as(alice)).get(`/replies/${root.id}/edit`)).res.status).toBe(404);
  });

  it("its author deletes a reply after a confirmation step; the deletion is federated", async () => {
    const mine = await reply(root, bob, "En mars.", ["jardins"]);
    const browser = await as(bob);
    await browser.get(path);
    const confirm = await browser.get(`/replies/${mine.id}/delete?back=${encodeURIComponent(path)}`);
    expect(confirm.res.status).toBe(200);
    expect(confirm.page).toContain("<h1>Supprimer votre réponse ?</h1>");
    expect(confirm.page).toContain(`<form class="form confirm" method="post" action="/replies/${mine.id}/delete?back=${encodeURIComponent(path)}">`);
    expect(confirm.page).toContain('<button type="submit" class="danger">Oui, supprimer ma réponse</button>');
    expect(confirm.page).toContain(`<a href="${path}#post-${mine.id}">Annuler</a>`);
    // Still there until confirmed.
    expect((await findNoteById(services.db, mine.id))!.deleted_at).toBeNull();
    services.sent.length = 0;
    const done = await browser.post(`/replies/${mine.id}/delete?back=${encodeURIComponent(path)}`, {});
    expect(done.res.status).toBe(303);
    expect(done.res.headers.get("location")).toBe(`${path}?reply=deleted#replies`);
    expect(services.sent).toContainEqual({ type: "note-deleted", noteId: mine.id });
    const after = await browser.get(`${path}?reply=deleted`);
    expect(after.page).toContain("Votre réponse a été supprimée.");
    expect(after.page).not.toContain("En mars.");
  });
});

describe("under a note", () => {
  it("lists the replies with their counts, and signed-in people answer with the form", async () => {
    const note = (await createNote(services, alice, { title: "Jardins collectifs", content: "Texte." })).note;
    const first = await reply(note, bob, "Merci pour la note.");
    await likeNote(services, alice, first.id);
    const visitor = await (await as(null)).get(`/notes/${note.id}`);
    expect(visitor.page).toContain('<h2>Discussion <span class="muted">(Réponses : 1)</span></h2>');
    expect(post(visitor.page, first)).toContain("J&#39;aime : 1");
    expect(post(visitor.page, first)).toContain("Réponses : 0");
    expect(visitor.page).toContain(`<a href="/signin?next=${encodeURIComponent(`/notes/${note.id}`)}">Connectez-vous pour répondre</a>`);

    const browser = await as(carol);
    const page = (await browser.get(`/notes/${note.id}`)).page;
    expect(page).toContain(`<form class="form wide reply-form" method="post" action="/notes/${note.id}/reply">`);
    const answered = await browser.post(`/notes/${note.id}/reply`, { parent: first.uri, content: "Bienvenue !" });
    expect(answered.res.status).toBe(303);
    const made = await services.db.selectFrom("notes").selectAll().where("in_reply_to_uri", "=", first.uri).executeTakeFirstOrThrow();
    expect(answered.res.headers.get("location")).toBe(`/notes/${note.id}#post-${made.id}`);
    const after = (await browser.get(`/notes/${note.id}`)).page;
    expect(post(after, first)).toContain("Réponses : 1");
    expect(post(after, made)).toContain(`/replies/${made.id}/edit?back=${encodeURIComponent(`/notes/${note.id}`)}`);
    expect(post(after, first)).not.toContain("/replies/");
    // An empty reply is refused in French; a parent outside this discussion is not found.
    const empty = await browser.post(`/notes/${note.id}/reply`, { content: "" });
    expect(empty.res.status).toBe(400);
    expect(empty.page).toContain("Action impossible");
    expect(empty.page).not.toContain("is required");
    const elsewhere = (await createNote(services, alice, { title: "Autre", content: "x" })).note;
    await browser.get(`/notes/${note.id}`);
    expect((await browser.post(`/notes/${note.id}/reply`, { parent: elsewhere.uri, content: "Ailleurs" })).res.status).toBe(404);
  });

  it("sends replies to a community's thread to that thread", async () => {
    await createCommunity(services, alice, parseNewCommunity({ handle: "jardins", name: "Jardins" }));
    const root = (await createNote(services, alice, { title: "Semis", content: "Quand ?", communities: ["jardins"] })).note;
    const browser = await as(bob);
    const page = (await browser.get(`/notes/${root.id}`)).page;
    expect(page).toContain(`<a href="/c/jardins/t/${root.id}">Discussion dans Jardins</a>`);
    expect(page).not.toContain(`action="/notes/${root.id}/reply"`);
    expect((await browser.post(`/notes/${root.id}/reply`, { content: "Contourner le fil" })).res.status).toBe(403);
  });
});
