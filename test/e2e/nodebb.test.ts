// A community of a real instance as NodeBB 4 sees it, through a stand-in that
// reads and answers as NodeBB's source does (support/nodebb.ts): whole threads
// from `context` collections, a category's earlier topics backfilled from its
// outbox, no re-broadcast echoed back to the forum it came from, votes and
// their withdrawal passed on, and a forum's Reject and Dislike taken calmly.
import { afterAll, describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";
import { startFakeServer, type FakeServer } from "./support/fake-server.ts";
import { startNodeBB, type NodeBB } from "./support/nodebb.ts";

const AS = "https://www.w3.org/ns/activitystreams";
const PUBLIC = `${AS}#Public`;
const AP = { Accept: "application/activity+json" };
const idOf = (value: unknown) => (typeof value === "string" ? value : (value as { id?: string } | undefined)?.id);

describe("a community seen from NodeBB", () => {
  const net = useInstances(1);
  let nodebb: NodeBB | null = null;
  let observer: FakeServer | null = null;
  afterAll(async () => {
    await nodebb?.close();
    await observer?.close();
  });

  it("NodeBB reads a whole thread from its context collection, from the root or any reply", async () => {
    const [a] = net.instances as [Instance];
    nodebb ??= await startNodeBB(net.cluster);
    const alice = await a.createUser("alice");
    const root = (await a.api("POST", "/api/v1/notes", { title: "Compost d'hiver", content: "Que mettre au compost en hiver?" }, alice.token)).body;
    const reply = (await a.api("POST", "/api/v1/notes", { inReplyTo: root.uri, content: "Des feuilles mortes." }, alice.token)).body;
    const deeper = (await a.api("POST", "/api/v1/notes", { inReplyTo: reply.uri, content: "Et du carton brun." }, alice.token)).body;

    // Every note of the thread names the root's context collection, which NodeBB resolves as one.
    const context = `${root.uri}/context`;
    for (const note of [root, reply, deeper]) expect(await nodebb.contextOf(note.uri)).toBe(context);
    expect(await nodebb.contextItems(context)).toEqual([root.uri, reply.uri, deeper.uri]);

    // The replies collection lists bare IRIs too (Mastodon and NodeBB both read those).
    const replies = await (await a.fetch(`${root.uri}/replies`, { headers: AP })).json();
    const page = typeof replies.first === "string" ? await (await a.fetch(replies.first, { headers: AP })).json() : replies.first;
    expect([page.items ?? page.orderedItems].flat()).toEqual([reply.uri]);
  }, 120_000);

  it("passes on what a NodeBB user posts, likes and unlikes, never back to NodeBB, and takes its Reject and Dislike calmly", async () => {
    const [a] = net.instances as [Instance];
    nodebb ??= await startNodeBB(net.cluster);
    observer = await startFakeServer(net.cluster, "observer");
    const moderator = await a.createUser("animatrice");
    const group = (await a.api("POST", "/api/v1/communities", { handle: "potager", visibility: "public" }, moderator.token)).body;
    const inbox = `${group.uri}/inbox`;

    // nina on NodeBB, and olga on another server, follow the community.
    const olga = `${observer.origin}/users/olga`;
    observer.documents.set("/users/olga", {
      "@context": [AS, "https://w3id.org/security/v1"],
      id: olga,
      type: "Person",
      preferredUsername: "olga",
      inbox: `${olga}/inbox`,
      endpoints: { sharedInbox: `${observer.origin}/inbox` },
      publicKey: { id: `${olga}#main-key`, owner: olga, publicKeyPem: observer.publicKeyPem },
    });
    expect((await nodebb.server.post(inbox, nodebb.user, { "@context": AS, id: `${nodebb.user}#activity/follow/1`, type: "Follow", actor: nodebb.user, object: group.uri })).status).toBe(202);
    expect((await observer.post(inbox, olga, { "@context": AS, id: `${olga}#follow`, type: "Follow", actor: olga, object: group.uri })).status).toBe(202);
    await waitFor(() => nodebb!.server.received.some((r) => r.body.type === "Accept") && observer!.received.some((r) => r.body.type === "Accept"), { message: "both follows accepted" });
    const olgaGot = (type: string, objectId: string) =>
      observer!.received.some((r) => r.body.type === "Announce" && (r.body.object as { type?: string })?.type === type && idOf(r.body.object) === objectId);

    // A thread of the community, and a topic nina starts in it.
    const thread = (await a.api("POST", "/api/v1/notes", { title: "Semis de printemps", content: "On commence quand?", communities: ["potager"] }, moderator.token)).body;
    const topic = nodebb.topic(5, "Tomates", "Quelles variétés pour un balcon?", group.uri);
    const create = { "@context": AS, id: `${topic.id}#activity/create/1`, type: "Create", actor: nodebb.user, to: topic.to, cc: topic.cc, object: topic };
    expect((await nodebb.server.post(inbox, nodebb.user, create)).status).toBe(202);
    await waitFor(() => olgaGot("Create", create.id), { message: "the community announced nina's topic to olga" });

    // nina likes the thread, then takes it back: both are passed on to the community's followers.
    const like = { "@context": AS, id: `${nodebb.user}#activity/like/${encodeURIComponent(thread.uri)}`, type: "Like", actor: nodebb.user, object: thread.uri };
    expect((await nodebb.server.post(inbox, nodebb.user, like)).status).toBe(202);
    await waitFor(() => olgaGot("Like", like.id), { message: "the Like was announced" });
    const undo = { "@context": AS, id: `${nodebb.user}#activity/undo/1`, type: "Undo", actor: nodebb.user, object: like };
    expect((await nodebb.server.post(inbox, nodebb.user, undo)).status).toBe(202);
    await waitFor(() => olgaGot("Undo", undo.id), { message: "the Undo(Like) was announced" });

    // A Dislike is acknowledged and ignored: nothing is counted.
    const dislike = { "@context": AS, id: `${nodebb.user}#activity/dislike/1`, type: "Dislike", actor: nodebb.user, object: thread.uri };
    expect((await nodebb.server.post(inbox, nodebb.user, dislike)).status).toBe(202);
    await waitFor(() => a.logs().includes(dislike.id), { message: "the Dislike was logged as ignored" });
    expect(a.logs()).toMatch(/Ignored unsupported activity .*#Dislike/);
    const article = await (await a.fetch(thread.uri, { headers: AP })).json();
    expect(article.likes.totalItems).toBe(0);

    // The moderator removes nina's topic; NodeBB cannot apply the removal and answers with a Reject of it.
    const kept = (await a.api("GET", `/api/v1/notes/by-uri?uri=${encodeURIComponent(topic.id)}`, undefined, moderator.token)).body;
    expect((await a.api("POST", `/api/v1/communities/potager/posts/${kept.id}/remove`, undefined, moderator.token)).status).toBe(200);
    await waitFor(() => /Ignored Reject .* of '?https:\/\/www\.w3\.org\/ns\/activitystreams#Announce/.test(a.logs()), { message: "A logged NodeBB's Reject" });
    expect(a.logs()).not.toMatch(/Inbox handler failed/);

    // By now every announce reached olga and NodeBB alike: none of NodeBB's own activities was echoed to it.
    await waitFor(() => observer!.received.some((r) => (r.body.object as { type?: string })?.type === "Delete"), { message: "olga got the removal" });
    expect(nodebb.server.received.some((r) => r.body.type === "Announce" && (r.body.object as { type?: string })?.type === "Delete")).toBe(true);
    expect(nodebb.echoes()).toEqual([]);
    // NodeBB looks up the collections in `cc` as actors: they answer, never with a server error.
    const ccs = new Set(nodebb.server.received.flatMap((r) => [r.body.cc ?? []].flat() as string[]).filter((id) => id.startsWith(a.origin)));
    expect(ccs.size).toBeGreaterThan(0);
    for (const id of ccs) expect((await net.cluster.fetch(id, { headers: { Accept: 'application/ld+json;profile="https://www.w3.org/ns/activitystreams"' } })).status).toBeLessThan(500);
  }, 120_000);

  it("backfills a NodeBB category's earlier topics from its outbox of #activity ids", async () => {
    const [a] = net.instances as [Instance];
    nodebb ??= await startNodeBB(net.cluster);
    const topic = nodebb.topic(1, "Bienvenue au jardinage", "Présentez vos potagers.");
    const carole = await a.createUser("carole");
    // What NodeBB serves at the Announce's id is the post itself (the fragment never reaches the server).
    const announceId = `${topic.id}#activity/announce/cid/2`;
    expect(await (await net.cluster.fetch(announceId, { headers: AP })).json()).toMatchObject({ id: topic.id, type: "Article" });

    const before = nodebb.server.fetched.length;
    expect((await a.api("POST", "/api/v1/follows", { target: nodebb.category }, carole.token)).status).toBe(201);
    await waitFor(() => /Backfilled 1 of 1 outbox items/.test(a.logs()), { message: "A backfilled the category's topic" });
    const posts = (await a.api("GET", `/api/v1/communities/${encodeURIComponent(nodebb.category)}/posts`, undefined, carole.token)).body.items;
    expect(posts).toEqual([expect.objectContaining({ uri: topic.id, title: "Bienvenue au jardinage", local: false, inReplyTo: null })]);
    // The embedded Announce is read as served, not dereferenced again (which would answer the post); the post
    // itself is fetched once, from its own id, as every backfilled note is.
    expect(nodebb.server.fetched.slice(before).filter((path) => path === "/post/1")).toHaveLength(1);
  }, 120_000);
});
