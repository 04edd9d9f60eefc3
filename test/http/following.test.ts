import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import { updateLocalProfile, upsertRemoteActor, type ActorRow } from "../../src/domain/actors.ts";
import type { ActorDirectory } from "../../src/domain/directory.ts";
import { DomainError } from "../../src/domain/errors.ts";
import { lookupTarget, type RemoteLookup } from "../../src/domain/lookup.ts";
import { findFollow, recordFollow } from "../../src/domain/follows.ts";
import { createApp } from "../../src/http/app.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { t } from "../../src/http/i18n/messages.ts";
import { Browser } from "./browser.ts";

/** As the pages escape text (hono's html). */
function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

const PASSWORD = "correct horse battery";
let services: TestServices;
let browser: Browser;
let alice: ActorRow;
let bob: ActorRow;
let remote: ActorRow;

function remoteActor(username: string, overrides: Partial<{ name: string; summary: string; locked: boolean }> = {}) {
  return upsertRemoteActor(services.db, {
    uri: `https://remote.example/users/${username}`,
    type: "Person",
    username,
    domain: "remote.example",
    name: overrides.name ?? null,
    summary: overrides.summary ?? null,
    iconUrl: null,
    url: `https://remote.example/@${username}`,
    inboxUrl: `https://remote.example/users/${username}/inbox`,
    sharedInboxUrl: null,
    outboxUrl: null,
    followersUrl: null,
    followingUrl: null,
    manuallyApprovesFollowers: overrides.locked ?? false,
    fields: { interests: [], region: null, standpoint: null, links: [] },
  });
}

/**
 * The test services' directory knows local actors only; this one also
 * "finds" the remote rows already in the database, as the federation layer
 * would after fetching them, and refuses private addresses as it does.
 * Anything else still goes to the strict fake.
 */
function withRemoteDirectory(base: TestServices): TestServices {
  const directory: ActorDirectory = {
    resolve: async (query) => {
      if (query.includes("10.0.0.1")) throw new DomainError("invalid", `Refused to fetch ${query}: private addresses and plain http are not allowed`);
      const handle = /^@([^@]+)@remote\.example$/.exec(query);
      const row = await base.db
        .selectFrom("actors")
        .selectAll()
        .where("is_local", "=", 0)
        .where((eb) => (handle ? eb("username_key", "=", handle[1]!.toLowerCase()) : eb("uri", "=", query)))
        .executeTakeFirst();
      if (row) return row;
      if (query.includes("remote.example")) return null;
      // The base fake throws on any miss; the real directory answers null for an unknown local handle.
      if (query.includes("test.example")) return base.directory.resolve(query).catch(() => null);
      return base.directory.resolve(query);
    },
  };
  // The search goes through the lookup: for actors, the same answers.
  const lookup: RemoteLookup = {
    resolve: async (query) => {
      const actor = await directory.resolve(query);
      return actor ? { kind: "actor", actor } : null;
    },
  };
  return { ...base, directory, lookup };
}

beforeEach(async () => {
  services = await testServices();
  browser = new Browser(createApp(withRemoteDirectory(services)));
  ({ actor: alice } = await createUser(services.db, services.config.publicUrl, { handle: "alice", password: PASSWORD, isAdmin: false }));
  ({ actor: bob } = await createUser(services.db, services.config.publicUrl, { handle: "bob", password: PASSWORD, isAdmin: false }));
  remote = await remoteActor("carol", { name: "Carol", summary: "Sur un autre serveur." });
});
afterEach(() => services.close());

/** The first follow form of a page: its action and button text. */
function followForm(page: string): { action: string; label: string } | null {
  const match = /<form class="follow" method="post" action="([^"]+)">[\s\S]*?<button type="submit"[^>]*>([^<]+)<\/button>/.exec(page);
  return match ? { action: match[1]!, label: match[2]! } : null;
}

