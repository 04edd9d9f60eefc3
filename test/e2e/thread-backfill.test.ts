// A thread is whole wherever it is read: C keeps A's note because someone
// there follows its author, but B's reply to it reaches only A (its parent's
// author). Reading the thread on C completes it from A's context and replies
// collections, fetching B's reply from B; reading it again within ten minutes
// fetches nothing.
import { describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";

const byUri = (uri: string) => `/api/v1/notes/by-uri?uri=${encodeURIComponent(uri)}`;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("thread backfill across instances", () => {
  const net = useInstances(3, { names: ["Instance A", "Instance B", "Instance C"] });

  it("C completes a thread of A with a reply from B that was never delivered to C", async () => {
    const [a, b, c] = net.instances as [Instance, Instance, Instance];
    const [alice, bob, carol] = await Promise.all([a.createUser("alice"), b.createUser("bob"), c.createUser("carol")]);

    // Carol on C follows alice on A, so C keeps what alice publishes.
    expect((await c.api("POST", "/api/v1/follows", { target: a.handle("alice") }, carol.token)).status).toBe(201);
    await waitFor(async () => (await c.api("GET", "/api/v1/following", undefined, carol.token)).body.items[0]?.status === "accepted", {
      message: "A accepted carol's follow",
    });
    const note = (await a.api("POST", "/api/v1/notes", { title: "Jardins partagés", content: "Qui a un bac libre ce printemps?" }, alice.token)).body;
    await waitFor(async () => (await c.api("GET", byUri(note.uri), undefined, carol.token)).status === 200, { message: "C received the note" });

    // Bob on B finds the note and answers it: the reply goes to alice on A, not to C.
    expect((await b.api("GET", `/api/v1/search?q=${encodeURIComponent(note.uri)}`, undefined, bob.token)).status).toBe(200);
    const reply = (await b.api("POST", "/api/v1/notes", { inReplyTo: note.uri, content: "Oui, au jardin de la rue Cartier." }, bob.token)).body;
    expect(reply.inReplyTo).toBe(note.uri);
    await waitFor(async () => (await a.api("GET", byUri(reply.uri), undefined, alice.token)).status === 200, { message: "A received the reply" });
    expect((await c.api("GET", byUri(reply.uri), undefined, carol.token)).status).toBe(404);

    // Reading the thread on C brings the reply in, fetched from B.
    const thread = await c.api("GET", `/api/v1/notes/by-uri/thread?uri=${encodeURIComponent(note.uri)}`, undefined, carol.token);
    expect(thread.status).toBe(200);
    expect(thread.body.root).toMatchObject({ uri: note.uri, local: false });
    expect(thread.body.replies).toEqual([expect.objectContaining({ uri: reply.uri, inReplyTo: note.uri, local: false, authors: [expect.objectContaining({ handle: b.handle("bob") })] })]);
    expect((await c.api("GET", byUri(reply.uri), undefined, carol.token)).status).toBe(200);
    const backfills = () => c.logs().match(new RegExp(`Backfilled thread '?${escape(note.uri)}'?`, "g"))?.length ?? 0;
    expect(backfills()).toBe(1);

    // Again, by its local id: answered from C's database, nothing fetched.
    const again = await c.api("GET", `/api/v1/notes/${thread.body.root.id}/thread`, undefined, carol.token);
    expect(again.status).toBe(200);
    expect(again.body.replies.map((r: { uri: string }) => r.uri)).toEqual([reply.uri]);
    expect(backfills()).toBe(1);
  });
});
