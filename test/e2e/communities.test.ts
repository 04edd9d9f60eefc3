// Communities of practice across real instances: followed from an instance
// that behaves as Mastodon does, posts announced twice (activity and object),
// replies that reach only the author filed into the thread and re-announced.
import { describe, expect, it } from "vitest";
import { signRequest } from "@fedify/fedify";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";
import { privateKeyOf } from "./support/signing.ts";

describe("communities across instances", () => {
  const net = useInstances(3);

  it("(a) a Mastodon-like follower gets Announce(Create) and Announce(Article); its reply to the author lands in the thread and reaches other followers", async () => {
    const [a, b, c] = net.instances as [Instance, Instance, Instance];
    const alice = await a.createUser("alice");
    const bob = await b.createUser("bob");
    const carol = await c.createUser("carol");
    const created = await a.api("POST", "/api/v1/communities", { handle: "jardins", name: "Jardins collectifs", summary: "Entraide potagère", visibility: "public" }, alice.token);
    expect(created.status).toBe(201);
    expect(created.body.uri).toMatch(/\/actors\//);

    // Group JSON as Lemmy needs it.
    const group = await (await a.fetch(created.body.uri, { headers: { Accept: "application/activity+json" } })).json();
    expect(group).toMatchObject({
      type: "Group",
      preferredUsername: "jardins",
      name: "Jardins collectifs",
      inbox: `${created.body.uri}/inbox`,
      outbox: `${created.body.uri}/outbox`,
      followers: `${created.body.uri}/followers`,
      featured: `${created.body.uri}/featured`,
      attributedTo: `${created.body.uri}/moderators`,
      manuallyApprovesFollowers: false,
      postingRestrictedToMods: false,
      endpoints: { sharedInbox: `${a.origin}/inbox` },
    });
    expect(group.publicKey.publicKeyPem).toMatch(/PUBLIC KEY/);
    const mods = await (await a.fetch(`${created.body.uri}/moderators`, { headers: { Accept: "application/activity+json" } })).json();
    expect(mods.orderedItems).toEqual([created.body.moderators[0].uri]);
    const webfinger = await (await a.fetch(`/.well-known/webfinger?resource=acct:jardins@${a.host}`)).json();
    expect(webfinger.links).toContainEqual(expect.objectContaining({ rel: "self", type: "application/activity+json", href: created.body.uri }));

    for (const [instance, user] of [[b, bob], [c, carol]] as const) {
      expect((await instance.api("POST", "/api/v1/follows", { target: a.handle("jardins") }, user.token)).status).toBe(201);
      await waitFor(async () => (await instance.api("GET", "/api/v1/following", undefined, user.token)).body.items[0]?.status === "accepted", {
        message: "the public community accepted at once",
      });
    }

    const post = await a.api("POST", "/api/v1/notes", { title: "Semis d'automne", content: "Quoi semer en octobre?", communities: ["jardins"] }, alice.token);
    expect(post.status).toBe(201);
    await waitFor(() => /Received Announce\('?create'?\) of .*notes\//.test(b.logs()) && /Received Announce\('?boost'?\) of .*notes\//.test(b.logs()), {
      message: "B received Announce(Create) and Announce(Article)",
    });
    const onB = await waitFor(async () => {
      const posts = await b.api("GET", `/api/v1/communities/${encodeURIComponent(a.handle("jardins"))}/posts`, undefined, bob.token);
      return posts.status === 200 && posts.body.items.length === 1 ? posts.body.items[0] : null;
    }, { message: "B filed the post under the community" });
    expect(onB.uri).toBe(post.body.uri);

    // bob replies as Mastodon does: to the author only, no audience, no community.
    const reply = await b.api("POST", "/api/v1/notes", { inReplyTo: post.body.uri, content: "De l'ail!" }, bob.token);
    expect(reply.status).toBe(201);
    const thread = await waitFor(async () => {
      const posts = await a.api("GET", "/api/v1/communities/jardins/posts", undefined, alice.token);
      return posts.body.items.length === 2 ? posts.body.items : null;
    }, { message: "the reply landed in the community's thread on A" });
    expect(thread[1]).toMatchObject({ uri: reply.body.uri, inReplyTo: post.body.uri, local: false });
    // The paged replies collection Mastodon crawls lists it.
    const AP = { headers: { Accept: "application/activity+json" } };
    const replies = await (await a.fetch(`${post.body.uri}/replies`, AP)).json();
    expect(replies.totalItems).toBe(1);
    const firstPage = await (await a.fetch(typeof replies.first === "string" ? replies.first : replies.first.id, AP)).json();
    expect([firstPage.items ?? firstPage.orderedItems].flat().map((i: string | { id: string }) => (typeof i === "string" ? i : i.id))).toEqual([reply.body.uri]);
    // The conversation (FEP-7888 context) belongs to the Group, and holds the post then the reply.
    const article = await (await a.fetch(post.body.uri, AP)).json();
    const context = await (await a.fetch(article.context, AP)).json();
    expect(context).toMatchObject({ type: "OrderedCollection", attributedTo: created.body.uri });
    expect(context.orderedItems.map((i: string | { id: string }) => (typeof i === "string" ? i : i.id))).toEqual([post.body.uri, reply.body.uri]);

    // The Group re-announced the reply to its other followers (carol's instance C).
    await waitFor(async () => {
      const posts = await c.api("GET", `/api/v1/communities/${encodeURIComponent(a.handle("jardins"))}/posts`, undefined, carol.token);
      return posts.body.items.some((p: { uri: string }) => p.uri === reply.body.uri);
    }, { message: "C received the announced reply" });
    // Replies are never announced as bare objects (that would flood Mastodon timelines).
    expect(c.logs()).toMatch(new RegExp(`Received Announce\\('?create'?\\) of '?${reply.body.uri}`));
    expect(c.logs()).not.toMatch(new RegExp(`Received Announce\\('?boost'?\\) of '?${reply.body.uri}`));
  });

  it("(b) a member of C joins a private community on A after approval, then posts and sees posts; an unapproved actor sees nothing", async () => {
    const [a, b, c] = net.instances as [Instance, Instance, Instance];
    const moderator = await a.createUser("animatrice");
    const member = await c.createUser("membre");
    const outsider = await b.createUser("curieux");
    const cercle = await a.api("POST", "/api/v1/communities", { handle: "cercle", name: "Cercle privé", visibility: "private" }, moderator.token);
    expect(cercle.status).toBe(201);
    const group = await (await a.fetch(cercle.body.uri, { headers: { Accept: "application/activity+json" } })).json();
    expect(group.manuallyApprovesFollowers).toBe(true);

    expect((await c.api("POST", "/api/v1/follows", { target: a.handle("cercle") }, member.token)).status).toBe(201);
    const request = await waitFor(async () => (await a.api("GET", "/api/v1/communities/cercle/requests", undefined, moderator.token)).body.items[0], {
      message: "the join request reached A",
    });
    // Still pending: the member may not post yet.
    expect((await c.api("GET", "/api/v1/following", undefined, member.token)).body.total).toBe(0);
    const early = await c.api("POST", "/api/v1/notes", { title: "Trop tôt", content: "x", communities: [a.handle("cercle")] }, member.token);
    expect(early.status).toBe(403);
    expect((await a.api("POST", `/api/v1/communities/cercle/requests/${request.id}/accept`, undefined, moderator.token)).status).toBe(200);
    await waitFor(async () => (await c.api("GET", "/api/v1/following", undefined, member.token)).body.items[0]?.status === "accepted", {
      message: "the Accept reached C",
    });

    // The member posts from C into the community on A.
    const fromC = await c.api("POST", "/api/v1/notes", { title: "Bonjour le cercle", content: "Première contribution.", communities: [a.handle("cercle")] }, member.token);
    expect(fromC.status).toBe(201);
    expect(fromC.body.visibility).toBe("community");
    await waitFor(async () => (await a.api("GET", "/api/v1/communities/cercle/posts", undefined, moderator.token)).body.items.some((p: { uri: string }) => p.uri === fromC.body.uri), {
      message: "the member's post reached the community on A",
    });

    // A moderator's post reaches the member on C, and only the member.
    const fromA = await a.api("POST", "/api/v1/notes", { title: "Réservé au cercle", content: "Entre membres.", communities: ["cercle"] }, moderator.token);
    expect(fromA.status).toBe(201);
    expect(fromA.body.visibility).toBe("community");
    const article = await (await a.fetch(fromA.body.uri, { headers: { Accept: "application/activity+json" } })).status;
    expect([401, 403, 404]).toContain(article);
    await waitFor(async () => {
      const posts = await c.api("GET", `/api/v1/communities/${encodeURIComponent(a.handle("cercle"))}/posts`, undefined, member.token);
      return posts.status === 200 && posts.body.items.some((p: { uri: string }) => p.uri === fromA.body.uri);
    }, { message: "the member sees the community's posts on C" });
    const onC = await c.api("GET", `/api/v1/notes/by-uri?uri=${encodeURIComponent(fromA.body.uri)}`, undefined, member.token);
    expect(onC.body.visibility).toBe("community");

    // An unapproved actor on B: signed and unsigned fetches refused, nothing delivered to B.
    const outsiderUri = (await b.api("GET", "/api/v1/me", undefined, outsider.token)).body.uri;
    const key = await privateKeyOf(b, outsiderUri);
    for (const uri of [fromA.body.uri, fromC.body.uri]) {
      const home = uri.startsWith(a.origin) ? a : c;
      expect([401, 403, 404], `unsigned ${uri}`).toContain((await home.fetch(uri, { headers: { Accept: "application/activity+json" } })).status);
      const signed = await signRequest(new Request(uri, { headers: { Accept: "application/activity+json" } }), key, new URL(`${outsiderUri}#main-key`));
      expect([401, 403, 404], `signed ${uri}`).toContain((await home.fetch(uri, { headers: signed.headers })).status);
    }
    expect((await b.api("GET", `/api/v1/notes/by-uri?uri=${encodeURIComponent(fromA.body.uri)}`, undefined, outsider.token)).status).toBe(404);
    expect(b.logs()).not.toContain(fromA.body.uri);
    // A member's server may fetch it (signed), and it is never addressed to Public.
    const memberUri = (await c.api("GET", "/api/v1/me", undefined, member.token)).body.uri;
    const memberKey = await privateKeyOf(c, memberUri);
    const asMember = await signRequest(new Request(fromA.body.uri, { headers: { Accept: "application/activity+json" } }), memberKey, new URL(`${memberUri}#main-key`));
    const served = await a.fetch(fromA.body.uri, { headers: asMember.headers });
    expect(served.status).toBe(200);
    const json = await served.json();
    expect([json.to, json.cc].flat()).not.toContain("https://www.w3.org/ns/activitystreams#Public");
    expect([json.to].flat()).toContain(cercle.body.uri);
    expect(json.audience).toBe(cercle.body.uri);
  });

  it("moderation reaches members' servers: removal, lock, ban", async () => {
    const [a, b] = net.instances as [Instance, Instance, Instance];
    const moderator = await a.createUser("moderation");
    const member = await b.createUser("participant");
    const troll = await b.createUser("troll");
    await a.api("POST", "/api/v1/communities", { handle: "atelier", visibility: "public" }, moderator.token);
    for (const user of [member, troll]) {
      await b.api("POST", "/api/v1/follows", { target: a.handle("atelier") }, user.token);
      await waitFor(async () => (await b.api("GET", "/api/v1/following", undefined, user.token)).body.items[0]?.status === "accepted");
    }
    const threads = [];
    for (const title of ["À garder", "À retirer"]) {
      threads.push((await a.api("POST", "/api/v1/notes", { title, content: title, communities: ["atelier"] }, moderator.token)).body);
    }
    const remotePosts = async () => (await b.api("GET", `/api/v1/communities/${encodeURIComponent(a.handle("atelier"))}/posts`, undefined, member.token)).body.items.map((p: { title: string }) => p.title);
    await waitFor(async () => (await remotePosts()).length === 2, { message: "both threads reached B" });

    // Removal: the Group announces the moderator's Delete; B drops the post from the community.
    expect((await a.api("POST", `/api/v1/communities/atelier/posts/${threads[1].id}/remove`, undefined, moderator.token)).status).toBe(200);
    await waitFor(async () => JSON.stringify(await remotePosts()) === JSON.stringify(["À garder"]), { message: "the removal reached B" });

    // Lock: a reply from B to the locked thread is refused on A.
    expect((await a.api("POST", `/api/v1/communities/atelier/posts/${threads[0].id}/lock`, { locked: true }, moderator.token)).status).toBe(200);
    const late = await b.api("POST", "/api/v1/notes", { inReplyTo: threads[0].uri, content: "Trop tard" }, member.token);
    expect(late.status).toBe(201);
    await waitFor(() => new RegExp(`Rejected post '?${late.body.uri}.*locked`).test(a.logs()), { message: "A refused the reply to a locked thread" });
    expect((await a.api("GET", "/api/v1/communities/atelier/posts", undefined, moderator.token)).body.items.map((p: { uri: string }) => p.uri)).not.toContain(late.body.uri);

    // Ban: the troll's membership ends; its posts are refused.
    const trollUri = (await b.api("GET", "/api/v1/me", undefined, troll.token)).body.uri;
    expect((await a.api("POST", "/api/v1/communities/atelier/bans", { actor: trollUri, reason: "spam" }, moderator.token)).status).toBe(201);
    const trollPost = await b.api("POST", "/api/v1/notes", { title: "Spam", content: "spam", communities: [a.handle("atelier")] }, troll.token);
    await waitFor(() => /Rejected post .*banned/.test(a.logs()), { message: "A refused the banned member's post" });
    expect(trollPost.status === 201 || trollPost.status === 403).toBe(true);
    expect((await a.api("GET", "/api/v1/communities/atelier", undefined, moderator.token)).body.membersCount).toBe(2);
  });
});
