import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import { upsertRemoteActor, type ActorRow } from "../../src/domain/actors.ts";
import { createCommunity, parseNewCommunity, type Community } from "../../src/domain/communities.ts";
import { findFollow } from "../../src/domain/follows.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import type { NoteRow } from "../../src/domain/notes.ts";
import { createApp } from "../../src/http/app.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { Browser } from "./browser.ts";

const PASSWORD = "correct horse battery";
let services: TestServices;
let browser: Browser;
let alice: ActorRow;
let bob: ActorRow;

beforeEach(async () => {
  services = await testServices();
  browser = new Browser(createApp(services));
  ({ actor: alice } = await createUser(services.db, services.config.publicUrl, { handle: "alice", password: PASSWORD, isAdmin: false }));
  ({ actor: bob } = await createUser(services.db, services.config.publicUrl, { handle: "bob", password: PASSWORD, isAdmin: false }));
});
afterEach(() => services.close());

function community(handle: string, raw: Record<string, unknown> = {}): Promise<Community> {
  return createCommunity(services, alice, parseNewCommunity({ handle, name: `Communauté ${handle}`, ...raw }));
}

async function thread(c: Community, title: string, writer: ActorRow = alice): Promise<NoteRow> {
  return (await createNote(services, writer, { title, content: `Texte de ${title}`, communities: [c.actor.username] })).note;
}

