import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Hono } from "hono";
import { createUser } from "../../src/domain/accounts.ts";
import { deleteLocalAccount } from "../../src/domain/account-deletion.ts";
import { updateLocalProfile, upsertRemoteActor, type ActorRow } from "../../src/domain/actors.ts";
import { recordFollow } from "../../src/domain/follows.ts";
import { createApp } from "../../src/http/app.ts";
import type { AppEnv } from "../../src/http/env.ts";
import { testServices, type TestServices } from "../helpers/services.ts";

const HTML = { accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8" };
let services: TestServices;
let app: Hono<AppEnv>;
let alice: ActorRow;

beforeEach(async () => {
  services = await testServices({
    INSTANCE_NAME: "En commun Laurentides",
    INSTANCE_DESCRIPTION: "Savoirs partagés des Laurentides",
    INSTANCE_REGION: "Laurentides",
    INSTANCE_CONTACT: "admin@test.example",
  });
  app = createApp(services);
  ({ actor: alice } = await createUser(services.db, services.config.publicUrl, { handle: "alice", password: "correct horse battery", isAdmin: true }));
});
afterEach(() => services.close());

function remoteActor(username: string) {
  return upsertRemoteActor(services.db, {
    uri: `https://remote.example/users/${username}`,
    type: "Person",
    username,
    domain: "remote.example",
    name: null,
    summary: null,
    iconUrl: null,
    url: null,
    inboxUrl: `https://remote.example/users/${username}/inbox`,
    sharedInboxUrl: null,
    outboxUrl: null,
    followersUrl: null,
    followingUrl: null,
    manuallyApprovesFollowers: false,
    fields: { interests: [], region: null, standpoint: null, links: [] },
  });
}

describe("home and about", () => {
  it("presents the instance and its people", async () => {
    await createUser(services.db, services.config.publicUrl, { handle: "bob", password: "correct horse battery", isAdmin: false });
    const res = await app.request("/", { headers: HTML });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const page = await res.text();
    expect(page).toContain('<html lang="fr">');
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page).toContain("<title>Accueil · En commun Laurentides</title>");
    expect(page).toContain("Savoirs partagés des Laurentides");
    expect(page).toContain("<dt>Région</dt><dd>Laurentides</dd>");
    expect(page).toContain("<dd>français, anglais</dd>");
    expect(page).toContain("fermées");
    expect(page).toContain('<a href="/@alice">alice</a><span class="handle">@alice@test.example</span>');
    expect(page).toContain('<a href="/@bob">bob</a>');
    expect(page).toMatch(/<link rel="stylesheet" href="\/assets\/style\.css\?v=[0-9a-f]{12}">/);
  });

  it("no longer lists deleted people", async () => {
    await deleteLocalAccount(services, alice);
    const page = await (await app.request("/", { headers: HTML })).text();
    expect(page).not.toContain("/@alice");
    expect(page).toContain("Personne n&#39;a encore de profil ici.");
  });

  it("has an about page with administrators and contact", async () => {
    const page = await (await app.request("/about", { headers: HTML })).text();
    expect(page).toContain("<h1>À propos de la plateforme En commun Laurentides</h1>");
    expect(page).toContain('<a href="/@alice">alice</a>');
    expect(page).toContain('href="mailto:admin@test.example"');
  });
});

