// A community's moderation page: every action the API offers (docs/API.md,
// "Moderation") as a form a moderator uses from a phone: each for moderators
// only (403), each CSRF-protected, destructive ones confirmed first, each
// followed by a saved notice, and each handing the federation its intent.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Hono } from "hono";
import { createUser } from "../../src/domain/accounts.ts";
import type { ActorRow } from "../../src/domain/actors.ts";
import { createCommunity, isBanned, isModerator, parseNewCommunity, type Community } from "../../src/domain/communities.ts";
import { findFollow, recordFollow } from "../../src/domain/follows.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import type { NoteRow } from "../../src/domain/notes.ts";
import { createReport } from "../../src/domain/reports.ts";
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
let jardins: Community;
let root: NoteRow;
let reply: NoteRow;

beforeEach(async () => {
  services = await testServices();
  app = createApp(services);
  const origin = services.config.publicUrl;
  const user = async (handle: string) => (await createUser(services.db, origin, { handle, password: PASSWORD, isAdmin: false })).actor;
  alice = await user("alice");
  bob = await user("bob");
  carol = await user("carol");
  jardins = await createCommunity(services, alice, parseNewCommunity({ handle: "jardins", name: "Jardins" }));
  await recordFollow(services.db, origin, bob, jardins.actor, { accepted: true });
  root = (await createNote(services, bob, { title: "Semis d'automne", content: "Quand semer ?", communities: ["jardins"] })).note;
  reply = (await createNote(services, bob, { inReplyTo: root.uri, content: "Réponse à retirer", communities: ["jardins"] })).note;
  services.sent.length = 0;
});
afterEach(() => services.close());

async function signedIn(actor: ActorRow): Promise<Browser> {
  const browser = new Browser(app);
  await browser.signIn(actor.username, PASSWORD);
  return browser;
}

const base = "/c/jardins/moderation";

async function post(): Promise<{ locked: number; pinned: number; removed_at: string | null }> {
  return services.db.selectFrom("community_posts").select(["locked", "pinned", "removed_at"]).where("community_id", "=", jardins.actor.id).where("note_id", "=", root.id).executeTakeFirstOrThrow();
}

/** Every action of the page, with fields that would make it work (confirmed where it asks). */
function actions(): [string, Record<string, string>][] {
  return [
    [`${base}/posts/${root.id}/pin`, {}],
    [`${base}/posts/${root.id}/unpin`, {}],
    [`${base}/posts/${root.id}/lock`, { reason: "Hors sujet" }],
    [`${base}/posts/${root.id}/unlock`, {}],
    [`${base}/posts/${reply.id}/remove`, { confirmed: "1" }],
    [`${base}/posts/${reply.id}/restore`, {}],
    [`${base}/bans`, { actor: "carol", reason: "Pourriel", confirmed: "1" }],
    [`${base}/bans/lift`, { actor: carol.uri }],
    [`${base}/moderators`, { actor: "carol" }],
    [`${base}/moderators/remove`, { actor: alice.uri, confirmed: "1" }],
    [`${base}/requests/no-such-request/accept`, {}],
  ];
}

