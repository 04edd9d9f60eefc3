// The notifications page (grouped, newest first, paged, links, "mark all as
// read"), the header's unread count (said in words to screen readers), and
// GET /api/v1/notifications with what each entry links to.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Hono } from "hono";
import { createUser } from "../../src/domain/accounts.ts";
import { updateLocalProfile, type ActorRow } from "../../src/domain/actors.ts";
import { createApiToken } from "../../src/domain/api-tokens.ts";
import { createCommunity, parseNewCommunity } from "../../src/domain/communities.ts";
import { followActor } from "../../src/domain/following.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import type { NoteRow } from "../../src/domain/notes.ts";
import { notify } from "../../src/domain/notifications.ts";
import { likeNote, shareNote } from "../../src/domain/reactions.ts";
import { createApp } from "../../src/http/app.ts";
import type { AppEnv } from "../../src/http/env.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { Browser } from "./browser.ts";

const PASSWORD = "correct horse battery";
let services: TestServices;
let app: Hono<AppEnv>;
let alice: ActorRow;
let bob: ActorRow;
let carol: ActorRow;
let note: NoteRow;

beforeEach(async () => {
  services = await testServices({ INSTANCE_NAME: "Praxis" });
  app = createApp(services);
  const origin = services.config.publicUrl;
  ({ actor: alice } = await createUser(services.db, origin, { handle: "alice", password: PASSWORD, isAdmin: false }));
  ({ actor: bob } = await createUser(services.db, origin, { handle: "bob", password: PASSWORD, isAdmin: false }));
  ({ actor: carol } = await createUser(services.db, origin, { handle: "carol", password: PASSWORD, isAdmin: false }));
  bob = await updateLocalProfile(services.db, bob, { name: "Bob Gagnon" });
  note = (await createNote(services, alice, { title: "Jardins d'hiver", content: "Semis en février." })).note;
});
afterEach(() => services.close());

async function signedIn(actor: ActorRow): Promise<Browser> {
  const browser = new Browser(app);
  await browser.signIn(actor.username, PASSWORD);
  return browser;
}