describe("profile page", () => {
  beforeEach(async () => {
    alice = await updateLocalProfile(services.db, alice, {
      name: "Alice Tremblay",
      summary: "Animatrice de communautés de pratique.\nSaint-Jérôme.",
      iconUrl: "https://cdn.test.example/alice.png",
      fields: {
        interests: ["agroécologie", "archives"],
        region: "Laurentides",
        standpoint: "Citoyenne engagée",
        links: [{ name: "Blogue", url: "https://alice.example/" }],
      },
    });
  });

  it("shows the profile with OpenGraph tags and the ActivityPub alternate", async () => {
    const bob = await remoteActor("bob");
    const carol = await remoteActor("carol");
    await recordFollow(services.db, services.config.publicUrl, bob, alice, { activityUri: "https://remote.example/follows/1", accepted: true });
    await recordFollow(services.db, services.config.publicUrl, carol, alice, { activityUri: "https://remote.example/follows/2", accepted: false });
    await recordFollow(services.db, services.config.publicUrl, alice, carol, { accepted: true });
    // Profile details are private until their owner publishes them (docs/PRIVACY.md, "Choices").
    await services.db.updateTable("actors").set({ profile_details_public: 1 }).where("id", "=", alice.id).execute();

    const res = await app.request("/@alice", { headers: HTML });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("<title>Alice Tremblay (@alice@test.example) · En commun Laurentides</title>");
    expect(page).toContain('<meta property="og:type" content="profile">');
    expect(page).toContain('<meta property="og:title" content="Alice Tremblay">');
    expect(page).toContain('<meta property="og:url" content="https://test.example/@alice">');
    expect(page).toContain('<meta property="og:description" content="Animatrice de communautés de pratique. Saint-Jérôme.">');
    // Another server's image, through the media cache (docs/PRIVACY.md, "Media cache").
    expect(page).toMatch(/<meta property="og:image" content="https:\/\/test\.example\/media\/cache\/[\w-]{22}\/[\w-]+">/);
    expect(page).toContain(`<link rel="alternate" type="application/activity+json" href="${alice.uri}">`);
    expect(page).toContain('<link rel="canonical" href="https://test.example/@alice">');
    expect(page).toContain('<h1 class="p-name">Alice Tremblay</h1>');
    expect(page).toContain('<p class="handle">@alice@test.example</p>');
    expect(page).toContain("Animatrice de communautés de pratique.\nSaint-Jérôme.");
    // One accepted follower (the pending one does not count), one followee.
    expect(page).toContain('<li><a href="/@alice/followers"><strong>1</strong> abonné·es</a></li>');
    expect(page).toContain('<li><a href="/@alice/following"><strong>1</strong> abonnements</a></li>');
    // Each interest leads to the find view: who else works on it.
    expect(page).toContain('<li class="p-category"><a href="/find?tag=agroecologie" title="Qui s&#39;y intéresse ?">agroécologie</a></li>');
    expect(page).toContain('<dd class="p-region">Laurentides</dd>');
    expect(page).toContain("<dd>Citoyenne engagée</dd>");
    expect(page).toContain('href="https://alice.example/" rel="me nofollow noopener noreferrer">Blogue</a>');
  });

  it("is also served at the actor id for browsers", async () => {
    const res = await app.request(new URL(alice.uri).pathname, { headers: HTML });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<h1 class="p-name">Alice Tremblay</h1>');
    expect((await app.request("/actors/unknown", { headers: HTML })).status).toBe(404);
  });

  it("sends ActivityPub clients to the actor id", async () => {
    for (const accept of ["application/activity+json", 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"']) {
      const res = await app.request("/@alice", { headers: { accept } });
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe(alice.uri);
    }
    // A browser that also accepts JSON keeps the page.
    expect((await app.request("/@alice", { headers: { accept: "text/html, application/activity+json;q=0.5" } })).status).toBe(200);
  });

  it("answers 404 for an unknown person, as a page or as JSON", async () => {
    const page = await app.request("/@nobody", { headers: HTML });
    expect(page.status).toBe(404);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await page.text()).toContain("Page introuvable");
    const json = await app.request("/@nobody", { headers: { accept: "application/json" } });
    expect(json.status).toBe(404);
    expect(await json.json()).toMatchObject({ error: "not_found" });
    expect((await app.request("/@bob@remote.example", { headers: HTML })).status).toBe(404);
  });

  it("answers 410 for a deleted account", async () => {
    await deleteLocalAccount(services, alice);
    const res = await app.request("/@alice", { headers: HTML });
    expect(res.status).toBe(410);
    const page = await res.text();
    expect(page).toContain("Compte supprimé");
    expect(page).not.toContain("Alice Tremblay");
  });

  it("escapes what people write about themselves", async () => {
    // Written straight to the row: the page must not rely on input validation.
    await services.db
      .updateTable("actors")
      .set({
        name: '<script>alert("name")</script>',
        summary: "<script>alert('summary')</script><img src=x onerror=alert(1)>",
        icon_url: "javascript:alert(1)",
        profile_fields: JSON.stringify({
          interests: ["<b>bold</b>"],
          region: "<i>r</i>",
          standpoint: null,
          links: [{ name: "<em>x</em>", url: "javascript:alert(1)" }, { name: "ok", url: 'https://ok.example/"onmouseover="alert(1)' }],
        }),
      })
      .where("id", "=", alice.id)
      .execute();
    const page = await (await app.request("/@alice", { headers: HTML })).text();
    expect(page).not.toMatch(/<script>alert/);
    expect(page).not.toContain("<img src=x");
    expect(page).not.toContain("<b>bold</b>");
    expect(page).not.toContain("javascript:");
    expect(page).not.toContain('"onmouseover="');
    expect(page).toContain("&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;");
    expect(page).toContain("&lt;script&gt;alert(&#39;summary&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
    expect(page).toContain('<meta property="og:title" content="&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;">');
  });
});

describe("not found and assets", () => {
  it("answers JSON under /api and HTML elsewhere", async () => {
    const api = await app.request("/api/nothing", { headers: HTML });
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ error: "not_found" });
    const page = await app.request("/no/such/page", { headers: HTML });
    expect(page.status).toBe(404);
    expect(await page.text()).toContain("<h1>Page introuvable</h1>");
  });

  it("serves the stylesheet with caching headers", async () => {
    const home = await (await app.request("/", { headers: HTML })).text();
    const href = /href="(\/assets\/style\.css\?v=[0-9a-f]+)"/.exec(home)![1]!;
    const pinned = await app.request(href);
    expect(pinned.status).toBe(200);
    expect(pinned.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(pinned.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await pinned.text()).toContain("@media (max-width:");
    const plain = await app.request("/assets/style.css");
    expect(plain.headers.get("cache-control")).toBe("public, max-age=300");
    const etag = plain.headers.get("etag")!;
    expect((await app.request("/assets/style.css", { headers: { "if-none-match": etag } })).status).toBe(304);
    expect((await app.request("/assets/nope.js", { headers: HTML })).status).toBe(404);
  });
});
