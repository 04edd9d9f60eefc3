// What the federation serves, through the real Fedify runtime and Hono app
// in-process (no network): WebFinger, NodeInfo, actor documents, paged
// collections, and content negotiation on the same URL.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFederationRuntime } from "../../federation/runtime.ts";
import { loadConfig, type Config } from "../../src/config/config.ts";
import { openDatabase, type DatabaseHandle } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { createUser } from "../../src/domain/accounts.ts";
import { ensureInstanceActor, updateLocalProfile, upsertRemoteActor, EMPTY_PROFILE } from "../../src/domain/actors.ts";
import { recordFollow } from "../../src/domain/follows.ts";
import { createApp } from "../../src/http/app.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import { createTerm } from "../../src/domain/terms.ts";
import { createCommunity, parseNewCommunity } from "../../src/domain/communities.ts";
import type { FederationRuntime } from "../../src/runtime.ts";

const AP = { Accept: "application/activity+json" };

describe("served ActivityPub JSON", () => {
  let database: DatabaseHandle;
  let runtime: FederationRuntime;
  let app: ReturnType<typeof createApp>;
  let config: Config;

  beforeEach(async () => {
    const result = loadConfig({
      PUBLIC_URL: "https://laurentides.example",
      INSTANCE_NAME: "En commun Laurentides",
      INSTANCE_DESCRIPTION: "Savoirs partagés des Laurentides",
      INSTANCE_REGION: "Laurentides",
      INSTANCE_SECTOR: "développement social",
      INSTANCE_CONTACT: "admin@laurentides.example",
    });
    if (!result.ok) throw new Error(result.problems.join());
    config = result.config;
    database = openDatabase("sqlite::memory:");
    await migrateToLatest(database.db);
    runtime = await createFederationRuntime(config, database);
    await ensureInstanceActor(database.db, config.publicUrl, config.instance.name);
    app = createApp(runtime.services, { federation: runtime.middleware });
  });

  afterEach(async () => {
    await runtime.close();
    await database.close();
  });

  async function alice(options: { detailsPublic?: boolean } = {}) {
    const { actor } = await createUser(database.db, config.publicUrl, { handle: "alice", password: "un-mot-de-passe-solide", isAdmin: true });
    // Her choice (docs/PRIVACY.md, "Choices"): new members' profile details start private.
    if (options.detailsPublic !== false) await database.db.updateTable("actors").set({ profile_details_public: 1 }).where("id", "=", actor.id).execute();
    return updateLocalProfile(database.db, { ...actor, profile_details_public: options.detailsPublic === false ? 0 : 1 }, {
      name: "Alice Tremblay",
      summary: "Jardins <collectifs>",
      iconUrl: "https://laurentides.example/media/alice.png",
      fields: { interests: ["jardins", "communs"], region: "Laurentides", standpoint: "bénévole", links: [{ name: "Blogue", url: "https://alice.example" }] },
    });
  }

  const request = (path: string, headers: Record<string, string> = AP) => app.request(`https://laurentides.example${path}`, { headers });

  it("WebFinger finds people and the instance actor, with an activity+json self link", async () => {
    const actor = await alice();
    const jrd = await (await request("/.well-known/webfinger?resource=acct:alice@laurentides.example", {})).json();
    expect(jrd.subject).toBe("acct:alice@laurentides.example");
    expect(jrd.links).toContainEqual({ rel: "self", type: "application/activity+json", href: actor.uri });
    const instance = await (await request("/.well-known/webfinger?resource=acct:laurentides.example@laurentides.example", {})).json();
    expect(instance.links.find((l: { rel: string }) => l.rel === "self").href).toBe("https://laurentides.example/actors/instance");
    expect((await request("/.well-known/webfinger?resource=acct:nobody@laurentides.example", {})).status).toBe(404);
  });

  it("serves a Person with every field Mastodon and Lemmy read", async () => {
    const actor = await alice();
    const person = await (await request(`/actors/${actor.id}`)).json();
    expect(person).toMatchObject({
      id: actor.uri,
      type: "Person",
      preferredUsername: "alice",
      name: "Alice Tremblay",
      summary: "<p>Jardins &#60;collectifs&#62;</p>",
      url: "https://laurentides.example/@alice",
      inbox: `${actor.uri}/inbox`,
      outbox: `${actor.uri}/outbox`,
      followers: `${actor.uri}/followers`,
      following: `${actor.uri}/following`,
      endpoints: { sharedInbox: "https://laurentides.example/inbox" },
      icon: { type: "Image", url: "https://laurentides.example/media/alice.png" },
      manuallyApprovesFollowers: false,
    });
    expect(person.publicKey).toMatchObject({ id: `${actor.uri}#main-key`, owner: actor.uri });
    expect(person.publicKey.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(person.assertionMethod).toHaveLength(2);
    expect(person.assertionMethod.map((k: { type: string }) => k.type)).toEqual(["Multikey", "Multikey"]);
    expect(person.attachment).toEqual([
      { type: "PropertyValue", name: "Intérêts", value: "jardins, communs" },
      { type: "PropertyValue", name: "Région", value: "Laurentides" },
      { type: "PropertyValue", name: "D'où je parle", value: "bénévole" },
      { type: "PropertyValue", name: "Blogue", value: '<a href="https://alice.example" rel="me nofollow noopener" target="_blank">https://alice.example</a>' },
    ]);
    // Mastodon's consent flags, as she left them (the defaults).
    expect(person.discoverable).toBe(true);
    expect(person.indexable).toBe(true);
  });

  it("publishes a member's privacy choices: no profile details unless public, discoverable and indexable as chosen", async () => {
    const actor = await alice({ detailsPublic: false });
    await database.db.updateTable("actors").set({ discoverable: 0, indexable: 0 }).where("id", "=", actor.id).execute();
    const person = await (await request(`/actors/${actor.id}`)).json();
    expect(person.attachment).toBeUndefined();
    expect(JSON.stringify(person)).not.toContain("Laurentides\"");
    expect(JSON.stringify(person)).not.toContain("jardins, communs");
    expect(person.discoverable).toBe(false);
    expect(person.indexable).toBe(false);
    // The vocabulary is Mastodon's: both terms are in the toot: namespace of the context.
    expect(JSON.stringify(person["@context"])).toContain("http://joinmastodon.org/ns#");
  });

  it("generates keys once and serves the same ones afterwards", async () => {
    const actor = await alice();
    const first = await (await request(`/actors/${actor.id}`)).json();
    const second = await (await request(`/actors/${actor.id}`)).json();
    expect(second.publicKey.publicKeyPem).toBe(first.publicKey.publicKeyPem);
    const rows = await database.db.selectFrom("key_pairs").select("algorithm").where("actor_id", "=", actor.id).execute();
    expect(rows.map((r) => r.algorithm).sort()).toEqual(["Ed25519", "RSASSA-PKCS1-v1_5"]);
  });

  it("serves the instance actor as an Application", async () => {
    const instance = await (await request("/actors/instance")).json();
    expect(instance).toMatchObject({ type: "Application", preferredUsername: "laurentides.example", inbox: "https://laurentides.example/actors/instance/inbox" });
    expect(instance.publicKey.publicKeyPem).toMatch(/PUBLIC KEY/);
  });

  it("negotiates: JSON for ActivityPub clients, HTML for browsers, 406 for anything else", async () => {
    const actor = await alice();
    const json = await request(`/actors/${actor.id}`, { Accept: 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"' });
    expect(json.headers.get("Content-Type")).toMatch(/application\/activity\+json|application\/ld\+json/);
    const html = await request(`/actors/${actor.id}`, { Accept: "text/html,application/xhtml+xml,*/*;q=0.8" });
    expect(html.status).toBe(200);
    expect(html.headers.get("Content-Type")).toMatch(/text\/html/);
    expect(await html.text()).toContain("Alice Tremblay");
    const other = await request(`/actors/${actor.id}`, { Accept: "image/png" });
    expect(other.status).toBe(406);
    expect(other.headers.get("Vary")).toMatch(/Accept/);
  });

  it("publishes NodeInfo 2.1 with En commun's metadata and links the instance actor (FEP-2677)", async () => {
    const actor = await alice();
    const discovery = await (await request("/.well-known/nodeinfo", {})).json();
    expect(discovery.links).toContainEqual({ rel: "https://www.w3.org/ns/activitystreams#Application", href: "https://laurentides.example/actors/instance" });
    const href = discovery.links.find((l: { rel: string }) => l.rel.includes("nodeinfo")).href;
    const nodeinfo = await (await request(new URL(href).pathname, {})).json();
    expect(nodeinfo).toMatchObject({
      version: "2.1",
      software: { name: "encommun" },
      protocols: ["activitypub"],
      openRegistrations: false,
      usage: { users: { total: 1 } },
      metadata: {
        nodeName: "En commun Laurentides",
        nodeDescription: "Savoirs partagés des Laurentides",
        region: "Laurentides",
        sector: "développement social",
        languages: ["fr", "en"],
        contact: "admin@laurentides.example",
        staffAccounts: [actor.uri],
      },
    });
  });

  it("pages followers with a count, and lists the following", async () => {
    const actor = await alice();
    for (let i = 0; i < 25; i++) {
      const remote = await upsertRemoteActor(database.db, {
        uri: `https://remote.example/users/u${i}`,
        type: "Person",
        username: `u${i}`,
        domain: "remote.example",
        name: null,
        summary: null,
        iconUrl: null,
        url: null,
        inboxUrl: `https://remote.example/users/u${i}/inbox`,
        sharedInboxUrl: "https://remote.example/inbox",
        outboxUrl: null,
        followersUrl: null,
        followingUrl: null,
        manuallyApprovesFollowers: false,
        fields: EMPTY_PROFILE,
      });
      await recordFollow(database.db, config.publicUrl, remote, actor, { activityUri: `${remote.uri}#follow`, accepted: i !== 24 });
      if (i === 0) await recordFollow(database.db, config.publicUrl, actor, remote, { accepted: true });
    }
    const collection = await (await request(`/actors/${actor.id}/followers`)).json();
    expect(collection.totalItems).toBe(24);
    const first = await (await request(new URL(collection.first).pathname + new URL(collection.first).search)).json();
    expect(first.orderedItems).toHaveLength(20);
    const second = await (await request(new URL(first.next).pathname + new URL(first.next).search)).json();
    expect(second.orderedItems).toHaveLength(4);
    expect(second.next).toBeUndefined();
    const all = [...first.orderedItems, ...second.orderedItems];
    expect(new Set(all).size).toBe(24);
    expect(all).not.toContain("https://remote.example/users/u24");

    const following = await (await request(`/actors/${actor.id}/following`)).json();
    expect(following.totalItems).toBe(1);
  });

  it("serves a community's outbox as the Group's Announces of its public threads (objects by id), newest first", async () => {
    const actor = await alice();
    const services = runtime.services;
    const jardins = await createCommunity(services, actor, parseNewCommunity({ handle: "jardins", visibility: "public" }));
    const first = await createNote(services, actor, { title: "Premier fil", content: "Un", communities: ["jardins"] });
    const second = await createNote(services, actor, { title: "Second fil", content: "Deux", communities: ["jardins"] });
    await createNote(services, actor, { inReplyTo: first.note.uri, content: "Une réponse", communities: ["jardins"] });
    const removed = await createNote(services, actor, { title: "Retiré", content: "Trois", communities: ["jardins"] });
    await database.db.updateTable("community_posts").set({ removed_at: new Date().toISOString() }).where("note_id", "=", removed.note.id).execute();
    // The order of the outbox is the order of posting.
    await database.db.updateTable("community_posts").set({ created_at: "2026-01-01T00:00:00.000Z" }).where("note_id", "=", first.note.id).execute();

    const outbox = await (await request(`/actors/${jardins.actor.id}/outbox`)).json();
    expect(outbox).toMatchObject({ type: "OrderedCollection", totalItems: 2 });
    const page = await (await request(new URL(outbox.first).pathname + new URL(outbox.first).search)).json();
    expect(page.orderedItems.map((a: { object: string }) => a.object)).toEqual([second.note.uri, first.note.uri]);
    expect(page.orderedItems[0]).toMatchObject({
      type: "Announce",
      id: `${jardins.actor.uri}#boosts/${encodeURIComponent(second.note.uri)}`,
      actor: jardins.actor.uri,
      object: second.note.uri,
      audience: jardins.actor.uri,
      to: "https://www.w3.org/ns/activitystreams#Public",
      cc: `${jardins.actor.uri}/followers`,
    });

    // A private community lists nothing: its content stays with its members.
    const cercle = await createCommunity(services, actor, parseNewCommunity({ handle: "cercle", visibility: "private" }));
    await createNote(services, actor, { title: "Entre nous", content: "Quatre", communities: ["cercle"] });
    expect((await (await request(`/actors/${cercle.actor.id}/outbox`)).json()).totalItems).toBe(0);
    // People keep their Creates.
    const own = await (await request(`/actors/${actor.id}/outbox`)).json();
    const ownPage = await (await request(new URL(own.first).pathname + new URL(own.first).search)).json();
    expect(ownPage.orderedItems.every((a: { type: string }) => a.type === "Create")).toBe(true);
  });
});

describe("served lexicon terms and notes", () => {
  it("serves a term as an Object with both labels and definitions, referenced from a note's tags", async () => {
    const result = loadConfig({ PUBLIC_URL: "https://laurentides.example" });
    if (!result.ok) throw new Error(result.problems.join());
    const database = openDatabase("sqlite::memory:");
    await migrateToLatest(database.db);
    const runtime = await createFederationRuntime(result.config, database);
    try {
      const app = createApp(runtime.services, { federation: runtime.middleware });
      const { actor } = await createUser(database.db, result.config.publicUrl, { handle: "lexi", password: "un-mot-de-passe-solide", isAdmin: false });
      const term = await createTerm(database.db, result.config.publicUrl, {
        labelFr: "Économie sociale",
        labelEn: "Social economy",
        definitionFr: "Entreprises collectives <à but social>.",
        definitionEn: "Collective enterprises.",
        aliases: ["ESS"],
      });
      expect(term.uri).toBe("https://laurentides.example/terms/economie-sociale");
      const json = await (await app.request(term.uri, { headers: AP })).json();
      expect(json).toMatchObject({
        id: term.uri,
        url: term.uri,
        nameMap: { fr: "Économie sociale", en: "Social economy" },
        summaryMap: { fr: "<p>Entreprises collectives &lt;à but social&gt;.</p>", en: "<p>Collective enterprises.</p>" },
      });
      const details = await createNote(runtime.services, actor, { title: "Une note", content: "Du texte.", terms: ["economie-sociale"] });
      const article = await (await app.request(details.note.uri, { headers: AP })).json();
      expect([article.tag].flat()).toContainEqual({ type: "Hashtag", name: "#economiesociale", href: term.uri });
    } finally {
      await runtime.close();
      await database.close();
    }
  });
});
