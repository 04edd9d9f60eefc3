// A community of a real instance as NodeBB 4 sees it, through a stand-in that
// reads and answers as NodeBB's source does (support/nodebb.ts): whole threads
// from `context` collections, a category's earlier topics backfilled from its
// outbox, no re-broadcast echoed back to the forum it came from, votes and
// their withdrawal passed on, and a forum's Reject and Dislike taken calmly.
import { afterAll, describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";
import { startNodeBB, type NodeBB } from "./support/nodebb.ts";

const AS = "https://www.w3.org/ns/activitystreams";
const PUBLIC = `${AS}#Public`;
const AP = { Accept: "application/activity+json" };

describe("a community seen from NodeBB", () => {
  const net = useInstances(1);
  let nodebb: NodeBB | null = null;
  afterAll(async () => {
    await nodebb?.close();
  });

  it("NodeBB reads a whole thread from its context collection, from the root or any reply", async () => {
    const [a] = net.instances as [Instance];
    nodebb ??= await startNodeBB(net.cluster);
    const alice = await a.createUser("alice");
    const bob = await a.createUser("bob");
    const root = (await a.api("POST", "/api/v1/notes", { title: "Compost d'hiver", content: "Que mettre au compost en hiver?" }, alice.token)).body;
    const reply = (await a.api("POST", "/api/v1/notes", { inReplyTo: root.uri, content: "Des feuilles mortes." }, bob.token)).body;
    const deeper = (await a.api("POST", "/api/v1/notes", { inReplyTo: reply.uri, content: "Et du carton brun." }, alice.token)).body;

    // Every note of the thread names the root's context collection, which NodeBB resolves as one.
    const context = `${root.uri}/context`;
    for (const note of [root, reply, deeper]) expect(await nodebb.contextOf(note.uri)).toBe(context);
    expect(await nodebb.contextItems(context)).toEqual([root.uri, reply.uri, deeper.uri]);

    // The replies collection lists bare IRIs too (Mastodon and NodeBB both read those).
    const replies = await (await a.fetch(`${root.uri}/replies`, { headers: AP })).json();
    const page = typeof replies.first === "string" ? await (await a.fetch(replies.first, { headers: AP })).json() : replies.first;
    expect([page.items ?? page.orderedItems].flat()).toEqual([reply.uri]);
  });
});