describe("the notifications page", () => {
  it("asks a visitor to sign in", async () => {
    const res = await app.request("/notifications");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/signin?next=%2Fnotifications");
  });

  it("groups likes of one note, links each entry, and counts the unread in the header in words", async () => {
    await followActor(services, bob, alice);
    await likeNote(services, bob, note.id);
    await likeNote(services, carol, note.id);
    const reply = (await createNote(services, carol, { title: "Et les tomates?", content: "Merci @alice", inReplyTo: note.uri })).note;
    const browser = await signedIn(alice);
    const { res, page } = await browser.get("/notifications");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("private");
    expect(page).toContain("<h1>Notifications</h1>");
    expect(page).toContain("4 notifications non lues.");
    // The header, on this page as on every other: a badge, and words for screen readers.
    const header = /<header[\s\S]*<\/header>/.exec(page)![0];
    expect(header).toContain('<a class="notifications-link" href="/notifications" aria-current="page">Notifications<span class="badge" aria-hidden="true">4</span><span class="visually-hidden"> (4 notifications non lues)</span></a>');
    expect((await browser.get("/notes")).page).toContain("(4 notifications non lues)");
    // Newest first: the reply (carol also named alice: one notification, the reply), the two likes together, the follow.
    const entries = [...page.matchAll(/<li class="notification unread" data-kind="([^"]+)">([\s\S]*?)<\/li>/g)].map((m) => [m[1], m[2]!.replace(/\s+/g, " ")]);
    expect(entries.map((e) => e[0])).toEqual(["reply", "like", "follow"]);
    expect(entries[0]![1]).toContain(`vous a répondu : <a href="/notes/${reply.id}">Et les tomates?</a>`);
    expect(entries[1]![1]).toContain(`<a class="p-author h-card" href="/@carol">carol</a> et <a class="p-author h-card" href="/@bob">Bob Gagnon</a> aiment votre note <a href="/notes/${note.id}">Jardins d&#39;hiver</a>`);
    expect(entries[2]![1]).toContain('<a class="p-author h-card" href="/@bob">Bob Gagnon</a> vous suit.');
    expect(page).toContain('<span class="notification-state">Non lue</span>');

    const english = (await browser.get("/notifications", { "accept-language": "en" })).page;
    expect(english).toContain("4 unread notifications.");
    expect(english).toContain("(4 unread notifications)");
    expect(english).toContain("liked your note");
    expect(english).toContain(">Mark all as read</button>");
  });

  it("names a reply without title by the start of its text, so that its link says where it goes", async () => {
    const reply = (await createNote(services, bob, { content: "Moi aussi, je sème en février.", inReplyTo: note.uri })).note;
    const browser = await signedIn(alice);
    expect((await browser.get("/notifications")).page).toContain(`vous a répondu : <a href="/notes/${reply.id}">« Moi aussi, je sème en février. »</a>`);
    expect((await browser.get("/notifications", { "accept-language": "en" })).page).toContain(`replied to you: <a href="/notes/${reply.id}">“Moi aussi, je sème en février.”</a>`);
  });

  it("marks everything read with one form (no script), then says so; the header loses its badge", async () => {
    await shareNote(services, bob, note.id);
    const browser = await signedIn(alice);
    await browser.get("/notifications");
    const { res } = await browser.post("/notifications/read", {});
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/notifications?read=1");
    const { page } = await browser.get("/notifications?read=1");
    expect(page).toContain('<p class="notice" role="status">Vos notifications sont toutes marquées comme lues.</p>');
    expect(page).toContain("Tout est lu.");
    expect(page).not.toContain('class="badge"');
    expect(page).toContain('<li class="notification" data-kind="share">');
    // Without the CSRF token, nothing changes.
    await notify(services.db, { recipientId: alice.id, kind: "follow", subjectUri: carol.uri, actorId: carol.id });
    expect((await browser.post("/notifications/read", {}, { csrf: false })).res.status).toBe(403);
    expect((await browser.get("/notifications")).page).toContain("1 notification non lue.");
  });

  it("pages from the newest to the oldest, and links join requests and reports to where they are handled", async () => {
    const cercle = await createCommunity(services, alice, parseNewCommunity({ handle: "cercle", visibility: "private" }));
    await followActor(services, bob, cercle.actor);
    for (let i = 0; i < 45; i++) await notify(services.db, { recipientId: alice.id, kind: "mention", subjectUri: note.uri, actorId: bob.id });
    await notify(services.db, { recipientId: alice.id, kind: "report", subjectUri: note.uri, contextUri: cercle.actor.uri });
    const browser = await signedIn(alice);
    const first = (await browser.get("/notifications")).page;
    expect(first).toContain('Un nouveau signalement dans <a href="/c/cercle">cercle</a> attend une décision. <a href="/moderation/reports">Ouvrir</a>');
    expect(first).not.toContain('data-kind="join-request"');
    const next = /<a href="(\/notifications\?before=[^"]+)" rel="next">Notifications plus anciennes<\/a>/.exec(first)![1]!;
    const second = (await browser.get(next)).page;
    expect(second).toContain('<a class="p-author h-card" href="/@bob">Bob Gagnon</a> demande à rejoindre <a href="/c/cercle">cercle</a>. <a href="/c/cercle/moderation">Ouvrir</a>');
    expect(second.match(/data-kind="mention"/g)).toHaveLength(6);
    expect(second).not.toContain('rel="next"');
    // A malformed cursor starts from the newest, never a 500.
    expect((await browser.get("/notifications?before=%27%3B--")).res.status).toBe(200);
  });
});

describe("GET /api/v1/notifications", () => {
  it("gives each notification its note, actor and the page to open; filters by kind; refuses unknown kinds", async () => {
    await followActor(services, bob, alice);
    await likeNote(services, bob, note.id);
    const token = await createApiToken(services.db, alice.id, "test");
    const get = async (query: string) => {
      const res = await app.request(`/api/v1/notifications${query}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, body: await res.json() };
    };
    const all = await get("");
    expect(all.status).toBe(200);
    expect(all.body.unread).toBe(2);
    expect(all.body.items[0]).toMatchObject({
      kind: "like",
      subject: note.uri,
      actor: { handle: "@bob@test.example" },
      note: { id: note.id, uri: note.uri, title: "Jardins d'hiver" },
      community: null,
      url: `https://test.example/notes/${note.id}`,
      read: false,
    });
    expect(all.body.items[1]).toMatchObject({ kind: "follow", subject: bob.uri, url: "https://test.example/@bob", note: null });
    expect((await get("?kind=follow,reply")).body.items.map((i: { kind: string }) => i.kind)).toEqual(["follow"]);
    const bad = await get("?kind=poke");
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain("Unknown notification kind poke");
  });
});
