import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import { upsertRemoteActor } from "../../src/domain/actors.ts";
import { createApiToken } from "../../src/domain/api-tokens.ts";
import { createApp } from "../../src/http/app.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { callApi } from "../helpers/api-client.ts";

let services: TestServices;
let app: ReturnType<typeof createApp>;
const tokens: Record<string, string> = {};
let community: { id: string; uri: string };
let thread: { id: string; uri: string };

function call(method: string, path: string, who: string | null, body?: unknown) {
  return callApi(app, who ? tokens[who]! : null, method, path, body);
}

beforeEach(async () => {
  services = await testServices();
  app = createApp(services);
  for (const handle of ["alice", "bob", "carol"]) {
    const { actor } = await createUser(services.db, services.config.publicUrl, { handle, password: "correct horse battery", isAdmin: false });
    tokens[handle] = await createApiToken(services.db, actor.id, "test");
  }
  ({ json: community } = await call("POST", "/communities", "alice", { handle: "jardins", name: "Jardins collectifs", languages: ["fr"] }));
  expect((await call("POST", "/follows", "bob", { target: "@jardins@test.example" })).json.status).toBe("accepted");
  ({ json: thread } = await call("POST", "/notes", "bob", { title: "Semis", content: "Quoi semer en octobre?", communities: ["jardins"] }));
  services.sent.length = 0;
});
afterEach(() => services.close());