describe("a community's moderation page", () => {
  it("shows a moderator every section, in French and in English", async () => {
    const mod = await signedIn(alice);
    const { res, page } = await mod.get(base);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private");
    for (const id of ["requests", "reports", "threads", "removed", "bans", "moderators"]) expect(page).toContain(`<section id="${id}">`);
    expect(page).toContain("Semis d&#39;automne");
    expect(page).toContain(`action="${base}/posts/${root.id}/pin"`);
    expect(page).toContain(`action="${base}/posts/${root.id}/lock"`);
    expect(page).toMatch(new RegExp(`action="${base}/posts/${root.id}/remove">.*<button type="submit" class="danger">Retirer</button>`));
    expect(page).toContain(`href="${base}/t/${root.id}"`);
    expect(page).toMatch(/<form class="form" method="post" action="\/c\/jardins\/moderation\/bans">[\s\S]*?class="danger">Bannir…<\/button>/);
    const english = await mod.get(base, { "accept-language": "en" });
    expect(english.page).toContain("Discussion threads");
    expect(english.page).toContain("Ban someone");
    expect(english.page).not.toContain("Fils de discussion");
  });

  it("answers 403 to a member who does not moderate, on the page and on every action, and changes nothing", async () => {
    const member = await signedIn(bob);
    const page = await member.get(base);
    expect(page.res.status).toBe(403);
    for (const [path, fields] of [...actions(), [`${base}/t/${root.id}`, {}] as [string, Record<string, string>]]) {
      const { res } = path.includes("/t/") ? await member.get(path) : await member.post(path, fields);
      expect(res.status, path).toBe(403);
    }
    expect(await post()).toMatchObject({ locked: 0, pinned: 0, removed_at: null });
    expect(await isBanned(services.db, jardins.actor.id, carol.id)).toBe(false);
    expect(await isModerator(services.db, jardins.actor.id, carol.id)).toBe(false);
    expect(services.sent).toEqual([]);
    // Visitors are sent to sign in first.
    const visitor = await new Browser(app).get(base);
    expect(visitor.res.status).toBe(303);
    expect(visitor.res.headers.get("location")).toBe(`/signin?next=${encodeURIComponent(base)}`);
  });

  it("refuses every action without the form's CSRF token", async () => {
    const mod = await signedIn(alice);
    await mod.get(base);
    for (const [path, fields] of actions()) {
      const { res, page } = await mod.post(path, fields, { csrf: false });
      expect(res.status, path).toBe(403);
      expect(page, path).toContain("Formulaire expiré");
    }
    expect(await post()).toMatchObject({ locked: 0, pinned: 0, removed_at: null });
    expect(services.sent).toEqual([]);
  });

  it("pins, locks with a reason, unlocks and unpins a thread, each with its notice and its intent", async () => {
    const mod = await signedIn(alice);
    await mod.get(base);
    const pinned = await mod.post(`${base}/posts/${root.id}/pin`, {});
    expect(pinned.res.status).toBe(303);
    expect(pinned.res.headers.get("location")).toBe(`${base}?done=pinned#threads`);
    expect((await post()).pinned).toBe(1);
    expect((await mod.get(`${base}?done=pinned`)).page).toContain('<p class="notice" role="status">Fil épinglé.</p>');

    expect((await mod.post(`${base}/posts/${root.id}/lock`, { reason: "Hors sujet" })).res.headers.get("location")).toBe(`${base}?done=locked#threads`);
    expect((await post()).locked).toBe(1);
    const page = (await mod.get(base)).page;
    expect(page).toContain(`action="${base}/posts/${root.id}/unlock"`);
    expect(page).toContain(`action="${base}/posts/${root.id}/unpin"`);
    await mod.post(`${base}/posts/${root.id}/unlock`, {});
    await mod.post(`${base}/posts/${root.id}/unpin`, {});
    expect(await post()).toMatchObject({ locked: 0, pinned: 0 });
    expect(services.sent).toEqual([
      expect.objectContaining({ type: "community-post-pinned", pinned: true, moderatorId: alice.id }),
      expect.objectContaining({ type: "community-thread-locked", locked: true, reason: "Hors sujet" }),
      expect.objectContaining({ type: "community-thread-locked", locked: false }),
      expect.objectContaining({ type: "community-post-pinned", pinned: false }),
    ]);
    // Again: nothing to do, and the page says so.
    expect((await mod.post(`${base}/posts/${root.id}/unpin`, {})).res.headers.get("location")).toBe(`${base}?done=unchanged#threads`);
  });

  it("removes a reply from the thread's moderation view after a confirmation step, then restores it", async () => {
    const mod = await signedIn(alice);
    const view = await mod.get(`${base}/t/${root.id}`);
    expect(view.res.status).toBe(200);
    expect(view.page).toContain("Réponse à retirer");
    const asked = await mod.post(`${base}/posts/${reply.id}/remove`, { back: `${base}/t/${root.id}` });
    expect(asked.res.status).toBe(200);
    expect(asked.page).toContain("Retirer cette publication de la communauté ?");
    expect(asked.page).toContain('<input type="hidden" name="confirmed" value="1">');
    expect(asked.page).toContain('class="danger">Oui, retirer</button>');
    expect(services.sent).toEqual([]);

    const removed = await mod.post(`${base}/posts/${reply.id}/remove`, { back: `${base}/t/${root.id}`, confirmed: "1" });
    expect(removed.res.headers.get("location")).toBe(`${base}/t/${root.id}?done=removed#post-${reply.id}`);
    expect(services.sent).toEqual([expect.objectContaining({ type: "community-post-removed", noteId: reply.id, moderatorId: alice.id })]);
    const after = await mod.get(`${base}/t/${root.id}?done=removed`);
    expect(after.page).toContain("Publication retirée de la communauté.");
    expect(after.page).toContain(`action="${base}/posts/${reply.id}/restore"`);
    expect((await mod.get(base)).page).toMatch(/<section id="removed">[\s\S]*Réponse à retirer[\s\S]*\/restore/);

    // A return address elsewhere is not followed.
    const restored = await mod.post(`${base}/posts/${reply.id}/restore`, { back: "https://elsewhere.example/" });
    expect(restored.res.headers.get("location")).toBe(`${base}?done=restored#threads`);
    const row = await services.db.selectFrom("community_posts").select("removed_at").where("note_id", "=", reply.id).executeTakeFirstOrThrow();
    expect(row.removed_at).toBeNull();
    const log = await services.db.selectFrom("moderation_log").select(["action", "moderator_id"]).where("action", "=", "post-restored").execute();
    expect(log).toEqual([{ action: "post-restored", moderator_id: alice.id }]);
  });

  it("refuses to lock a reply with a French sentence, not the domain's English", async () => {
    const mod = await signedIn(alice);
    await mod.get(base);
    const { res, page } = await mod.post(`${base}/posts/${reply.id}/lock`, {});
    expect(res.status).toBe(400);
    expect(page).toContain("Seuls les fils se verrouillent ou s&#39;épinglent");
    expect(page).not.toContain("Only threads");
  });

  it("bans after a confirmation step with the reason kept, lists the ban, and lifts it", async () => {
    await recordFollow(services.db, services.config.publicUrl, carol, jardins.actor, { accepted: true });
    const mod = await signedIn(alice);
    await mod.get(base);
    const asked = await mod.post(`${base}/bans`, { actor: "carol", reason: "Pourriel répété" });
    expect(asked.res.status).toBe(200);
    expect(asked.page).toContain("Bannir carol de la communauté ?");
    expect(asked.page).toContain('<input type="hidden" name="reason" value="Pourriel répété">');
    expect(await isBanned(services.db, jardins.actor.id, carol.id)).toBe(false);

    const banned = await mod.post(`${base}/bans`, { actor: "carol", reason: "Pourriel répété", confirmed: "1" });
    expect(banned.res.headers.get("location")).toBe(`${base}?done=banned#bans`);
    expect(await isBanned(services.db, jardins.actor.id, carol.id)).toBe(true);
    expect(await findFollow(services.db, carol.id, jardins.actor.id)).toBeUndefined();
    expect(services.sent).toEqual([expect.objectContaining({ type: "community-member-banned", actorId: carol.id, banned: true, reason: "Pourriel répété" })]);
    const page = (await mod.get(`${base}?done=banned`)).page;
    expect(page).toContain("Personne bannie de la communauté.");
    expect(page).toMatch(/<section id="bans">[\s\S]*@carol@test\.example[\s\S]*Pourriel répété[\s\S]*Lever le bannissement/);

    expect((await mod.post(`${base}/bans/lift`, { actor: carol.uri })).res.headers.get("location")).toBe(`${base}?done=unbanned#bans`);
    expect(await isBanned(services.db, jardins.actor.id, carol.id)).toBe(false);
    const again = await mod.post(`${base}/bans/lift`, { actor: carol.uri });
    expect(again.res.status).toBe(404);
    expect(again.page).toContain("Cette personne n&#39;est pas bannie.");
  });

  it("keeps what was typed and says why a ban is refused: nobody by that name, a moderator, no handle", async () => {
    // The directory of a running server answers null for nobody (the unit tests' one throws, to catch remote lookups).
    const resolve = services.directory.resolve;
    app = createApp({ ...services, directory: { resolve: async (query: string) => resolve(query).catch(() => null) } });
    const mod = await signedIn(alice);
    await mod.get(base);
    const nobody = await mod.post(`${base}/bans`, { actor: "personne", reason: "Motif gardé", confirmed: "1" });
    expect(nobody.res.status).toBe(404);
    expect(nobody.page).toContain('<p class="error" role="alert">Personne n&#39;a été trouvé avec cet identifiant.</p>');
    expect(nobody.page).toContain('value="personne"');
    expect(nobody.page).toContain('value="Motif gardé"');
    const moderator = await mod.post(`${base}/bans`, { actor: "alice", confirmed: "1" });
    expect(moderator.res.status).toBe(409);
    expect(moderator.page).toContain("retirez-la d&#39;abord de la modération");
    expect((await mod.post(`${base}/bans`, { actor: " " })).res.status).toBe(400);
    expect(services.sent).toEqual([]);
  });

  it("adds a moderator, removes one after a confirmation step, and never the last one", async () => {
    const mod = await signedIn(alice);
    await mod.get(base);
    expect((await mod.post(`${base}/moderators`, { actor: "@carol@test.example" })).res.headers.get("location")).toBe(`${base}?done=moderator-added#moderators`);
    expect(await isModerator(services.db, jardins.actor.id, carol.id)).toBe(true);
    const page = (await mod.get(base)).page;
    expect(page).toContain("Quitter la modération…");
    expect(page).toContain("Retirer de la modération…");

    const asked = await mod.post(`${base}/moderators/remove`, { actor: carol.uri });
    expect(asked.page).toContain("Retirer cette personne de la modération ?");
    expect(await isModerator(services.db, jardins.actor.id, carol.id)).toBe(true);
    expect((await mod.post(`${base}/moderators/remove`, { actor: carol.uri, confirmed: "1" })).res.headers.get("location")).toBe(`${base}?done=moderator-removed#moderators`);
    expect(await isModerator(services.db, jardins.actor.id, carol.id)).toBe(false);

    const last = await mod.post(`${base}/moderators/remove`, { actor: alice.uri, confirmed: "1" });
    expect(last.res.status).toBe(409);
    expect(last.page).toContain("Une communauté garde au moins une personne à la modération");
    expect(services.sent.map((i) => [i.type, "added" in i ? i.added : null])).toEqual([
      ["community-moderators-changed", true],
      ["community-moderators-changed", false],
    ]);
  });

  it("shows the community's open reports and resolves one back to this page", async () => {
    await createReport(services, carol, { target: reply.id, category: "spam", comment: "pub" });
    const other = await createCommunity(services, carol, parseNewCommunity({ handle: "autre" }));
    const elsewhere = (await createNote(services, carol, { title: "Ailleurs", content: "x", communities: [other.actor.username] })).note;
    await createReport(services, bob, { target: elsewhere.id, category: "other", comment: "hors de jardins" });
    const mod = await signedIn(alice);
    const page = (await mod.get(base)).page;
    expect(page).toMatch(/<section id="reports">[\s\S]*Pourriel ou publicité — pub/);
    expect(page).not.toContain("hors de jardins");
    const id = /action="\/moderation\/reports\/([^/]+)\/resolve"/.exec(page)![1]!;
    const resolved = await mod.post(`/moderation/reports/${id}/resolve`, { action: "dismiss", note: "", back: `${base}#reports` });
    expect(resolved.res.headers.get("location")).toBe(`${base}?done=resolved#reports`);
    const after = (await mod.get(`${base}?done=resolved`)).page;
    expect(after).toContain("Signalement traité.");
    expect(after).toMatch(/<section id="reports">\s*<h2>Signalements<\/h2>\s*<p>Aucun signalement à traiter.<\/p>/);
  });
});
