// Co-authorship invitations on the pages: the section of one's own page, its
// answers (forms with the CSRF token), and what the note's writer sees.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Hono } from "hono";
import { createUser } from "../../src/domain/accounts.ts";
import { updateLocalProfile, type ActorRow } from "../../src/domain/actors.ts";
import { invitedAuthors } from "../../src/domain/coauthors.ts";
import { createCommunity, parseNewCommunity } from "../../src/domain/communities.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import { noteAuthors, type NoteRow } from "../../src/domain/notes.ts";
import { createApp } from "../../src/http/app.ts";
import type { AppEnv } from "../../src/http/env.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { Browser } from "./browser.ts";

const PASSWORD = "correct horse battery";
let services: TestServices;
let app: Hono<AppEnv>;
let alice: ActorRow;
let bob: ActorRow;
let note: NoteRow;

beforeEach(async () => {
  services = await testServices({ INSTANCE_NAME: "Praxis" });
  app = createApp(services);
  const origin = services.config.publicUrl;
  ({ actor: alice } = await createUser(services.db, origin, { handle: "alice", password: PASSWORD, isAdmin: false }));
  ({ actor: bob } = await createUser(services.db, origin, { handle: "bob", password: PASSWORD, isAdmin: false }));
  alice = await updateLocalProfile(services.db, alice, { name: "Alice Tremblay" });
  note = (await createNote(services, alice, { title: "Jardins d'hiver", content: "x", authors: ["@alice@test.example", "@bob@test.example"] })).note;
});
afterEach(() => services.close());

async function signedIn(actor: ActorRow): Promise<Browser> {
  const browser = new Browser(app);
  await browser.signIn(actor.username, PASSWORD);
  return browser;
}

const authorNames = async () => (await noteAuthors(services.db, note.id)).map((a) => a.username);

describe("pending co-authorships on one's own page", () => {
  it("lists the invitation to its invitee only, in French and in English", async () => {
    const browser = await signedIn(bob);
    const { page } = await browser.get("/@bob");
    expect(page).toContain("<h2>Co-autorats en attente</h2>");
    expect(page).toContain(`<a class="p-author h-card" href="/@alice">Alice Tremblay</a> vous invite à co-signer <a href="/notes/${note.id}">Jardins d&#39;hiver</a>`);
    expect(page).toContain(`action="/coauthorships/`);
    const english = await browser.get("/@bob?lang=en", { "accept-language": "en" });
    expect(english.page).toContain("<h2>Pending co-authorships</h2>");
    expect(english.page).toContain("invites you to co-sign");
    // Neither a visitor nor the writer sees bob's invitations on his page.
    expect((await new Browser(app).get("/@bob")).page).not.toContain("Co-autorats en attente");
    expect((await (await signedIn(alice)).get("/@bob")).page).not.toContain("Co-autorats en attente");
  });

  it("accepts from the page: bob becomes an author, the change is federated", async () => {
    const browser = await signedIn(bob);
    const { page } = await browser.get("/@bob");
    const id = /action="\/coauthorships\/([^/]+)\/accept"/.exec(page)![1]!;
    expect((await browser.post(`/coauthorships/${id}/accept`, {}, { csrf: false })).res.status).toBe(403);
    expect(await authorNames()).toEqual(["alice"]);
    const { res } = await browser.post(`/coauthorships/${id}/accept`, {});
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/@bob");
    expect(await authorNames()).toEqual(["alice", "bob"]);
    expect(services.sent).toContainEqual({ type: "coauthor-joined", noteId: note.id, actorId: bob.id });
    expect((await browser.get("/@bob")).page).not.toContain("Co-autorats en attente");
  });

  it("declines from the page; a second answer is refused with a clear page", async () => {
    const browser = await signedIn(bob);
    const id = /action="\/coauthorships\/([^/]+)\/decline"/.exec((await browser.get("/@bob")).page)![1]!;
    expect((await browser.post(`/coauthorships/${id}/decline`, {})).res.status).toBe(303);
    expect(await authorNames()).toEqual(["alice"]);
    expect(await invitedAuthors(services.db, note.id)).toEqual([]);
    await browser.get("/@bob");
    expect((await browser.post(`/coauthorships/${id}/accept`, {})).res.status).toBe(404);
  });

  it("shows a community's invitations to its moderators", async () => {
    await createCommunity(services, bob, parseNewCommunity({ handle: "jardins", name: "Jardins collectifs" }));
    const carol = (await createUser(services.db, services.config.publicUrl, { handle: "carol", password: PASSWORD, isAdmin: false })).actor;
    await createNote(services, carol, { title: "Pour la communauté", content: "x", authors: ["@carol@test.example", "@jardins@test.example"] });
    const { page } = await (await signedIn(bob)).get("/@bob");
    expect(page).toMatch(/invite la communauté <a class="p-author h-card" href="\/@jardins">Jardins collectifs<\/a> à co-signer <a href="\/notes\/[^"]+">Pour la communauté<\/a>/);
  });
});

describe("the note's page", () => {
  it("shows its editors who is invited, and nobody else", async () => {
    const asAlice = await (await signedIn(alice)).get(`/notes/${note.id}`);
    expect(asAlice.page).toContain('Invitation à co-signer en attente : <a class="p-author h-card" href="/@bob">bob</a>');
    expect((await new Browser(app).get(`/notes/${note.id}`)).page).not.toContain("Invitation à co-signer");
    // The edit form keeps bob listed, so that saving it keeps his invitation.
    const form = (await (await signedIn(alice)).get(`/notes/${note.id}/edit`)).page;
    expect(form).toContain('<input name="authors" value="@alice"');
    expect(form).toContain('<input name="authors" value="@bob"');
  });
});
