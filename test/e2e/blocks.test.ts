// Blocks and limits between two real instances over signed HTTP:
// - A's administrator blocks B's instance: B's Create, Follow and Like are
//   refused by A, B's content already on A is hidden from A's pages and API,
//   unblocking shows it again, and a purge deletes it for good;
// - a member of A blocks a person on B: B receives a Mastodon-shaped `Block`
//   and removes the follows between them, both ways.
import { describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";

/** An instance's log with LogTape's quotes around values removed. */
const logsOf = (instance: Instance) => instance.logs().replace(/["']/g, "");
const byUri = (uri: string) => `/api/v1/notes/by-uri?uri=${encodeURIComponent(uri)}`;
const handles = (items: { actor: { handle: string } }[]) => items.map((f) => f.actor.handle).sort();

describe("blocks and limits across instances", () => {
  const net = useInstances(2, { names: ["Régional A", "Sectoriel B"] });

  it("an instance blocked by A's administrator is refused (Create, Follow, Like) and its content hidden until unblocked, then purged", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    const [admin, alice, bea, bruno] = await Promise.all([a.createUser("gestion", { admin: true }), a.createUser("alice"), b.createUser("bea"), b.createUser("bruno")]);

    // Alice and Bea follow each other; Bea's note reaches A.
    expect((await a.api("POST", "/api/v1/follows", { target: b.handle("bea") }, alice.token)).status).toBe(201);
    expect((await b.api("POST", "/api/v1/follows", { target: a.handle("alice") }, bea.token)).status).toBe(201);
    for (const [instance, user] of [[a, alice], [b, bea]] as const) {
      await waitFor(async () => (await instance.api("GET", "/api/v1/following", undefined, user.token)).body.items[0]?.status === "accepted", {
        message: `${instance.name}'s follow was accepted`,
      });
    }
    const before = (await b.api("POST", "/api/v1/notes", { title: "Jardins de Sectoriel", content: "Avant le blocage." }, bea.token)).body;
    await waitFor(async () => (await a.api("GET", byUri(before.uri), undefined, alice.token)).status === 200, { message: "Bea's note reached A" });
    const aliceNote = (await a.api("POST", "/api/v1/notes", { title: "Note d'Alice", content: "À aimer." }, alice.token)).body;
    const aliceNoteOnB = await waitFor(async () => {
      const found = await b.api("GET", byUri(aliceNote.uri), undefined, bea.token);
      return found.status === 200 ? found.body : null;
    }, { message: "Alice's note reached B" });
    expect((await a.fetch("/notes")).status).toBe(200);
    expect(await (await a.fetch("/notes")).text()).toContain("Jardins de Sectoriel");

    // Only administrators, and only valid policies.
    const path = `/api/v1/admin/instances/${encodeURIComponent(b.host)}`;
    expect((await a.api("POST", path, { policy: "block" }, alice.token)).status).toBe(403);
    expect((await a.api("GET", "/api/v1/admin/policies", undefined, alice.token)).status).toBe(403);
    expect((await a.api("POST", path, { policy: "bannir" }, admin.token)).status).toBe(400);
    expect((await a.api("POST", `/api/v1/admin/instances/${encodeURIComponent(b.host)}/purge`, undefined, admin.token)).status).toBe(409);

    const blocked = await a.api("POST", path, { policy: "block", reason: "Pourriel en série" }, admin.token);
    expect(blocked.status).toBe(200);
    expect(blocked.body).toMatchObject({ type: "instance", target: b.host, policy: "block", reason: "Pourriel en série" });
    expect((await a.api("GET", "/api/v1/admin/policies", undefined, admin.token)).body.items).toEqual([
      expect.objectContaining({ type: "instance", target: b.host, policy: "block", reason: "Pourriel en série" }),
    ]);

    // B's content already on A is hidden from A's API and pages.
    expect((await a.api("GET", byUri(before.uri), undefined, alice.token)).status).toBe(404);
    const listed = (await a.api("GET", "/api/v1/notes", undefined, alice.token)).body.items.map((n: { uri: string }) => n.uri);
    expect(listed).toContain(aliceNote.uri);
    expect(listed).not.toContain(before.uri);
    expect(await (await a.fetch("/notes")).text()).not.toContain("Jardins de Sectoriel");

    // B's Create, Like and Follow are refused at A's inboxes.
    const refusedBefore = (logsOf(a).match(new RegExp(`Refused POST \\S+ signed by a key on ${b.host.replace(/\./g, "\\.")}`, "g")) ?? []).length;
    const after = (await b.api("POST", "/api/v1/notes", { title: "Pendant le blocage", content: "Refusée." }, bea.token)).body;
    expect((await b.api("POST", `/api/v1/notes/${aliceNoteOnB.id}/like`, undefined, bea.token)).status).toBeLessThan(300);
    expect((await b.api("POST", "/api/v1/follows", { target: a.handle("alice") }, bruno.token)).status).toBe(201);
    await waitFor(() => (logsOf(a).match(new RegExp(`Refused POST \\S+ signed by a key on ${b.host.replace(/\./g, "\\.")}`, "g")) ?? []).length >= refusedBefore + 3, {
      message: "A refused B's Create, Like and Follow",
    });
    expect((await a.api("GET", byUri(after.uri), undefined, alice.token)).status).toBe(404);
    expect((await a.api("GET", `/api/v1/notes/${aliceNote.id}`, undefined, alice.token)).body.likesCount).toBe(0);
    expect(handles((await a.api("GET", "/api/v1/followers", undefined, alice.token)).body.items)).toEqual([`@bea@${b.host}`]);
    expect((await b.api("GET", "/api/v1/following", undefined, bruno.token)).body.items).toEqual([]);

    // Unblocking shows what was hidden again.
    const lifted = await a.api("POST", path, { policy: "none" }, admin.token);
    expect(lifted.body).toMatchObject({ target: b.host, policy: "none" });
    expect((await a.api("GET", byUri(before.uri), undefined, alice.token)).status).toBe(200);
    expect((await a.api("GET", "/api/v1/notes", undefined, alice.token)).body.items.map((n: { uri: string }) => n.uri)).toContain(before.uri);
    expect(await (await a.fetch("/notes")).text()).toContain("Jardins de Sectoriel");
    expect((await a.api("GET", "/api/v1/admin/policies", undefined, admin.token)).body.items).toEqual([]);

    // A purge (of a blocked instance only) deletes it for good: unblocking no longer brings it back.
    expect((await a.api("POST", path, { policy: "block" }, admin.token)).status).toBe(200);
    const purge = await a.api("POST", `${path}/purge`, undefined, admin.token);
    expect(purge.status).toBe(200);
    expect(purge.body).toMatchObject({ host: b.host, notes: 1 });
    expect((await a.api("POST", path, { policy: "none" }, admin.token)).status).toBe(200);
    expect((await a.api("GET", byUri(before.uri), undefined, alice.token)).status).toBe(410);
  }, 180_000);

  it("a member of A blocks a person on B: B receives the Block and removes the follows both ways; unblocking sends Undo(Block)", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    const [carl, dina] = await Promise.all([a.createUser("carl"), b.createUser("dina")]);
    expect((await a.api("POST", "/api/v1/follows", { target: b.handle("dina") }, carl.token)).status).toBe(201);
    expect((await b.api("POST", "/api/v1/follows", { target: a.handle("carl") }, dina.token)).status).toBe(201);
    for (const [instance, user] of [[a, carl], [b, dina]] as const) {
      await waitFor(async () => (await instance.api("GET", "/api/v1/following", undefined, user.token)).body.items[0]?.status === "accepted", {
        message: `${instance.name}'s follow was accepted`,
      });
    }
    expect(handles((await b.api("GET", "/api/v1/followers", undefined, dina.token)).body.items)).toEqual([`@carl@${a.host}`]);

    // Bad input first: nothing stored.
    expect((await a.api("POST", "/api/v1/blocks", { target: b.handle("dina"), kind: "ignore" }, carl.token)).status).toBe(400);
    expect((await a.api("POST", "/api/v1/blocks", { target: 12 }, carl.token)).status).toBe(400);
    expect((await a.api("POST", "/api/v1/blocks", { target: a.handle("carl") }, carl.token)).status).toBe(400);
    expect((await a.api("GET", "/api/v1/blocks", undefined, carl.token)).body.items).toEqual([]);

    const block = await a.api("POST", "/api/v1/blocks", { target: b.handle("dina"), kind: "block" }, carl.token);
    expect(block.status).toBe(201);
    expect(block.body).toMatchObject({ kind: "block", actor: { handle: `@dina@${b.host}` }, domain: null });
    // A: both follows gone at once. B: once the Block (and the Reject / Undo) arrive.
    expect((await a.api("GET", "/api/v1/following", undefined, carl.token)).body.items).toEqual([]);
    expect((await a.api("GET", "/api/v1/followers", undefined, carl.token)).body.items).toEqual([]);
    await waitFor(async () => (await b.api("GET", "/api/v1/following", undefined, dina.token)).body.items.length === 0, { message: "B removed Dina's follow of Carl" });
    await waitFor(async () => (await b.api("GET", "/api/v1/followers", undefined, dina.token)).body.items.length === 0, { message: "B removed Carl's follow of Dina" });
    // B understood the Block itself (Mastodon sends Undo(Follow) and Reject as well, and so do we).
    await waitFor(() => new RegExp(`${a.origin}/actors/\\S+ blocked ${b.origin}/actors/`).test(logsOf(b)), { message: "B handled the Block" });

    // Dina cannot follow Carl again while blocked: A refuses the Follow (Reject), so it never becomes accepted.
    expect((await b.api("POST", "/api/v1/follows", { target: a.handle("carl") }, dina.token)).status).toBe(201);
    await waitFor(() => new RegExp(`Rejected Follow \\S+ of ${a.origin}/actors/\\S+ by ${b.origin}/actors/`).test(logsOf(a)), { message: "A rejected Dina's new follow" });
    expect((await b.api("GET", "/api/v1/following", undefined, dina.token)).body.items).toEqual([]);
    expect((await a.api("GET", "/api/v1/followers", undefined, carl.token)).body.items).toEqual([]);

    expect((await a.api("GET", "/api/v1/blocks", undefined, carl.token)).body.items).toMatchObject([{ id: block.body.id, kind: "block" }]);
    expect((await a.api("DELETE", `/api/v1/blocks?target=${encodeURIComponent(b.handle("dina"))}`, undefined, carl.token)).status).toBe(204);
    expect((await a.api("DELETE", `/api/v1/blocks/${block.body.id}`, undefined, carl.token)).status).toBe(404);
    await waitFor(() => new RegExp(`${a.origin}/actors/\\S+ no longer blocks ${b.origin}/actors/`).test(logsOf(b)), { message: "B received the Undo(Block)" });
    // Unblocked, Carl may follow Dina again.
    expect((await a.api("POST", "/api/v1/follows", { target: b.handle("dina") }, carl.token)).status).toBe(201);
    await waitFor(async () => (await a.api("GET", "/api/v1/following", undefined, carl.token)).body.items[0]?.status === "accepted", { message: "Carl follows Dina again" });
  }, 180_000);

  it("a remote account limited by A's administrator must be approved to follow; blocked, its signed requests are refused", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    const [admin, emma, eve] = await Promise.all([a.createUser("gestion2", { admin: true }), a.createUser("emma"), b.createUser("eve")]);
    const account = `/api/v1/admin/accounts/${encodeURIComponent(b.handle("eve"))}`;
    expect((await a.api("POST", account, { policy: "limit" }, emma.token)).status).toBe(403);
    expect((await a.api("POST", account, { policy: "limit", reason: "Sollicitations répétées" }, admin.token)).body).toMatchObject({
      type: "account",
      handle: `@eve@${b.host}`,
      policy: "limit",
    });

    // Emma's account is public, yet Eve's follow waits for her approval.
    expect((await b.api("POST", "/api/v1/follows", { target: a.handle("emma") }, eve.token)).status).toBe(201);
    const requests = await waitFor(async () => {
      const pending = (await a.api("GET", "/api/v1/follow_requests", undefined, emma.token)).body.items;
      return pending.length === 1 ? pending : null;
    }, { message: "Eve's follow waits for approval on A" });
    expect(requests[0].actor.handle).toBe(`@eve@${b.host}`);
    expect((await a.api("GET", "/api/v1/followers", undefined, emma.token)).body.items).toEqual([]);

    // Blocked: the pending follow is gone, and whatever Eve signs is refused at A's door.
    expect((await a.api("POST", account, { policy: "block" }, admin.token)).body).toMatchObject({ policy: "block" });
    expect((await a.api("GET", "/api/v1/follow_requests", undefined, emma.token)).body.items).toEqual([]);
    expect((await b.api("DELETE", `/api/v1/follows?target=${encodeURIComponent(a.handle("emma"))}`, undefined, eve.token)).status).toBe(204);
    await waitFor(() => new RegExp(`Refused POST \\S+ signed by ${b.origin}/actors/\\S+: the account is blocked`).test(logsOf(a)), { message: "A refused Eve's Undo" });
    const log = (await a.api("GET", "/api/v1/admin/policies", undefined, admin.token)).body.items;
    expect(log).toEqual([expect.objectContaining({ type: "account", handle: `@eve@${b.host}`, policy: "block", reason: null })]);
  }, 180_000);
});
