// Lemmy-shaped activities from the shared fixtures (Follow, a Page, a Note
// comment, Like, Undo), sent by a stand-in Lemmy server to a community on a
// real instance, are handled as Lemmy intends: the follow is accepted, the
// post and comment are filed in the community, the thread boosted (never Lemmy's own
// activities echoed back to it), votes counted.
import { afterAll, describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";
import { loadFixture } from "../helpers/fixtures.ts";
import { rewrite, startFakeServer, type FakeServer } from "./support/fake-server.ts";

describe("Lemmy fixtures against a community", () => {
  const net = useInstances(1);
  let lemmy: FakeServer | null = null;
  afterAll(async () => {
    await lemmy?.close();
  });

  it("accepts the Follow, files the Page and the comment in the community, announces them, and counts the votes", async () => {
    const [a] = net.instances as [Instance];
    lemmy = await startFakeServer(net.cluster, "lemmy");
    const moderator = await a.createUser("moderateur");
    const community = (await a.api("POST", "/api/v1/communities", { handle: "main", name: "Main", visibility: "public" }, moderator.token)).body;
    const hosts = {
      "http://ds9.lemmy.ml": lemmy.origin,
      "https://enterprise.lemmy.ml/c/main": community.uri,
      "http://enterprise.lemmy.ml/c/main": community.uri,
      "https://enterprise.lemmy.ml/c/tenforward": community.uri,
    };
    const actor = `${lemmy.origin}/u/lemmy_alpha`;
    const person = rewrite(loadFixture("lemmy/objects/person.json"), { "https://enterprise.lemmy.ml": lemmy.origin, "https://ds9.lemmy.ml": lemmy.origin });
    lemmy.documents.set("/u/lemmy_alpha", {
      ...person,
      id: actor,
      inbox: `${actor}/inbox`,
      outbox: `${actor}/outbox`,
      preferredUsername: "lemmy_alpha",
      endpoints: { sharedInbox: `${lemmy.origin}/inbox` },
      publicKey: { id: `${actor}#main-key`, owner: actor, publicKeyPem: lemmy.publicKeyPem },
    });
    const inbox = `${community.uri}/inbox`;

    // Follow: accepted at once (public community), as Lemmy expects.
    const follow = rewrite(loadFixture("lemmy/activities/following/follow.json"), hosts);
    expect((await lemmy.post(inbox, actor, follow)).status).toBe(202);
    await waitFor(() => lemmy!.received.some((r) => r.body.type === "Accept"), { message: "the Accept reached Lemmy" });
    const accept = lemmy.received.find((r) => r.body.type === "Accept")!.body;
    const acceptedFollow = accept.object as string | { id: string };
    expect(typeof acceptedFollow === "string" ? acceptedFollow : acceptedFollow.id).toBe(follow.id);

    // The post (a Page addressed to the community, sent as Lemmy sends edits: an Update).
    const update = rewrite(loadFixture("lemmy/activities/create_or_update/update_page.json"), hosts) as Record<string, any>;
    lemmy.documents.set("/post/1", update.object);
    expect((await lemmy.post(inbox, actor, update)).status).toBe(202);
    const comment = rewrite(loadFixture("lemmy/activities/create_or_update/create_comment.json"), hosts) as Record<string, any>;
    lemmy.documents.set("/comment/1", comment.object);
    expect((await lemmy.post(inbox, actor, comment)).status).toBe(202);

    const posts = await waitFor(async () => {
      const list = await a.api("GET", "/api/v1/communities/main/posts", undefined, moderator.token);
      return list.body.items.length === 2 ? list.body.items : null;
    }, { message: "the post and the comment were filed in the community" });
    expect(posts[0]).toMatchObject({ uri: update.object.id, title: "test post 1", local: false });
    expect(posts[1]).toMatchObject({ uri: comment.object.id, inReplyTo: update.object.id });

    // Re-announced to the community's followers, but never to the server the activities come from (Lemmy
    // itself here, which has them already): it gets only the Page boosted as a thread.
    const announcedIds = () =>
      lemmy!.received.filter((r) => r.body.type === "Announce").map((r) => r.body.object).map((o) => (typeof o === "string" ? o : (o as { id?: string }).id));
    await waitFor(() => announcedIds().includes(update.object.id), { message: "the community boosted the thread" });
    const bareComment = lemmy.received.filter((r) => r.body.type === "Announce" && r.body.object === comment.object.id);
    expect(bareComment).toEqual([]);

    // Votes: Like counted, Undo(Like) uncounted.
    const like = rewrite(loadFixture("lemmy/activities/voting/like_note.json"), hosts);
    expect((await lemmy.post(inbox, actor, like)).status).toBe(202);
    const byUri = `/api/v1/notes/by-uri?uri=${encodeURIComponent(comment.object.id)}`;
    await waitFor(async () => (await a.api("GET", byUri, undefined, moderator.token)).body.likesCount === 1, { message: "the Like was counted" });
    const undo = rewrite(loadFixture("lemmy/activities/voting/undo_like_note.json"), hosts) as Record<string, any>;
    undo.object.id = like.id; // the fixture's Undo names another Like of the same comment
    expect((await lemmy.post(inbox, actor, undo)).status).toBe(202);
    await waitFor(async () => (await a.api("GET", byUri, undefined, moderator.token)).body.likesCount === 0, { message: "the Undo was applied" });
    expect(announcedIds().filter((id) => [update.id, comment.id, like.id, undo.id].includes(id))).toEqual([]);
  });
});