describe("community moderation API", () => {
  it("answers 403 to non-moderators on every route, and sends nothing", async () => {
    const routes: [string, string, unknown?][] = [
      ["POST", `/communities/jardins/posts/${thread.id}/remove`],
      ["POST", `/communities/jardins/posts/${thread.id}/lock`, { locked: true }],
      ["POST", `/communities/jardins/posts/${thread.id}/pin`, { pinned: true }],
      ["POST", "/communities/jardins/bans", { actor: "@alice@test.example" }],
      ["DELETE", "/communities/jardins/bans?actor=bob"],
      ["POST", "/communities/jardins/moderators", { actor: "@carol@test.example" }],
      ["DELETE", "/communities/jardins/moderators?actor=alice"],
      ["PATCH", "/communities/jardins", { name: "Pris" }],
      ["GET", "/communities/jardins/moderation"],
    ];
    for (const [method, path, body] of routes) {
      for (const who of ["bob", "carol"]) expect({ method, path, who, status: (await call(method, path, who, body)).status }).toEqual({ method, path, who, status: 403 });
      expect((await call(method, path, null, body)).status).toBe(401);
    }
    expect(services.sent).toEqual([]);
  });

  it("removes, locks and pins posts of the community (404 for others, 400 without a boolean)", async () => {
    const { json: reply } = await call("POST", "/notes", "bob", { content: "De l'ail!", inReplyTo: thread.uri, communities: ["jardins"] });
    const locked = await call("POST", `/communities/jardins/posts/${thread.id}/lock`, "alice", { locked: true });
    expect(locked).toMatchObject({ status: 200, json: { noteId: thread.id, isThread: true, locked: true, pinned: false, removedAt: null } });
    expect((await call("POST", `/communities/jardins/posts/${thread.id}/pin`, "alice", { pinned: true })).json.pinned).toBe(true);
    expect((await call("POST", `/communities/jardins/posts/${thread.id}/pin`, "alice", {})).status).toBe(400);
    expect((await call("POST", `/communities/jardins/posts/${reply.id}/pin`, "alice", { pinned: true })).status).toBe(400);
    expect((await call("POST", "/communities/jardins/posts/nope/remove", "alice")).status).toBe(404);
    expect((await call("POST", `/communities/potagers/posts/${thread.id}/remove`, "alice")).status).toBe(404);

    const removed = await call("POST", `/communities/jardins/posts/${reply.id}/remove`, "alice");
    expect(removed).toMatchObject({ status: 200, json: { noteId: reply.id, isThread: false } });
    expect(removed.json.removedAt).toEqual(expect.any(String));
    expect((await call("GET", "/communities/jardins/posts", "bob")).json.items.map((n: { id: string }) => n.id)).toEqual([thread.id]);
    const queue = await call("GET", "/communities/jardins/moderation", "alice");
    expect(queue.json).toMatchObject({ requests: [], bans: [], removed: [{ isThread: false, note: { id: reply.id, content: "De l'ail!" } }] });

    const base = { communityId: community.id, moderatorId: expect.any(String) };
    expect(services.sent).toEqual([
      { type: "note-published", noteId: reply.id },
      { type: "community-post", communityId: community.id, noteId: reply.id },
      { type: "community-thread-locked", ...base, noteId: thread.id, locked: true },
      { type: "community-post-pinned", ...base, noteId: thread.id, pinned: true },
      { type: "community-post-removed", ...base, noteId: reply.id },
    ]);
  });

  it("bans a member: membership ends, posting is refused until the ban is lifted", async () => {
    const banned = await call("POST", "/communities/jardins/bans", "alice", { actor: "bob", reason: "Pourriel" });
    expect(banned).toMatchObject({ status: 201, json: { actor: { handle: "@bob@test.example" }, reason: "Pourriel" } });
    expect((await call("POST", "/communities/jardins/bans", "alice", { actor: "@bob@test.example" })).status).toBe(200);
    expect((await call("GET", "/communities/jardins", "bob")).json).toMatchObject({ member: false, membersCount: 1 });
    const refused = await call("POST", "/notes", "bob", { title: "Encore", content: "Revoilà.", communities: ["jardins"] });
    expect(refused).toMatchObject({ status: 403, json: { error: "forbidden" } });
    expect((await call("POST", "/follows", "bob", { target: "@jardins@test.example" })).status).toBe(403);
    expect((await call("GET", "/communities/jardins/moderation", "alice")).json.bans).toMatchObject([{ actor: { username: "bob" }, reason: null }]);
    expect((await call("POST", "/communities/jardins/bans", "alice", { actor: "alice" })).status).toBe(409);
    expect((await call("POST", "/communities/jardins/bans", "alice", {})).status).toBe(400);

    expect((await call("DELETE", "/communities/jardins/bans?actor=bob", "alice")).status).toBe(204);
    expect((await call("DELETE", "/communities/jardins/bans", "alice", { actor: "bob" })).status).toBe(404);
    expect((await call("POST", "/notes", "bob", { title: "Retour", content: "Merci.", communities: ["jardins"] })).status).toBe(201);
    expect((await call("POST", "/follows", "bob", { target: "@jardins@test.example" })).status).toBe(201);

    const bob = banned.json.actor.id;
    expect(services.sent.filter((i) => i.type === "community-member-banned")).toEqual([
      { type: "community-member-banned", communityId: community.id, actorId: bob, banned: true, moderatorId: expect.any(String), reason: "Pourriel" },
      { type: "community-member-banned", communityId: community.id, actorId: bob, banned: false, moderatorId: expect.any(String), reason: null },
    ]);
  });

  it("bans and promotes remote actors given by URL", async () => {
    const zoe = await upsertRemoteActor(services.db, {
      uri: "https://ailleurs.example/users/zoe",
      type: "Person",
      username: "zoe",
      domain: "ailleurs.example",
      name: "Zoé",
      summary: null,
      iconUrl: null,
      url: null,
      inboxUrl: "https://ailleurs.example/users/zoe/inbox",
      sharedInboxUrl: null,
      outboxUrl: null,
      followersUrl: null,
      followingUrl: null,
      manuallyApprovesFollowers: false,
      fields: { interests: [], region: null, standpoint: null, links: [] },
    });
    const added = await call("POST", "/communities/jardins/moderators", "alice", { actor: zoe.uri });
    expect(added.status).toBe(201);
    expect(added.json.moderators.map((m: { handle: string }) => m.handle)).toEqual(["@alice@test.example", "@zoe@ailleurs.example"]);
    expect((await call("DELETE", `/communities/jardins/moderators?actor=${encodeURIComponent(zoe.uri)}`, "alice")).status).toBe(204);
    expect((await call("POST", "/communities/jardins/bans", "alice", { actor: zoe.uri })).status).toBe(201);
    expect(services.sent.map((i) => i.type)).toEqual(["community-moderators-changed", "community-moderators-changed", "community-member-banned"]);
  });

  it("adds and removes moderators and keeps at least one (409)", async () => {
    const added = await call("POST", "/communities/jardins/moderators", "alice", { actor: "@bob@test.example" });
    expect(added.status).toBe(201);
    expect((await call("POST", "/communities/jardins/moderators", "alice", { actor: "bob" })).status).toBe(200);
    expect((await call("DELETE", "/communities/jardins/moderators?actor=alice", "bob")).status).toBe(204);
    expect((await call("DELETE", "/communities/jardins/moderators?actor=bob", "bob")).json).toMatchObject({ error: "conflict" });
    expect((await call("DELETE", "/communities/jardins/moderators?actor=carol", "bob")).status).toBe(404);
    expect((await call("GET", "/communities/jardins", "carol")).json.moderators.map((m: { username: string }) => m.username)).toEqual(["bob"]);
    // The former moderator lost the moderator's routes.
    expect((await call("GET", "/communities/jardins/moderation", "alice")).status).toBe(403);
    expect(services.sent.map((i) => i.type === "community-moderators-changed" && [i.added, i.actorId === added.json.moderators[1].id])).toEqual([
      [true, true],
      [false, false],
    ]);
  });

  it("edits the community's profile and settings (PATCH), sending community-updated", async () => {
    const patched = await call("PATCH", "/communities/jardins", "alice", {
      name: "Jardins partagés",
      summary: "Entraide",
      rules: "Pas de pesticides.",
      languages: ["fr", "en"],
      topics: ["Laurentides"],
      postingRestrictedToMods: true,
      iconUrl: "https://test.example/media/icone.png",
    });
    expect(patched).toMatchObject({
      status: 200,
      json: {
        name: "Jardins partagés",
        summary: "Entraide",
        iconUrl: "https://test.example/media/icone.png",
        rules: "Pas de pesticides.",
        languages: ["fr", "en"],
        topics: ["Laurentides"],
        postingRestrictedToMods: true,
        moderator: true,
      },
    });
    expect((await call("PATCH", "/communities/jardins", "alice", { languages: "fr", visibility: "private" })).json).toMatchObject({ error: "invalid", message: expect.stringContaining("visibility") });
    expect((await call("POST", "/notes", "bob", { title: "Fil", content: "Un fil.", communities: ["jardins"] })).status).toBe(403);
    expect(services.sent).toEqual([{ type: "community-updated", communityId: community.id }]);
  });

  it("queues the pending join requests of a private community", async () => {
    await call("POST", "/communities", "alice", { handle: "cercle", visibility: "private" });
    expect((await call("POST", "/follows", "carol", { target: "@cercle@test.example" })).json.status).toBe("pending");
    const queue = await call("GET", "/communities/cercle/moderation", "alice");
    expect(queue.json).toMatchObject({ requests: [{ status: "pending", actor: { username: "carol" } }], removed: [], bans: [] });
  });
});