/** A reply stored as the inbox stores one from another server. */
async function remoteReply(parent: NoteRow, content: string): Promise<NoteRow> {
  const carol = await upsertRemoteActor(services.db, {
    uri: "https://remote.example/users/carol",
    type: "Person",
    username: "carol",
    domain: "remote.example",
    name: "Carol d'ailleurs",
    summary: null,
    iconUrl: null,
    url: "https://remote.example/@carol",
    inboxUrl: "https://remote.example/users/carol/inbox",
    sharedInboxUrl: null,
    outboxUrl: null,
    followersUrl: null,
    followingUrl: null,
    manuallyApprovesFollowers: false,
    fields: { interests: [], region: null, standpoint: null, links: [] },
  });
  const now = new Date(Date.now() + 1000).toISOString();
  const id = `remote-${Math.random().toString(36).slice(2)}`;
  const note = await services.db
    .insertInto("notes")
    .values({
      id,
      uri: `https://remote.example/notes/${id}`,
      is_local: 0,
      url: `https://remote.example/notes/${id}`,
      title: "",
      summary: null,
      content_source: null,
      content_html: `<p>${content}</p>`,
      language: "fr",
      category: null,
      license: null,
      visibility: "public",
      brought_in_by: null,
      in_reply_to_uri: parent.uri,
      context_uri: parent.uri,
      published_at: now,
      updated_at: now,
      created_at: now,
      fetched_at: now,
      deleted_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await services.db.insertInto("note_authors").values({ note_id: note.id, actor_id: carol.id, position: 0 }).execute();
  return note;
}

function threadPath(c: Community, note: NoteRow): string {
  return `/c/${c.actor.username}/t/${note.id}`;
}

describe("communities index", () => {
  it("lists the communities with their access and member count, and is in the navigation", async () => {
    await community("jardins", { summary: "Entraide potagère" });
    await community("cercle", { visibility: "private" });
    const { res, page } = await browser.get("/communities");
    expect(res.status).toBe(200);
    expect(page).toContain('<li><a href="/communities">Communautés</a></li>');
    expect(page).toContain('<a href="/c/jardins">Communauté jardins</a><span class="handle">@jardins@test.example</span>');
    expect(page).toContain("<p>Entraide potagère</p>");
    expect(page).toMatch(/<span class="access public">Publique<\/span> · Membres : 1/);
    expect(page).toMatch(/<span class="access private">Privée<\/span> · Membres : 1/);
    expect(page.indexOf("/c/cercle")).toBeLessThan(page.indexOf("/c/jardins"));
    // Only signed-in people are offered to create one.
    expect(page).not.toContain('href="/communities/new"');
    const english = await browser.get("/communities", { "accept-language": "en" });
    expect(english.page).toContain('<li><a href="/communities">Communities</a></li>');
    expect(english.page).toContain("Members: 1");
  });

  it("says when there is none", async () => {
    expect((await browser.get("/communities")).page).toContain("Aucune communauté pour l&#39;instant.");
  });
});

describe("a community's page", () => {
  it("shows the about section, OpenGraph tags and the remote join form", async () => {
    const c = await community("jardins", {
      summary: "Entraide potagère",
      rules: "Soyez bienveillant·es.\nPas de publicité.",
      languages: ["fr", "en"],
      topics: ["potagers", "Laurentides"],
    });
    const first = await thread(c, "Semis d'automne");
    const { res, page } = await browser.get("/c/jardins");
    expect(res.status).toBe(200);
    expect(page).toContain('<h1 class="p-name">Communauté jardins</h1>');
    expect(page).toContain("@jardins@test.example");
    expect(page).toContain('<div class="summary p-note">Entraide potagère</div>');
    expect(page).toContain('<div class="summary rules">Soyez bienveillant·es.\nPas de publicité.</div>');
    expect(page).toContain("<dd>français, anglais</dd>");
    expect(page).toContain('<li class="p-category">Laurentides</li>');
    expect(page).toContain('<dd class="moderators"><a class="p-author h-card" href="/@alice">alice</a></dd>');
    expect(page).toContain('<dd class="members">1</dd>');
    expect(page).toContain('<meta property="og:type" content="website">');
    expect(page).toContain('<meta property="og:url" content="https://test.example/c/jardins">');
    expect(page).toContain('<meta property="og:description" content="Entraide potagère">');
    expect(page).toContain(`<link rel="alternate" type="application/activity+json" href="${c.actor.uri}">`);
    expect(page).toContain(`<a href="${threadPath(c, first)}">Semis d&#39;automne</a>`);
    expect(page).toContain('<form class="form" method="get" action="/interact">');
    // A public community carries no Mastodon warning; visitors are invited to sign in to join.
    expect(page).not.toContain("mastodon-notice");
    expect(page).toContain('<a href="/signin?next=%2Fc%2Fjardins">Connectez-vous pour rejoindre cette communauté</a>');
  });

  it("is where the Group's /@handle leads browsers, not ActivityPub clients", async () => {
    const c = await community("jardins");
    const res = await browser.app.request("/@jardins", { headers: { accept: "text/html" } });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/c/jardins");
    const ap = await browser.app.request("/@jardins", { headers: { accept: "application/activity+json" } });
    expect(ap.headers.get("location")).toBe(c.actor.uri);
    const page = await browser.app.request("/c/jardins", { headers: { accept: "application/activity+json" } });
    expect(page.headers.get("location")).toBe(c.actor.uri);
    // People keep their profile.
    const profile = await browser.get("/@alice");
    expect(profile.res.status).toBe(200);
    expect(profile.page).toContain('<h1 class="p-name">alice</h1>');
    expect((await browser.get("/c/nobody")).res.status).toBe(404);
    expect((await browser.get("/c/alice")).res.status).toBe(404);
  });

  it("sends a handle from another server through /interact (its server's authorize-interaction page)", async () => {
    const c = await community("jardins");
    const { page } = await browser.get("/c/jardins");
    expect(page).toContain('<form class="form" method="get" action="/interact">');
    expect(page).toContain(`<input type="hidden" name="uri" value="${c.actor.uri}">`);
    // No federation layer in this test: straight to Mastodon's page on their server.
    const res = await browser.app.request(`/interact?uri=${encodeURIComponent(c.actor.uri)}&account=${encodeURIComponent("@bob@mastodon.social")}`);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`https://mastodon.social/authorize_interaction?uri=${encodeURIComponent(c.actor.uri)}`);
    const bad = await browser.get(`/interact?uri=${encodeURIComponent(c.actor.uri)}&account=${encodeURIComponent("pas un identifiant")}`);
    expect(bad.res.status).toBe(400);
    expect(bad.page).toContain("Écrivez votre identifiant sous la forme @nom@serveur.");
  });

  it("lists pinned threads first, then the newest, with their reply counts", async () => {
    const c = await community("jardins");
    const old = await thread(c, "Ancien fil");
    const pinned = await thread(c, "Fil épinglé");
    const recent = await thread(c, "Fil récent");
    await services.db.updateTable("community_posts").set({ pinned: 1 }).where("note_id", "=", pinned.id).execute();
    await services.db.updateTable("notes").set({ published_at: "2020-01-01T00:00:00.000Z" }).where("id", "=", pinned.id).execute();
    await services.db.updateTable("notes").set({ published_at: "2021-01-01T00:00:00.000Z" }).where("id", "=", old.id).execute();
    const reply = await createNote(services, alice, { inReplyTo: recent.uri, content: "Une réponse", communities: ["jardins"] });
    await remoteReply(reply.note, "Une réponse d'ailleurs");
    const { page } = await browser.get("/c/jardins");
    const order = ["Fil épinglé", "Fil récent", "Ancien fil"].map((t) => page.indexOf(`>${t.replace(/'/g, "&#39;")}</a>`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(page).toContain('<span class="flag pinned">Épinglée</span>');
    expect(page).toMatch(/Fil récent<\/a>[\s\S]*?<span class="reply-count">Réponses : 2<\/span>/);
    expect(page).toMatch(/Ancien fil<\/a>[\s\S]*?<span class="reply-count">Réponses : 0<\/span>/);
  });
});

describe("private communities", () => {
  it("show visitors and non-members the about section, a notice and no threads; members see them", async () => {
    const c = await community("cercle", { visibility: "private", summary: "Entre nous", rules: "Discrétion" });
    const secret = await thread(c, "Sujet confidentiel");
    expect(secret.visibility).toBe("community");

    const anonymous = await browser.get("/c/cercle");
    expect(anonymous.res.status).toBe(200);
    expect(anonymous.page).toContain("Entre nous");
    expect(anonymous.page).toContain("Discrétion");
    expect(anonymous.page).toContain("Les discussions de cette communauté privée sont réservées à ses membres.");
    expect(anonymous.page).toContain("adressées à eux seuls");
    expect(anonymous.page).not.toContain("Sujet confidentiel");
    expect(anonymous.res.headers.get("cache-control")).toBe("private");
    const hidden = await browser.get(threadPath(c, secret));
    expect(hidden.res.status).toBe(403);
    expect(hidden.page).not.toContain("Sujet confidentiel");
    // The same answer for a thread that does not exist.
    expect((await browser.get("/c/cercle/t/nothing")).res.status).toBe(403);

    await browser.signIn("bob", PASSWORD);
    const outsider = await browser.get("/c/cercle");
    expect(outsider.page).not.toContain("Sujet confidentiel");
    expect(outsider.page).toContain("Demander à rejoindre");
    expect((await browser.get(threadPath(c, secret))).res.status).toBe(403);

    const member = new Browser(browser.app);
    await member.signIn("alice", PASSWORD);
    const inside = await member.get("/c/cercle");
    expect(inside.page).toContain("Sujet confidentiel");
    // The Mastodon notice stays, for members too.
    expect(inside.page).toContain("mastodon-notice");
    const read = await member.get(threadPath(c, secret));
    expect(read.res.status).toBe(200);
    expect(read.page).toContain("Texte de Sujet confidentiel");
    expect(read.page).toContain("mastodon-notice");
  });

  it("keep a join request pending until a moderator accepts it", async () => {
    const c = await community("cercle", { visibility: "private" });
    await thread(c, "Sujet confidentiel");
    await browser.signIn("bob", PASSWORD);
    await browser.get("/c/cercle");
    const { res } = await browser.post("/c/cercle/join", {});
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/c/cercle");
    expect((await findFollow(services.db, bob.id, c.actor.id))?.status).toBe("pending");
    const waiting = await browser.get("/c/cercle");
    expect(waiting.page).toContain("Demande envoyée : elle attend l&#39;approbation d&#39;une personne modératrice.");
    expect(waiting.page).not.toContain("Sujet confidentiel");
    // Bob is no moderator.
    expect((await browser.get("/c/cercle/moderation")).res.status).toBe(403);

    const moderator = new Browser(browser.app);
    await moderator.signIn("alice", PASSWORD);
    expect((await moderator.get("/c/cercle")).page).toContain("Demandes en attente : 1");
    const requests = await moderator.get("/c/cercle/moderation");
    expect(requests.res.status).toBe(200);
    const follow = (await findFollow(services.db, bob.id, c.actor.id))!;
    expect(requests.page).toContain(`action="/c/cercle/moderation/requests/${follow.id}/accept"`);
    expect(requests.page).toContain('<a href="/@bob">bob</a>');
    const accepted = await moderator.post(`/c/cercle/moderation/requests/${follow.id}/accept`, {});
    expect(accepted.res.status).toBe(303);
    expect(accepted.res.headers.get("location")).toBe("/c/cercle/moderation?done=accepted#requests");
    expect((await findFollow(services.db, bob.id, c.actor.id))?.status).toBe("accepted");
    expect((await moderator.get("/c/cercle/moderation")).page).toContain("Aucune demande en attente.");

    const member = await browser.get("/c/cercle");
    expect(member.page).toContain("Sujet confidentiel");
    expect(member.page).toContain("Vous êtes membre de cette communauté.");
    expect(member.page).toContain('<dd class="members">2</dd>');
  });

  it("let a moderator reject a request", async () => {
    const c = await community("cercle", { visibility: "private" });
    await browser.signIn("bob", PASSWORD);
    await browser.get("/c/cercle");
    await browser.post("/c/cercle/join", {});
    const follow = (await findFollow(services.db, bob.id, c.actor.id))!;
    const moderator = new Browser(browser.app);
    await moderator.signIn("alice", PASSWORD);
    await moderator.get("/c/cercle/moderation");
    expect((await moderator.post(`/c/cercle/moderation/requests/${follow.id}/reject`, {})).res.status).toBe(303);
    expect(await findFollow(services.db, bob.id, c.actor.id)).toBeUndefined();
    // Bob cannot answer requests himself.
    await browser.get("/c/cercle");
    await browser.post("/c/cercle/join", {});
    const again = (await findFollow(services.db, bob.id, c.actor.id))!;
    expect((await browser.post(`/c/cercle/moderation/requests/${again.id}/accept`, {})).res.status).toBe(403);
    expect((await findFollow(services.db, bob.id, c.actor.id))?.status).toBe("pending");
  });
});

describe("joining and leaving", () => {
  it("joins a public community at once, and leaves it", async () => {
    const c = await community("jardins");
    await browser.signIn("bob", PASSWORD);
    const before = await browser.get("/c/jardins");
    expect(before.page).toContain('<form class="follow join" method="post" action="/c/jardins/join">');
    expect(before.page).toMatch(/<button type="submit">Rejoindre<\/button>/);
    const joined = await browser.post("/c/jardins/join", {});
    expect(joined.res.status).toBe(303);
    expect(joined.res.headers.get("location")).toBe("/c/jardins?done=joined");
    expect((await browser.get("/c/jardins?done=joined")).page).toContain('<p class="notice" role="status">Vous êtes maintenant membre de cette communauté.</p>');
    expect((await findFollow(services.db, bob.id, c.actor.id))?.status).toBe("accepted");
    // Local joins need no federation.
    expect(services.sent.filter((i) => i.type === "follow")).toEqual([]);
    const member = await browser.get("/c/jardins");
    expect(member.page).toContain('action="/c/jardins/leave"');
    expect(member.page).toContain('<dd class="members">2</dd>');
    expect(member.page).toContain("Ouvrir une discussion");
    const left = await browser.post("/c/jardins/leave", {});
    expect(left.res.headers.get("location")).toBe("/c/jardins?done=left");
    expect((await browser.get("/c/jardins?done=left")).page).toContain("Vous avez quitté cette communauté.");
    expect(await findFollow(services.db, bob.id, c.actor.id)).toBeUndefined();
    expect((await browser.get("/c/jardins")).page).toContain('<dd class="members">1</dd>');
  });

  it("sends visitors to sign in first", async () => {
    await community("jardins");
    const { res } = await browser.post("/c/jardins/join", {});
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/^\/signin\?next=/);
  });

  it("refuses a banned person", async () => {
    const c = await community("jardins");
    await services.db.insertInto("community_bans").values({ community_id: c.actor.id, actor_id: bob.id, reason: null, created_at: new Date().toISOString() }).execute();
    await browser.signIn("bob", PASSWORD);
    const page = await browser.get("/c/jardins");
    expect(page.page).toContain("Vous ne pouvez plus participer à cette communauté.");
    expect((await browser.post("/c/jardins/join", {})).res.status).toBe(403);
    expect(await findFollow(services.db, bob.id, c.actor.id)).toBeUndefined();
  });
});

describe("threads", () => {
  it("show the replies nested, from any instance, and members reply with the form", async () => {
    const c = await community("jardins");
    const root = await thread(c, "Semis d'automne");
    await browser.signIn("bob", PASSWORD);
    await browser.get("/c/jardins");
    await browser.post("/c/jardins/join", {});

    const before = await browser.get(threadPath(c, root));
    expect(before.res.status).toBe(200);
    expect(before.page).toContain('<h1 class="p-name">Semis d&#39;automne</h1>');
    expect(before.page).toContain("<p>Texte de Semis d'automne</p>");
    expect(before.page).toContain('<meta property="og:type" content="article">');
    expect(before.page).toContain(`<input type="hidden" name="parent" value="${root.uri}">`);

    const posted = await browser.post(`${threadPath(c, root)}/reply`, { parent: root.uri, content: "De l'**ail**!" });
    expect(posted.res.status).toBe(303);
    const reply = await services.db.selectFrom("notes").selectAll().where("in_reply_to_uri", "=", root.uri).executeTakeFirstOrThrow();
    expect(posted.res.headers.get("location")).toBe(`${threadPath(c, root)}#post-${reply.id}`);
    expect(services.sent).toContainEqual({ type: "community-post", communityId: c.actor.id, noteId: reply.id });
    const filed = await services.db.selectFrom("community_posts").selectAll().where("note_id", "=", reply.id).executeTakeFirstOrThrow();
    expect(filed.is_thread).toBe(0);

    const far = await remoteReply(reply, "Et des oignons");
    await browser.get(threadPath(c, root));
    await browser.post(`${threadPath(c, root)}/reply`, { parent: far.uri, content: "Bonne idée" });

    const { page } = await browser.get(threadPath(c, root));
    expect(page).toContain("Réponses : 3");
    // Nested: bob's reply holds carol's (remote) which holds bob's answer.
    const nested = new RegExp(
      `<li class="post h-entry" id="post-${reply.id}"[\\s\\S]*<strong>ail</strong>[\\s\\S]*<ol class="replies"><li class="post h-entry" id="post-${far.id}"[\\s\\S]*Carol d&#39;ailleurs[\\s\\S]*Et des oignons[\\s\\S]*<ol class="replies">[\\s\\S]*Bonne idée`,
    );
    expect(page).toMatch(nested);
    expect(page).toContain('<a class="p-author h-card" href="https://remote.example/@carol" rel="nofollow noopener noreferrer">Carol d&#39;ailleurs</a>');
  });

  it("offer no reply form to visitors and non-members, and refuse their replies", async () => {
    const c = await community("jardins");
    const root = await thread(c, "Semis");
    const visitor = await browser.get(threadPath(c, root));
    expect(visitor.page).not.toContain('name="parent"');
    expect(visitor.page).toContain("Connectez-vous pour répondre.");
    await browser.signIn("bob", PASSWORD);
    const outsider = await browser.get(threadPath(c, root));
    expect(outsider.page).not.toContain('name="parent"');
    expect(outsider.page).toContain("Rejoignez la communauté pour répondre.");
    expect((await browser.post(`${threadPath(c, root)}/reply`, { parent: root.uri, content: "Moi aussi" })).res.status).toBe(403);
    // A reply to a post outside the thread is not taken.
    const other = await thread(c, "Autre fil");
    await browser.post("/c/jardins/join", {});
    await browser.get(threadPath(c, root));
    expect((await browser.post(`${threadPath(c, root)}/reply`, { parent: other.uri, content: "Ailleurs" })).res.status).toBe(404);
  });

  it("are locked: shown as such, without a form, and refusing replies", async () => {
    const c = await community("jardins");
    const root = await thread(c, "Semis");
    await services.db.updateTable("community_posts").set({ locked: 1 }).where("note_id", "=", root.id).execute();
    await browser.signIn("bob", PASSWORD);
    await browser.get("/c/jardins");
    await browser.post("/c/jardins/join", {});
    expect((await browser.get("/c/jardins")).page).toContain('<span class="flag locked">Verrouillée</span>');
    const { page } = await browser.get(threadPath(c, root));
    expect(page).toContain('<span class="flag locked">Verrouillée</span>');
    expect(page).toContain("Cette discussion est verrouillée : on ne peut plus y répondre.");
    expect(page).not.toContain('name="parent"');
    expect((await browser.post(`${threadPath(c, root)}/reply`, { parent: root.uri, content: "Trop tard" })).res.status).toBe(403);
    expect(await services.db.selectFrom("notes").select("id").where("in_reply_to_uri", "=", root.uri).execute()).toEqual([]);
  });

  it("hide removed and deleted replies but keep the replies under them", async () => {
    const c = await community("jardins");
    const root = await thread(c, "Semis");
    const removed = await createNote(services, alice, { inReplyTo: root.uri, content: "Retiré", communities: ["jardins"] });
    const under = await remoteReply(removed.note, "Réponse gardée");
    const deleted = await createNote(services, alice, { inReplyTo: root.uri, content: "Effacé", communities: ["jardins"] });
    await services.db.updateTable("community_posts").set({ removed_at: new Date().toISOString() }).where("note_id", "=", removed.note.id).execute();
    await services.db.updateTable("notes").set({ deleted_at: new Date().toISOString() }).where("id", "=", deleted.note.id).execute();
    const { page } = await browser.get(threadPath(c, root));
    expect(page).not.toContain("Retiré");
    expect(page).not.toContain("Effacé");
    expect(page).toContain("Message retiré par la modération.");
    expect(page).toContain("Réponse gardée");
    expect(page).toContain(`id="post-${under.id}"`);
    expect(page).not.toContain(`id="post-${deleted.note.id}"`);
    expect(page).toContain("Réponses : 1");
    expect((await browser.get("/c/jardins")).page).toContain("Réponses : 1");
  });

  it("answer 404 for a note that is no thread of the community, 410 for a deleted one", async () => {
    const c = await community("jardins");
    const other = await community("autre");
    const root = await thread(other, "Ailleurs");
    expect((await browser.get(threadPath(c, root))).res.status).toBe(404);
    const reply = await createNote(services, alice, { inReplyTo: root.uri, content: "Réponse", communities: ["autre"] });
    expect((await browser.get(threadPath(other, reply.note))).res.status).toBe(404);
    await services.db.updateTable("notes").set({ deleted_at: new Date().toISOString() }).where("id", "=", root.id).execute();
    expect((await browser.get(threadPath(other, root))).res.status).toBe(410);
  });

  it("are started from the community page by members", async () => {
    const c = await community("jardins");
    await browser.signIn("alice", PASSWORD);
    await browser.get("/c/jardins");
    const { res } = await browser.post("/c/jardins/threads", { title: "Nouveau fil", content: "Bonjour" });
    expect(res.status).toBe(303);
    const note = await services.db.selectFrom("notes").selectAll().where("title", "=", "Nouveau fil").executeTakeFirstOrThrow();
    expect(res.headers.get("location")).toBe(threadPath(c, note));
    expect((await browser.get("/c/jardins")).page).toContain(">Nouveau fil</a>");
  });
});

describe("creating a community", () => {
  it("asks visitors to sign in", async () => {
    const { res } = await browser.get("/communities/new");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/signin?next=%2Fcommunities%2Fnew");
  });

  it("creates it and makes its creator a moderator", async () => {
    await browser.signIn("bob", PASSWORD);
    const form = await browser.get("/communities/new");
    expect(form.res.status).toBe(200);
    expect(form.page).toContain('<input type="radio" name="visibility" value="private">');
    const { res } = await browser.post("/communities/new", {
      handle: "@ateliers",
      name: "Ateliers",
      summary: "Apprendre ensemble",
      visibility: "private",
      rules: "Respect",
      languages: "fr, EN",
      topics: "couture, bois",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/c/ateliers?done=created");
    const { page } = await browser.get("/c/ateliers?done=created");
    expect(page).toContain('<p class="notice" role="status">Communauté créée : vous en êtes modérateur ou modératrice.');
    expect(page).toContain('<h1 class="p-name">Ateliers</h1>');
    expect(page).toContain("Vous faites partie de la modération de cette communauté.");
    expect(page).toContain("<dd>français, anglais</dd>");
    expect(page).toContain('<li class="p-category">bois</li>');
    expect(page).toContain("mastodon-notice");
    expect(page).toContain('<a href="/c/ateliers/moderation">Modération</a>');
  });

  it("shows the form again with the problem", async () => {
    await community("jardins");
    await browser.signIn("bob", PASSWORD);
    await browser.get("/communities/new");
    const invalid = await browser.post("/communities/new", { handle: "pas valide!", name: "Mon nom" });
    expect(invalid.res.status).toBe(400);
    expect(invalid.page).toContain("Identifiant : de 1 à 30 lettres");
    expect(invalid.page).toContain('value="Mon nom"');
    const taken = await browser.post("/communities/new", { handle: "jardins" });
    expect(taken.res.status).toBe(409);
  });
});

describe("forms", () => {
  it("answer 403 without their CSRF token", async () => {
    const c = await community("cercle", { visibility: "private" });
    const root = await thread(c, "Sujet");
    const requester = new Browser(browser.app);
    await requester.signIn("bob", PASSWORD);
    await requester.get("/c/cercle");
    await requester.post("/c/cercle/join", {});
    const follow = (await findFollow(services.db, bob.id, c.actor.id))!;

    await browser.signIn("alice", PASSWORD);
    const forms: [string, Record<string, string>][] = [
      ["/communities/new", { handle: "neuf" }],
      ["/c/cercle/join", {}],
      ["/c/cercle/leave", {}],
      ["/c/cercle/threads", { title: "Fil", content: "Texte" }],
      [`${threadPath(c, root)}/reply`, { parent: root.uri, content: "Réponse" }],
      [`/c/cercle/moderation/requests/${follow.id}/accept`, {}],
      [`/c/cercle/moderation/requests/${follow.id}/reject`, {}],
    ];
    for (const [path, fields] of forms) {
      const { res, page } = await browser.post(path, fields, { csrf: false });
      expect(res.status, path).toBe(403);
      expect(page, path).toContain("Formulaire expiré");
    }
    expect((await findFollow(services.db, bob.id, c.actor.id))?.status).toBe("pending");
    expect((await findFollow(services.db, alice.id, c.actor.id))?.status).toBe("accepted");
    expect(await services.db.selectFrom("actors").select("id").where("username", "=", "neuf").execute()).toEqual([]);
  });
});

describe("escaping", () => {
  it("escapes names, summaries, rules and topics everywhere", async () => {
    const c = await community("xss", {
      name: '<script>alert("nom")</script>',
      summary: "<img src=x onerror=alert(1)>",
      rules: "<b>gras</b>",
      topics: ["<i>t</i>"],
    });
    const root = await thread(c, "<svg onload=alert(2)>");
    for (const path of ["/communities", "/c/xss", threadPath(c, root)]) {
      const { page } = await browser.get(path);
      expect(page, path).not.toContain("<script>alert");
      expect(page, path).not.toContain("<img src=x");
      expect(page, path).not.toContain("<b>gras</b>");
      expect(page, path).not.toContain("<svg onload");
      expect(page, path).not.toContain("<i>t</i>");
    }
    const { page } = await browser.get("/c/xss");
    expect(page).toContain("&lt;script&gt;alert(&quot;nom&quot;)&lt;/script&gt;");
    expect(page).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(page).toContain("&lt;b&gt;gras&lt;/b&gt;");
    expect(page).toContain("&lt;svg onload=alert(2)&gt;");
  });
});
