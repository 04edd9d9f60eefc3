// Community moderation against Lemmy's own JSON, both ways: our pins,
// moderator changes and removals reach a Lemmy follower in the shapes of
// add_featured_post.json, remove_featured_post.json, add_mod.json and
// remove_note.json and undo_remove_note.json (the moderator as actor, announced
// by the Group), and a
// Lemmy moderator's pin, unpin, new moderator, removal and restore, signed and posted
// to our Group in Lemmy's shapes, apply here. Locks: test/e2e/locks.test.ts.
import { afterAll, describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";
import { loadFixture } from "../helpers/fixtures.ts";
import { rewrite, startFakeServer, type FakeServer } from "./support/fake-server.ts";

type Json = Record<string, any>;
const PUBLIC = "https://www.w3.org/ns/activitystreams#Public";
const keysOf = (fixture: string, except: string[] = []) => Object.keys(loadFixture(fixture)).filter((k) => k !== "@context" && !except.includes(k));

describe("community moderation in Lemmy's shapes", () => {
  const net = useInstances(1);
  let lemmy: FakeServer | null = null;
  afterAll(async () => {
    await lemmy?.close();
  });

  it("sends pins, moderator changes and removals as Lemmy does, and applies a Lemmy moderator's", async () => {
    const [a] = net.instances as [Instance];
    lemmy = await startFakeServer(net.cluster, "lemmy");
    const alice = await a.createUser("alice");
    const carol = await a.createUser("carol");
    const community = (await a.api("POST", "/api/v1/communities", { handle: "main", name: "Main", visibility: "public" }, alice.token)).body;
    const person = rewrite(loadFixture("lemmy/objects/person.json"), { "https://enterprise.lemmy.ml": lemmy.origin, "https://ds9.lemmy.ml": lemmy.origin });
    const mod = `${lemmy.origin}/u/lemmy_beta`;
    lemmy.documents.set("/u/lemmy_beta", {
      ...person,
      id: mod,
      preferredUsername: "lemmy_beta",
      inbox: `${mod}/inbox`,
      outbox: `${mod}/outbox`,
      endpoints: { sharedInbox: `${lemmy.origin}/inbox` },
      publicKey: { id: `${mod}#main-key`, owner: mod, publicKeyPem: lemmy.publicKeyPem },
    });
    const follow = rewrite(loadFixture("lemmy/activities/following/follow.json"), { "http://ds9.lemmy.ml/u/lemmy_alpha": mod, "http://ds9.lemmy.ml": lemmy.origin, "http://enterprise.lemmy.ml/c/main": community.uri });
    expect((await lemmy.post(`${community.uri}/inbox`, mod, follow)).status).toBe(202);
    await waitFor(() => lemmy!.received.some((r) => r.body.type === "Accept"), { message: "Lemmy follows the community" });

    const post = (await a.api("POST", "/api/v1/notes", { title: "Règles du groupe", content: "À lire", communities: ["main"] }, alice.token)).body;
    const reply = (await a.api("POST", "/api/v1/notes", { content: "Lu!", inReplyTo: post.uri, communities: ["main"] }, carol.token)).body;
    const announced = (inner: (o: Json) => boolean) =>
      waitFor(() => lemmy!.received.map((r) => r.body as Json).find((b) => b.type === "Announce" && typeof b.object === "object" && inner(b.object))?.object, { message: "Lemmy got the announce" });
    const lemmyAddressing = (activity: Json) => {
      expect([activity.to].flat()).toEqual([PUBLIC]);
      expect([activity.cc].flat()).toEqual([community.uri]);
    };

    // Pin and unpin: the moderator's Add / Remove on `featured`.
    expect((await a.api("POST", `/api/v1/communities/main/posts/${post.id}/pin`, { pinned: true }, alice.token)).status).toBe(200);
    const add = await announced((o) => o.type === "Add" && o.target === `${community.uri}/featured`);
    expect(Object.keys(add)).toEqual(expect.arrayContaining(keysOf("lemmy/activities/community/add_featured_post.json")));
    expect(add).toMatchObject({ object: post.uri, audience: community.uri });
    lemmyAddressing(add);
    const me = (await a.api("GET", "/api/v1/me", undefined, alice.token)).body;
    expect(add.actor).toBe(me.uri);
    expect((await a.api("POST", `/api/v1/communities/main/posts/${post.id}/pin`, { pinned: false }, alice.token)).status).toBe(200);
    const remove = await announced((o) => o.type === "Remove" && o.target === `${community.uri}/featured`);
    expect(Object.keys(remove)).toEqual(expect.arrayContaining(keysOf("lemmy/activities/community/remove_featured_post.json")));

    // A new moderator: Add to the moderators collection.
    const carolUri = (await a.api("GET", "/api/v1/me", undefined, carol.token)).body.uri;
    expect((await a.api("POST", "/api/v1/communities/main/moderators", { actor: "carol" }, alice.token)).status).toBeLessThan(300);
    const addMod = await announced((o) => o.type === "Add" && o.target === `${community.uri}/moderators`);
    expect(Object.keys(addMod)).toEqual(expect.arrayContaining(keysOf("lemmy/activities/community/add_mod.json")));
    expect(addMod).toMatchObject({ actor: me.uri, object: carolUri });

    // A removal: the moderator's Delete of the reply (Lemmy's remove_note, its reason optional).
    expect((await a.api("POST", `/api/v1/communities/main/posts/${reply.id}/remove`, undefined, alice.token)).status).toBe(200);
    const del = await announced((o) => o.type === "Delete" && o.object === reply.uri);
    expect(Object.keys(del)).toEqual(expect.arrayContaining(keysOf("lemmy/activities/deletion/remove_note.json", ["summary"])));
    expect(del).toMatchObject({ actor: me.uri, audience: community.uri, summary: "" });

    // A restore: the moderator's Undo of that Delete (Lemmy's undo_remove_note), the Delete embedded with its summary.
    expect((await a.api("POST", `/api/v1/communities/main/posts/${reply.id}/restore`, undefined, alice.token)).status).toBe(200);
    const undoDel = await announced((o) => o.type === "Undo" && o.object?.type === "Delete" && o.object.object === reply.uri);
    expect(Object.keys(undoDel)).toEqual(expect.arrayContaining(keysOf("lemmy/activities/deletion/undo_remove_note.json")));
    expect(undoDel).toMatchObject({ actor: me.uri, audience: community.uri, object: { actor: me.uri, audience: community.uri, summary: "" } });
    lemmyAddressing(undoDel);

    // The other way: a Lemmy moderator of ours removes the thread with remove_note.json.
    expect((await a.api("POST", "/api/v1/communities/main/moderators", { actor: mod }, alice.token)).status).toBeLessThan(300);
    const lemmyHosts = {
      "https://ds9.lemmy.ml/u/lemmy_alpha": mod,
      "http://enterprise.lemmy.ml/u/lemmy_beta": mod,
      "https://ds9.lemmy.ml/post/2": post.uri,
      "https://ds9.lemmy.ml/c/main/featured": `${community.uri}/featured`,
      "http://enterprise.lemmy.ml/c/main/moderators": `${community.uri}/moderators`,
      "https://ds9.lemmy.ml/c/main": community.uri,
      "http://enterprise.lemmy.ml/c/main": community.uri,
      "http://enterprise.lemmy.ml/u/main": community.uri,
      "https://ds9.lemmy.ml": lemmy.origin,
      "http://enterprise.lemmy.ml": lemmy.origin,
    };
    const threadHere = async () => (await a.api("GET", "/api/v1/communities/main/posts", undefined, alice.token)).body.items.find((i: Json) => i.uri === post.uri);
    // Lemmy's moderator pins and unpins (add_featured_post.json, remove_featured_post.json).
    expect((await lemmy.post(`${community.uri}/inbox`, mod, rewrite(loadFixture("lemmy/activities/community/add_featured_post.json"), lemmyHosts))).status).toBe(202);
    await waitFor(async () => (await threadHere())?.pinned === true, { message: "the Lemmy moderator's pin applied" });
    const unpin = { ...rewrite(loadFixture("lemmy/activities/community/remove_featured_post.json"), lemmyHosts), id: `${lemmy.origin}/activities/remove/1` };
    expect((await lemmy.post(`${community.uri}/inbox`, mod, unpin)).status).toBe(202);
    await waitFor(async () => (await threadHere())?.pinned === false, { message: "the Lemmy moderator's unpin applied" });
    // …and appoints a moderator (add_mod.json), here a person of ours.
    const erin = await a.createUser("erin");
    const erinUri = (await a.api("GET", "/api/v1/me", undefined, erin.token)).body.uri;
    const addErin = rewrite(loadFixture("lemmy/activities/community/add_mod.json"), { ...lemmyHosts, "http://ds9.lemmy.ml/u/lemmy_alpha": erinUri });
    expect((await lemmy.post(`${community.uri}/inbox`, mod, addErin)).status).toBe(202);
    await waitFor(async () => (await a.api("GET", "/api/v1/communities/main", undefined, alice.token)).body.moderators.some((m: Json) => m.uri === erinUri), {
      message: "the Lemmy moderator's new moderator applied",
    });

    const removal = rewrite(loadFixture("lemmy/activities/deletion/remove_note.json"), {
      "http://enterprise.lemmy.ml/u/lemmy_beta": mod,
      "http://ds9.lemmy.ml/comment/1": post.uri,
      "http://enterprise.lemmy.ml/c/main": community.uri,
      "https://enterprise.lemmy.ml/c/main": community.uri,
      "http://enterprise.lemmy.ml": lemmy.origin,
    });
    expect((await lemmy.post(`${community.uri}/inbox`, mod, removal)).status).toBe(202);
    await waitFor(async () => !(await a.api("GET", "/api/v1/communities/main/posts", undefined, alice.token)).body.items.some((i: Json) => i.uri === post.uri), {
      message: "the Lemmy moderator's removal applied",
    });
    // …and restores it with undo_remove_note.json: the thread shows again.
    const restore = rewrite(loadFixture("lemmy/activities/deletion/undo_remove_note.json"), {
      "http://enterprise.lemmy.ml/u/lemmy_beta": mod,
      "http://ds9.lemmy.ml/comment/1": post.uri,
      "http://enterprise.lemmy.ml/c/main": community.uri,
      "https://enterprise.lemmy.ml/c/main": community.uri,
      "http://enterprise.lemmy.ml": lemmy.origin,
    });
    expect((await lemmy.post(`${community.uri}/inbox`, mod, restore)).status).toBe(202);
    await waitFor(async () => (await a.api("GET", "/api/v1/communities/main/posts", undefined, alice.token)).body.items.some((i: Json) => i.uri === post.uri), {
      message: "the Lemmy moderator's restore applied",
    });

    // A ban in block_user.json's shape. What Lemmy checks (BlockUser::verify): addressed to Public, `actor` a
    // person who moderates the `target` community (its moderators collection), `object` the banned person; the
    // Group announces it to its followers, and the banned person's server gets it directly.
    const trollUri = `${lemmy.origin}/u/troll`;
    lemmy.documents.set("/u/troll", { ...person, id: trollUri, preferredUsername: "troll", inbox: `${trollUri}/inbox`, outbox: `${trollUri}/outbox`, endpoints: { sharedInbox: `${lemmy.origin}/inbox` }, publicKey: { id: `${trollUri}#main-key`, owner: trollUri, publicKeyPem: lemmy.publicKeyPem } });
    expect((await a.api("POST", "/api/v1/communities/main/bans", { actor: trollUri, reason: "spam post" }, alice.token)).status).toBe(201);
    const fetchJson = async (url: string) => (await net.cluster.fetch(url, { headers: { accept: "application/activity+json" } })).json() as Promise<Json>;
    const lemmyChecksBan = async (ban: Json) => {
      expect(Object.keys(ban)).toEqual(expect.arrayContaining(keysOf("lemmy/activities/block/block_user.json", ["removeData", "endTime"])));
      expect(ban).toMatchObject({ type: "Block", actor: me.uri, object: trollUri, target: community.uri, audience: community.uri, summary: "spam post" });
      lemmyAddressing(ban);
      const actorDoc = (await fetchJson(ban.actor));
      expect(actorDoc.type).toBe("Person");
      const moderators = (await fetchJson(`${ban.target}/moderators`));
      expect([moderators.orderedItems ?? moderators.items].flat()).toContain(ban.actor);
    };
    const direct = await waitFor(() => lemmy!.received.find((r) => r.body.type === "Block" && r.body.object === trollUri)?.body as Json | undefined, { message: "the banned person's server got the Block" });
    await lemmyChecksBan(direct);
    await lemmyChecksBan(await announced((o) => o.type === "Block" && o.object === trollUri));
    expect((await a.api("DELETE", `/api/v1/communities/main/bans?actor=${encodeURIComponent(trollUri)}`, undefined, alice.token)).status).toBeLessThan(300);
    const undoBan = await announced((o) => o.type === "Undo" && o.object?.type === "Block");
    expect(undoBan).toMatchObject({ actor: me.uri, object: { actor: me.uri, object: trollUri, target: community.uri } });
    lemmyAddressing(undoBan);
  }, 240_000);
});