describe("follow button on profiles", () => {
  it("is absent for visitors and on one's own profile", async () => {
    expect(followForm((await browser.get("/@bob")).page)).toBeNull();
    await browser.signIn("alice", PASSWORD);
    const own = await browser.get("/@alice");
    expect(followForm(own.page)).toBeNull();
    expect(own.page).toContain('<a href="/settings/profile">Modifier mon profil</a>');
  });

  it("follows and unfollows a local person", async () => {
    await browser.signIn("alice", PASSWORD);
    const before = await browser.get("/@bob");
    expect(followForm(before.page)).toEqual({ action: "/follow", label: "Suivre" });
    expect(before.page).toContain(`<input type="hidden" name="actor" value="${bob.id}">`);

    const { res } = await browser.post("/follow", { actor: bob.id, next: "/@bob" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/@bob");
    expect((await findFollow(services.db, alice.id, bob.id))?.status).toBe("accepted");
    // Local follows need no federation.
    expect(services.sent).toEqual([]);
    const following = await browser.get("/@bob");
    expect(followForm(following.page)).toEqual({ action: "/unfollow", label: "Ne plus suivre" });
    expect(following.page).toContain('<li><a href="/@bob/followers"><strong>1</strong> abonné·es</a></li>');

    await browser.post("/unfollow", { actor: bob.id, next: "/@bob" });
    expect(await findFollow(services.db, alice.id, bob.id)).toBeUndefined();
    expect(followForm((await browser.get("/@bob")).page)).toEqual({ action: "/follow", label: "Suivre" });
  });

  it("shows a request to a locked account as sent, and can cancel it", async () => {
    await updateLocalProfile(services.db, bob, { manuallyApprovesFollowers: true });
    await browser.signIn("alice", PASSWORD);
    await browser.get("/@bob");
    await browser.post("/follow", { actor: bob.id, next: "/@bob" });
    expect((await findFollow(services.db, alice.id, bob.id))?.status).toBe("pending");
    const page = (await browser.get("/@bob")).page;
    expect(page).toContain('<span class="pending">Demande envoyée</span>');
    expect(followForm(page)).toEqual({ action: "/unfollow", label: "Annuler la demande" });
    await browser.post("/unfollow", { actor: bob.id, next: "/@bob" });
    expect(await findFollow(services.db, alice.id, bob.id)).toBeUndefined();
  });

  it("needs a signed-in browser and its CSRF token", async () => {
    const anonymous = await browser.post("/follow", { actor: bob.id });
    expect(anonymous.res.status).toBe(303);
    expect(anonymous.res.headers.get("location")).toMatch(/^\/signin/);
    await browser.signIn("alice", PASSWORD);
    for (const path of ["/follow", "/unfollow"]) {
      const { res, page } = await browser.post(path, { actor: bob.id }, { csrf: false });
      expect(res.status, path).toBe(403);
      expect(page).toContain("Formulaire expiré");
    }
    const crossSite = await browser.post("/follow", { actor: bob.id }, { headers: { origin: "https://evil.example" } });
    expect(crossSite.res.status).toBe(403);
    expect(await findFollow(services.db, alice.id, bob.id)).toBeUndefined();
  });

  it("explains refusals on a page, and never redirects off-site", async () => {
    await browser.signIn("alice", PASSWORD);
    const self = await browser.post("/follow", { actor: alice.id });
    expect(self.res.status).toBe(400);
    expect(self.res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(self.page).toContain(escapeHtml(t("fr", "refusal.followSelf")));
    await browser.get("/");
    expect((await browser.post("/follow", { actor: "nobody" })).res.status).toBe(404);
    await browser.get("/");
    const offSite = await browser.post("/follow", { actor: bob.id, next: "https://evil.example/" });
    expect(offSite.res.headers.get("location")).toBe("/@bob");
  });
});

describe("search", () => {
  it("shows an empty form, then finds a local person by handle, bare name or URL", async () => {
    const empty = await browser.get("/search");
    expect(empty.res.status).toBe(200);
    expect(empty.page).toContain('<input type="search" name="q" value=""');
    for (const q of ["@bob@test.example", "bob", "@BOB", bob.uri]) {
      const { res, page } = await browser.get(`/search?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
      expect(page).toContain('<h2><a href="/@bob">bob</a></h2>');
      expect(page).toContain("@bob@test.example · sur cette plateforme");
      // Visitors get no follow button.
      expect(followForm(page)).toBeNull();
    }
    const missing = await browser.get("/search?q=%40nobody");
    expect(missing.res.status).toBe(404);
    expect(missing.page).toContain("Rien trouvé pour « @nobody ».");
  });

  it("has a box in the header", async () => {
    expect((await browser.get("/")).page).toContain('<form class="search-box" role="search" aria-label="Rechercher sur le site" method="get" action="/search">');
  });

  it("finds a remote actor for signed-in people only, linking to its own server", async () => {
    const anonymous = await browser.get("/search?q=%40carol%40remote.example");
    expect(anonymous.res.status).toBe(200);
    expect(anonymous.page).toContain("Connectez-vous pour chercher sur d&#39;autres serveurs");
    expect(anonymous.page).not.toContain("Sur un autre serveur.");

    await browser.signIn("alice", PASSWORD);
    const { res, page } = await browser.get("/search?q=%40carol%40remote.example");
    expect(res.status).toBe(200);
    expect(page).toContain('<h2><a href="https://remote.example/@carol" rel="nofollow noopener noreferrer">Carol</a></h2>');
    expect(page).toContain("@carol@remote.example · sur remote.example");
    expect(page).toContain("Sur un autre serveur.");
    expect(page).not.toContain('href="/@carol"');
    expect(followForm(page)).toEqual({ action: "/follow", label: "Suivre" });
    expect(page).toContain('name="next" value="/search?q=%40carol%40remote.example"');
    // By URL too.
    expect((await browser.get(`/search?q=${encodeURIComponent(remote.uri)}`)).page).toContain("Carol</a></h2>");
    expect((await browser.get("/search?q=%40dave%40remote.example")).res.status).toBe(404);
  });

  it("follows a remote actor: pending and federated until the Accept arrives", async () => {
    await browser.signIn("alice", PASSWORD);
    await browser.get("/search?q=%40carol%40remote.example");
    const { res } = await browser.post("/follow", { actor: remote.id, next: "/search?q=%40carol%40remote.example" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/search?q=%40carol%40remote.example");
    const follow = (await findFollow(services.db, alice.id, remote.id))!;
    expect(follow.status).toBe("pending");
    expect(services.sent).toEqual([{ type: "follow", followId: follow.id }]);
    const page = (await browser.get("/search?q=%40carol%40remote.example")).page;
    expect(page).toContain('<span class="pending">Demande envoyée</span>');

    // Their Accept (as the inbox would record it).
    await services.db.updateTable("follows").set({ status: "accepted" }).where("id", "=", follow.id).execute();
    expect(followForm((await browser.get("/search?q=%40carol%40remote.example")).page)?.label).toBe("Ne plus suivre");
    await browser.post("/unfollow", { actor: remote.id });
    expect(services.sent.at(-1)).toEqual({ type: "unfollow", followerId: alice.id, followingId: remote.id, activityUri: follow.activity_uri });
  });

  it("shows a refused lookup's reason", async () => {
    await browser.signIn("alice", PASSWORD);
    const { res, page } = await browser.get("/search?q=http%3A%2F%2F10.0.0.1%2Fusers%2Fx");
    expect(res.status).toBe(400);
    expect(page).toContain(escapeHtml(t("fr", "search.invalid", { problem: t("fr", "refusal.unsafeAddress", { value: "http://10.0.0.1/users/x" }) })));
  });

  it("escapes the query and what remote servers say", async () => {
    await remoteActor("eve", { name: "<script>alert('name')</script>", summary: "<img src=x onerror=alert(1)>" });
    await browser.signIn("alice", PASSWORD);
    const found = (await browser.get("/search?q=%40eve%40remote.example")).page;
    expect(found).not.toContain("<script>alert");
    expect(found).not.toContain("<img src=x");
    expect(found).toContain("&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;");
    const missing = (await browser.get(`/search?q=${encodeURIComponent('"><script>alert(1)</script>')}`)).page;
    expect(missing).not.toContain("<script>alert(1)");
    expect(missing).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it("classifies queries", () => {
    const origin = services.config.publicUrl;
    expect(lookupTarget(" alice ", origin)).toEqual({ query: "@alice@test.example", remote: false });
    expect(lookupTarget("acct:bob@Remote.example", origin)).toEqual({ query: "@bob@remote.example", remote: true });
    expect(lookupTarget("https://test.example/@alice", origin)).toEqual({ query: "https://test.example/@alice", remote: false });
    expect(lookupTarget("https://remote.example/users/bob", origin)).toEqual({ query: "https://remote.example/users/bob", remote: true });
    expect(lookupTarget("javascript:alert(1)", origin)).toBeNull();
    expect(lookupTarget("", origin)).toBeNull();
    expect(lookupTarget("x".repeat(501), origin)).toBeNull();
  });
});

describe("followers and following pages", () => {
  it("list accepted follows, 40 a page, with a next link", async () => {
    const origin = services.config.publicUrl;
    for (let i = 0; i < 41; i++) {
      const follower = await remoteActor(`f${i}`);
      await recordFollow(services.db, origin, follower, bob, { activityUri: `https://remote.example/follows/${i}`, accepted: true });
    }
    const pending = await remoteActor("pending");
    await recordFollow(services.db, origin, pending, bob, { activityUri: "https://remote.example/follows/p", accepted: false });
    await recordFollow(services.db, origin, bob, alice, { accepted: true });

    const first = await browser.get("/@bob/followers");
    expect(first.res.status).toBe(200);
    expect(first.page).toContain("<h1>Abonné·es de bob</h1>");
    expect(first.page.match(/<li class="person">/g)).toHaveLength(40);
    expect(first.page).toContain('<a href="https://remote.example/@f40" rel="nofollow noopener noreferrer">f40</a>');
    expect(first.page).not.toContain("@pending@remote.example");
    const next = /<a href="([^"]+)" rel="next">Page suivante<\/a>/.exec(first.page)![1]!.replace(/&amp;/g, "&");
    expect(next).toMatch(/^\/@bob\/followers\?cursor=/);
    const second = await browser.get(next);
    expect(second.page.match(/<li class="person">/g)).toHaveLength(1);
    expect(second.page).toContain("@f0@remote.example");
    expect(second.page).not.toContain('rel="next"');

    const following = await browser.get("/@bob/following");
    expect(following.page).toContain("<h1>Abonnements de bob</h1>");
    expect(following.page).toContain('<a href="/@alice">alice</a>');
    expect((await browser.get("/@alice/following")).page).toContain("Ce compte ne suit encore personne.");
  });

  it("exist only for local, live people", async () => {
    expect((await browser.get("/@nobody/followers")).res.status).toBe(404);
    expect((await browser.get("/@carol@remote.example/followers")).res.status).toBe(404);
    await services.db.updateTable("actors").set({ deleted_at: new Date().toISOString() }).where("id", "=", bob.id).execute();
    expect((await browser.get("/@bob/following")).res.status).toBe(410);
  });
});

describe("follow requests", () => {
  beforeEach(async () => {
    alice = await updateLocalProfile(services.db, alice, { manuallyApprovesFollowers: true });
  });

  it("are accepted or refused by the locked account", async () => {
    const origin = services.config.publicUrl;
    const dave = await remoteActor("dave");
    const fromRemote = await recordFollow(services.db, origin, remote, alice, { activityUri: "https://remote.example/follows/c", accepted: false });
    const fromDave = await recordFollow(services.db, origin, dave, alice, { activityUri: "https://remote.example/follows/d", accepted: false });
    const fromBob = await recordFollow(services.db, origin, bob, alice, { accepted: false });

    await browser.signIn("alice", PASSWORD);
    expect((await browser.get("/@alice")).page).toContain('<a href="/follow-requests">Demandes d&#39;abonnement</a>');
    const list = await browser.get("/follow-requests");
    expect(list.res.status).toBe(200);
    expect(list.page).toContain("Votre compte approuve chaque abonnement");
    expect(list.page.match(/<li class="person">/g)).toHaveLength(3);
    expect(list.page).toContain(`action="/follow-requests/${fromRemote.follow.id}/accept"`);

    const accepted = await browser.post(`/follow-requests/${fromRemote.follow.id}/accept`, {});
    expect(accepted.res.status).toBe(303);
    expect(accepted.res.headers.get("location")).toBe("/follow-requests");
    expect((await findFollow(services.db, remote.id, alice.id))?.status).toBe("accepted");
    expect(services.sent).toEqual([{ type: "accept-follow", followId: fromRemote.follow.id }]);

    await browser.get("/follow-requests");
    await browser.post(`/follow-requests/${fromDave.follow.id}/reject`, {});
    expect(await findFollow(services.db, dave.id, alice.id)).toBeUndefined();
    expect(services.sent.at(-1)).toMatchObject({ type: "reject-follow", followerId: dave.id, followingId: alice.id });

    await browser.get("/follow-requests");
    await browser.post(`/follow-requests/${fromBob.follow.id}/accept`, {});
    expect((await findFollow(services.db, bob.id, alice.id))?.status).toBe("accepted");
    expect(services.sent).toHaveLength(2);
    expect((await browser.get("/follow-requests")).page).toContain("Aucune demande en attente.");
  });

  it("cannot be answered by someone else, nor without the CSRF token", async () => {
    const request = await recordFollow(services.db, services.config.publicUrl, remote, alice, { activityUri: "https://remote.example/follows/c", accepted: false });
    await browser.signIn("bob", PASSWORD);
    const notMine = await browser.post(`/follow-requests/${request.follow.id}/accept`, {});
    expect(notMine.res.status).toBe(404);

    const owner = new Browser(browser.app);
    await owner.signIn("alice", PASSWORD);
    for (const answer of ["accept", "reject"]) {
      expect((await owner.post(`/follow-requests/${request.follow.id}/${answer}`, {}, { csrf: false })).res.status).toBe(403);
    }
    expect((await findFollow(services.db, remote.id, alice.id))?.status).toBe("pending");
    expect(services.sent).toEqual([]);
    expect((await new Browser(browser.app).get("/follow-requests")).res.status).toBe(303);
  });
});
