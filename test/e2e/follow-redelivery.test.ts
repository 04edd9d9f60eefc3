// A Follow delivered again (a retry that crossed our answer, a copy to the
// personal inbox beside the shared one) is answered once; a new Follow of the
// same person (their server lost track) is answered once more, as Mastodon does.
import SqliteDatabase from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";
import { startFakeServer, type FakeServer } from "./support/fake-server.ts";
import { acceptsReceived, followActivity, standInPerson } from "./support/stand-in-follower.ts";

/** Nothing left in the instance's queue: every activity received was handled and every answer delivered. */
function queueIsEmpty(instance: Instance): boolean {
  const db = new SqliteDatabase(instance.databaseUrl.replace(/^sqlite:/, ""), { readonly: true });
  try {
    return (db.prepare("select count(*) as n from fedify_queue").get() as { n: number }).n === 0;
  } finally {
    db.close();
  }
}

describe("a Follow delivered again", () => {
  const net = useInstances(1, { readyTimeoutMs: 60_000 });
  let remote: FakeServer | null = null;
  afterAll(async () => {
    await remote?.close();
  });

  it("is answered with one Accept; a new Follow by the same person with one more", async () => {
    const [a] = net.instances as [Instance];
    const alice = await a.createUser("alice");
    const aliceUri = (await a.api("GET", "/api/v1/me", undefined, alice.token)).body.uri as string;
    remote = await startFakeServer(net.cluster, "refollower");
    const actor = standInPerson(remote, "someone");
    const first = followActivity(`${actor}#follows/1`, actor, aliceUri);

    // Three copies at once, as a sender retrying a slow answer does, to the shared inbox and to alice's own
    // (each handled before any of them is marked as processed).
    const copies = await Promise.all([`${a.origin}/inbox`, `${a.origin}/inbox`, `${aliceUri}/inbox`].map((inbox) => remote!.post(inbox, actor, first)));
    expect(copies.map((r) => r.status)).toEqual([202, 202, 202]);
    await waitFor(() => acceptsReceived(remote!).length >= 1, { timeout: 60_000, message: "the Follow was accepted" });
    await waitFor(() => queueIsEmpty(a), { timeout: 60_000, message: "A handled the copies" });
    // And once more, later.
    expect((await remote.post(`${aliceUri}/inbox`, actor, first)).status).toBe(202);
    await waitFor(() => queueIsEmpty(a), { timeout: 60_000, message: "A handled the redelivery" });
    expect(acceptsReceived(remote)).toEqual([first.id]);
    expect((await a.api("GET", "/api/v1/followers", undefined, alice.token)).body.total).toBe(1);

    // A new Follow of the same person: their server waits for an answer to it.
    const second = followActivity(`${actor}#follows/2`, actor, aliceUri);
    expect((await remote.post(`${a.origin}/inbox`, actor, second)).status).toBe(202);
    await waitFor(() => acceptsReceived(remote!).length === 2, { timeout: 60_000, message: "the new Follow was accepted" });
    expect((await remote.post(`${aliceUri}/inbox`, actor, second)).status).toBe(202);
    await waitFor(() => queueIsEmpty(a), { timeout: 60_000, message: "A handled the redelivery" });
    expect(acceptsReceived(remote)).toEqual([first.id, second.id]);
    expect((await a.api("GET", "/api/v1/followers", undefined, alice.token)).body.total).toBe(1);
  }, 180_000);
});
