// Deliveries about one object reach a server in the order they were made,
// even when the first one is refused and retried; and a receiver that gets a
// Delete before its Create (however that happens) keeps no copy. Two real
// instances; B sits behind a front proxy (its PUBLIC_URL) that can answer 503.
import SqliteDatabase from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";
import { freePorts } from "../harness/instance.ts";
import { startFrontProxy, type FrontProxy } from "./support/front-proxy.ts";
import { postToInbox, privateKeyOf } from "./support/signing.ts";

const [proxyPort] = await freePorts(1);
const PUBLIC = "https://www.w3.org/ns/activitystreams#Public";

async function followAndWait(follower: Instance, token: string, target: string): Promise<void> {
  expect((await follower.api("POST", "/api/v1/follows", { target }, token)).status).toBe(201);
  await waitFor(async () => (await follower.api("GET", "/api/v1/following", undefined, token)).body.items.some((f: { status: string }) => f.status === "accepted"), {
    message: "the follow was accepted",
    timeout: 40_000,
  });
}

/** Whether B keeps a tombstone for `uri` (read from its database: a wait condition, not an assertion). */
function tombstoned(instance: Instance, uri: string): boolean {
  const db = new SqliteDatabase(instance.databaseUrl.replace(/^sqlite:/, ""), { readonly: true });
  try {
    return db.prepare("select 1 from remote_tombstones where uri = ?").get(uri) != null;
  } finally {
    db.close();
  }
}

/** B's log line for a refused activity (LogTape quotes the values). */
function refusal(type: string, uri: string): RegExp {
  return new RegExp(`Refused '?${type}'? of '?${uri.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}`);
}

describe("delivery order between real instances", () => {
  const net = useInstances(2, { readyTimeoutMs: 60_000, env: (index) => (index === 1 ? { PUBLIC_URL: `https://127.0.0.1:${proxyPort}` } : {}) });
  let proxy: FrontProxy;
  beforeAll(async () => {
    proxy = await startFrontProxy(net.cluster.ca, proxyPort!, net.instances[1]!.port);
  });
  afterAll(async () => {
    await proxy?.close();
  });

  it("delivers a Create refused once with 503 before its Update and Delete, and the follower keeps no copy", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    const alice = await a.createUser("alice");
    const bob = await b.createUser("bob");
    await followAndWait(b, bob.token, a.handle("alice"));

    let refusedOnce = false;
    // Retry-After: 15 leaves the edit and the deletion ample time to overtake the Create, were they free to.
    proxy.refuseWhen((activity) => activity.type === "Create" && !refusedOnce && (refusedOnce = true), 15);
    const note = (await a.api("POST", "/api/v1/notes", { title: "Version 1", content: "Premier jet." }, alice.token)).body;
    await waitFor(() => proxy.refused.some((r) => r.object === note.uri), { message: "B's proxy refused the Create once", timeout: 40_000 });
    // While the Create waits for its retry, the author edits, then deletes.
    expect((await a.api("PATCH", `/api/v1/notes/${note.id}`, { title: "Version 2" }, alice.token)).status).toBe(200);
    expect((await a.api("DELETE", `/api/v1/notes/${note.id}`, undefined, alice.token)).status).toBe(204);

    await waitFor(() => proxy.delivered.some((d) => d.type === "Delete" && d.object === note.uri), { message: "the Delete reached B", timeout: 60_000 });
    expect(proxy.delivered.filter((d) => d.object === note.uri).map((d) => d.type)).toEqual(["Create", "Update", "Delete"]);
    const onB = await b.api("GET", `/api/v1/notes/by-uri?uri=${encodeURIComponent(note.uri)}`, undefined, bob.token);
    expect(onB.status).toBe(410);
  }, 240_000);

  it("keeps no copy of a note whose Delete arrived before its Create", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    const carol = await a.createUser("carol");
    const dave = await b.createUser("dave");
    await followAndWait(b, dave.token, a.handle("carol"));
    const carolUri = (await a.api("GET", "/api/v1/me", undefined, carol.token)).body.uri as string;
    const key = await privateKeyOf(a, carolUri);
    const inbox = `${proxy.origin}/inbox`;
    const article = (id: string, title: string) => ({
      id,
      type: "Article",
      attributedTo: carolUri,
      name: title,
      content: `<p>${title}</p>`,
      published: new Date().toISOString(),
      to: [PUBLIC],
      cc: [`${carolUri}/followers`],
    });
    const create = (id: string, title: string) =>
      JSON.stringify({ "@context": "https://www.w3.org/ns/activitystreams", id: `${id}#create`, type: "Create", actor: carolUri, to: [PUBLIC], cc: [`${carolUri}/followers`], object: article(id, title) });

    // As a sender whose Create was retried after its Delete would deliver them: Delete first.
    const zombie = `${a.origin}/notes/01kzombie0000000000000000`;
    const del = { "@context": "https://www.w3.org/ns/activitystreams", id: `${zombie}#delete`, type: "Delete", actor: carolUri, to: [PUBLIC], object: { id: zombie, type: "Tombstone" } };
    expect((await postToInbox(b, inbox, JSON.stringify(del), key, carolUri)).status).toBe(202);
    await waitFor(() => tombstoned(b, zombie), { message: "B handled the Delete", timeout: 30_000 });
    expect((await postToInbox(b, inbox, create(zombie, "Zombie"), key, carolUri)).status).toBe(202);
    // A note that was never deleted, sent the same way, is kept: the refusal is the tombstone's doing.
    const living = `${a.origin}/notes/01kliving0000000000000000`;
    expect((await postToInbox(b, inbox, create(living, "Vivante"), key, carolUri)).status).toBe(202);

    await waitFor(() => refusal("Create", zombie).test(b.logs()), { message: "B refused the late Create", timeout: 30_000 });
    const byUri = (uri: string) => b.api("GET", `/api/v1/notes/by-uri?uri=${encodeURIComponent(uri)}`, undefined, dave.token);
    await waitFor(async () => (await byUri(living)).status === 200, { message: "the living note reached B", timeout: 30_000 });
    expect((await byUri(zombie)).status).toBe(404);
    // Nor does a later Update bring it back (Lemmy sends edits of unknown posts as Updates).
    const update = JSON.stringify({ "@context": "https://www.w3.org/ns/activitystreams", id: `${zombie}#update-1`, type: "Update", actor: carolUri, to: [PUBLIC], object: { ...article(zombie, "Zombie 2"), updated: new Date(Date.now() + 1000).toISOString() } });
    expect((await postToInbox(b, inbox, update, key, carolUri)).status).toBe(202);
    await waitFor(() => refusal("Update", zombie).test(b.logs()), { message: "B refused the late Update", timeout: 30_000 });
    expect((await byUri(zombie)).status).toBe(404);
  }, 240_000);
});
