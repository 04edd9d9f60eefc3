// Thread locks across instances, in Lemmy's shape (lock_page.json,
// undo_lock_page.json): a lock by a moderator on A reaches B's copy of the
// thread and a Lemmy follower as Announce(Lock) / Announce(Undo(Lock)); a
// Lemmy moderator's own Lock, signed and posted to A's Group, locks the
// thread on A, is re-announced, and locks B's copy too. A Lock by someone
// who moderates nothing changes nothing.
import { afterAll, describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";
import { loadFixture } from "../helpers/fixtures.ts";
import { rewrite, startFakeServer, type FakeServer } from "./support/fake-server.ts";

type Json = Record<string, any>;

describe("thread locks federate (Lemmy's Lock)", () => {
  const net = useInstances(2);
  let lemmy: FakeServer | null = null;
  afterAll(async () => {
    await lemmy?.close();
  });

  it("our lock locks B's copy and reaches Lemmy as Announce(Lock); a Lemmy moderator's Lock locks it here and there", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    lemmy = await startFakeServer(net.cluster, "lemmy");
    const alice = await a.createUser("alice");
    const bob = await b.createUser("bob");
    const community = (await a.api("POST", "/api/v1/communities", { handle: "main", name: "Main", visibility: "public" }, alice.token)).body;

    // Two Lemmy people: a moderator of A's community, and a stranger.
    const person = rewrite(loadFixture("lemmy/objects/person.json"), { "https://enterprise.lemmy.ml": lemmy.origin, "https://ds9.lemmy.ml": lemmy.origin });
    const lemmyActor = (name: string) => {
      const id = `${lemmy!.origin}/u/${name}`;
      lemmy!.documents.set(`/u/${name}`, {
        ...person,
        id,
        preferredUsername: name,
        inbox: `${id}/inbox`,
        outbox: `${id}/outbox`,
        endpoints: { sharedInbox: `${lemmy!.origin}/inbox` },
        publicKey: { id: `${id}#main-key`, owner: id, publicKeyPem: lemmy!.publicKeyPem },
      });
      return id;
    };
    const mod = lemmyActor("lemmy_alpha");
    const stranger = lemmyActor("lemmy_beta");
    expect((await a.api("POST", "/api/v1/communities/main/moderators", { actor: mod }, alice.token)).status).toBeLessThan(300);

    // Followers: bob on B, and the Lemmy server (its stranger follows, as Lemmy's instance would).
    expect((await b.api("POST", "/api/v1/follows", { target: a.handle("main") }, bob.token)).status).toBe(201);
    const follow = rewrite(loadFixture("lemmy/activities/following/follow.json"), { "http://ds9.lemmy.ml/u/lemmy_alpha": stranger, "http://ds9.lemmy.ml": lemmy.origin, "http://enterprise.lemmy.ml/c/main": community.uri });
    expect((await lemmy.post(`${community.uri}/inbox`, stranger, follow)).status).toBe(202);
    await waitFor(async () => (await b.api("GET", "/api/v1/following", undefined, bob.token)).body.items[0]?.status === "accepted", { message: "B follows the community" });
    await waitFor(() => lemmy!.received.some((r) => r.body.type === "Accept"), { message: "Lemmy follows the community" });

    const post = (await a.api("POST", "/api/v1/notes", { title: "Fil à verrouiller", content: "Un sujet", communities: ["main"] }, alice.token)).body;
    const postsOnB = `/api/v1/communities/${encodeURIComponent(a.handle("main"))}/posts`;
    const threadOn = async (instance: Instance, path: string, token: string) => (await instance.api("GET", path, undefined, token)).body.items?.find((i: Json) => i.uri === post.uri);
    await waitFor(async () => (await threadOn(b, postsOnB, bob.token)) != null, { message: "B filed the thread" });

    // 0. A pin (the moderator's Add on `featured`, announced by the Group) pins B's copy; the Remove unpins it.
    expect((await a.api("POST", `/api/v1/communities/main/posts/${post.id}/pin`, { pinned: true }, alice.token)).status).toBe(200);
    await waitFor(async () => (await threadOn(b, postsOnB, bob.token))?.pinned === true, { message: "B's copy of the thread is pinned" });
    expect((await a.api("POST", `/api/v1/communities/main/posts/${post.id}/pin`, { pinned: false }, alice.token)).status).toBe(200);
    await waitFor(async () => (await threadOn(b, postsOnB, bob.token))?.pinned === false, { message: "B's copy of the thread is unpinned" });

    // A new moderator (the moderator's Add on the moderators collection, announced) shows on B's copy; the Remove drops it.
    const carol = await a.createUser("carol");
    const carolUri = (await a.api("GET", "/api/v1/me", undefined, carol.token)).body.uri;
    const moderatorsOnB = async () => ((await b.api("GET", `/api/v1/communities/${encodeURIComponent(a.handle("main"))}`, undefined, bob.token)).body.moderators ?? []).map((m: Json) => m.uri);
    expect((await a.api("POST", "/api/v1/communities/main/moderators", { actor: "carol" }, alice.token)).status).toBeLessThan(300);
    await waitFor(async () => (await moderatorsOnB()).includes(carolUri), { message: "B knows carol moderates the community" });
    expect((await a.api("DELETE", `/api/v1/communities/main/moderators?actor=carol`, undefined, alice.token)).status).toBeLessThan(300);
    await waitFor(async () => !(await moderatorsOnB()).includes(carolUri), { message: "B knows carol no longer moderates it" });

    // 1. Our lock: A locks, B's copy locks, Lemmy gets Announce(Lock) in lock_page.json's shape.
    const locked = await a.api("POST", `/api/v1/communities/main/posts/${post.id}/lock`, { locked: true, reason: "Hors sujet" }, alice.token);
    expect(locked.status).toBe(200);
    expect(locked.body.locked).toBe(true);
    await waitFor(async () => (await threadOn(b, postsOnB, bob.token))?.locked === true, { message: "B's copy of the thread is locked" });
    const announced = (type: string, inner: (o: Json) => boolean) =>
      lemmy!.received.map((r) => r.body as Json).find((body) => body.type === "Announce" && body.object?.type === type && inner(body.object));
    const lockAnnounce = await waitFor(() => announced("Lock", (o) => o.object === post.uri), { message: "Lemmy got Announce(Lock)" });
    const lemmyShape = loadFixture("lemmy/activities/community/lock_page.json");
    expect(Object.keys(lockAnnounce.object).filter((k) => k !== "@context").sort()).toEqual(expect.arrayContaining(Object.keys(lemmyShape).filter((k) => k !== "@context")));
    expect(lockAnnounce.object).toMatchObject({ type: "Lock", object: post.uri, audience: community.uri, summary: "Hors sujet" });
    // Lemmy reads `to` and `cc` as one URL or many.
    expect([lockAnnounce.object.to].flat()).toEqual(["https://www.w3.org/ns/activitystreams#Public"]);
    expect([lockAnnounce.object.cc].flat()).toEqual([community.uri]);
    expect(lockAnnounce).toMatchObject({ actor: community.uri });
    expect(lockAnnounce.object.actor).toBe(post.authors[0].uri);

    expect((await a.api("POST", `/api/v1/communities/main/posts/${post.id}/lock`, { locked: false }, alice.token)).status).toBe(200);
    await waitFor(async () => (await threadOn(b, postsOnB, bob.token))?.locked === false, { message: "B's copy of the thread is unlocked" });
    const undoAnnounce = await waitFor(() => announced("Undo", (o) => o.object?.type === "Lock" && o.object?.object === post.uri), { message: "Lemmy got Announce(Undo(Lock))" });
    expect(undoAnnounce.object.object).toMatchObject({ type: "Lock", actor: post.authors[0].uri, audience: community.uri });

    // 2. A stranger's Lock: refused, nothing changes.
    const hosts = { "http://lemmy-alpha:8541/post/2": post.uri, "http://lemmy-alpha:8541/c/main": community.uri, "http://lemmy-alpha:8541/u/lemmy_alpha": mod, "http://lemmy-alpha:8541": lemmy.origin };
    const strangerLock = { ...rewrite(loadFixture("lemmy/activities/community/lock_page.json"), hosts), id: `${lemmy.origin}/activities/lock/stranger`, actor: stranger };
    expect((await lemmy.post(`${community.uri}/inbox`, stranger, strangerLock)).status).toBe(202);
    await waitFor(() => a.logs().includes("Rejected Lock"), { message: "A refused the stranger's Lock" });
    expect((await threadOn(a, "/api/v1/communities/main/posts", alice.token)).locked).toBe(false);

    // A Lock without an object, and a Lock of a thread we do not have: acknowledged, logged, nothing changes.
    const objectless: Record<string, unknown> = { ...rewrite(loadFixture("lemmy/activities/community/lock_page.json"), hosts), id: `${lemmy.origin}/activities/lock/objectless` };
    delete objectless.object;
    expect((await lemmy.post(`${community.uri}/inbox`, mod, objectless)).status).toBe(202);
    const unknown = { ...rewrite(loadFixture("lemmy/activities/community/lock_page.json"), hosts), id: `${lemmy.origin}/activities/lock/unknown`, object: `${lemmy.origin}/post/404` };
    expect((await lemmy.post(`${community.uri}/inbox`, mod, unknown)).status).toBe(202);
    await waitFor(() => a.logs().includes("activities/lock/objectless") && a.logs().includes("activities/lock/unknown"), { message: "A logged both and dropped them" });
    expect((await threadOn(a, "/api/v1/communities/main/posts", alice.token)).locked).toBe(false);

    // 3. The Lemmy moderator's Lock, as Lemmy sends it to the community's inbox.
    const lock = rewrite(loadFixture("lemmy/activities/community/lock_page.json"), hosts);
    expect((await lemmy.post(`${community.uri}/inbox`, mod, lock)).status).toBe(202);
    await waitFor(async () => (await threadOn(a, "/api/v1/communities/main/posts", alice.token))?.locked === true, { message: "A locked the thread" });
    await waitFor(async () => (await threadOn(b, postsOnB, bob.token))?.locked === true, { message: "B's copy locked from A's re-announce" });

    const undo = rewrite(loadFixture("lemmy/activities/community/undo_lock_page.json"), hosts);
    expect((await lemmy.post(`${community.uri}/inbox`, mod, undo)).status).toBe(202);
    await waitFor(async () => (await threadOn(a, "/api/v1/communities/main/posts", alice.token))?.locked === false, { message: "A unlocked the thread" });
    await waitFor(async () => (await threadOn(b, postsOnB, bob.token))?.locked === false, { message: "B's copy unlocked" });
  }, 240_000);
});
