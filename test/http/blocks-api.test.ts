// Blocks and limits through the JSON API, in process: members' blocks and
// mutes, administrators' limits, blocks and purges, with their 401s, 403s and
// clear 400s for bad input (nothing stored, never a 500).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Hono } from "hono";
import { createUser } from "../../src/domain/accounts.ts";
import { EMPTY_PROFILE, findActorByHandle, findActorByUri, upsertRemoteActor } from "../../src/domain/actors.ts";
import type { ActorDirectory } from "../../src/domain/directory.ts";
import { parseHandle } from "../../src/domain/handles.ts";
import { createApiToken } from "../../src/domain/api-tokens.ts";
import { moderationLog } from "../../src/domain/moderation-log.ts";
import { createApp } from "../../src/http/app.ts";
import type { AppEnv } from "../../src/http/env.ts";
import { callApi } from "../helpers/api-client.ts";
import { testServices, type TestServices } from "../helpers/services.ts";

let services: TestServices;
let app: Hono<AppEnv>;
const tokens: Record<string, string> = {};

function call(method: string, path: string, who: string | null, body?: unknown) {
  return callApi(app, who ? tokens[who]! : null, method, path, body);
}

beforeEach(async () => {
  const base = await testServices();
  // A directory that knows what the database holds, remote handles included, and finds nobody else.
  const directory: ActorDirectory = {
    resolve: async (query) => {
      const handle = parseHandle(query);
      return (handle ? await findActorByHandle(base.db, handle.username, handle.host) : await findActorByUri(base.db, query)) ?? null;
    },
  };
  services = Object.assign(base, { directory });
  app = createApp(services);
  for (const [handle, isAdmin] of [["gestion", true], ["membre", false], ["autre", false]] as const) {
    const { actor } = await createUser(services.db, services.config.publicUrl, { handle, password: "correct horse battery", isAdmin });
    tokens[handle] = await createApiToken(services.db, actor.id, "test");
  }
  await upsertRemoteActor(services.db, {
    uri: "https://b.example/users/bea",
    type: "Person",
    username: "bea",
    domain: "b.example",
    name: null,
    summary: null,
    iconUrl: null,
    url: null,
    inboxUrl: "https://b.example/users/bea/inbox",
    sharedInboxUrl: "https://b.example/inbox",
    outboxUrl: null,
    followersUrl: null,
    followingUrl: null,
    manuallyApprovesFollowers: false,
    fields: EMPTY_PROFILE,
  });
});
afterEach(() => services.close());

describe("members' blocks and mutes API", () => {
  it("blocks, mutes, lists and lifts, by handle, URL or domain; each member sees only their own", async () => {
    expect((await call("GET", "/blocks", null)).status).toBe(401);
    const block = await call("POST", "/blocks", "membre", { target: "@bea@b.example", kind: "block" });
    expect(block.status).toBe(201);
    expect(block.json).toMatchObject({ kind: "block", actor: { handle: "@bea@b.example", local: false }, domain: null });
    expect(services.sent).toMatchObject([{ type: "member-blocked", targetId: block.json.actor.id, blocked: true }]);
    // Once more as a mute: the same entry, now a mute, and the Block is undone.
    const mute = await call("POST", "/blocks", "membre", { target: "https://b.example/users/bea", kind: "mute" });
    expect(mute.status).toBe(200);
    expect(mute.json).toMatchObject({ id: block.json.id, kind: "mute" });
    expect(services.sent.at(-1)).toMatchObject({ type: "member-blocked", blocked: false });
    const domain = await call("POST", "/blocks", "membre", { target: "autre.example", kind: "mute" });
    expect(domain.json).toMatchObject({ kind: "mute", actor: null, domain: "autre.example" });
    // A bare name is someone of this instance; the default kind is block.
    expect((await call("POST", "/blocks", "membre", { target: "autre" })).json).toMatchObject({ kind: "block", actor: { handle: "@autre@test.example" } });
    expect((await call("GET", "/blocks", "membre")).json.items.map((b: { kind: string; domain: string | null }) => [b.kind, b.domain])).toEqual([
      ["block", null],
      ["mute", "autre.example"],
      ["mute", null],
    ]);
    expect((await call("GET", "/blocks", "autre")).json.items).toEqual([]);
    // Someone else's block cannot be lifted by id.
    expect((await call("DELETE", `/blocks/${domain.json.id}`, "autre")).status).toBe(404);
    expect((await call("DELETE", `/blocks/${domain.json.id}`, "membre")).status).toBe(204);
    expect((await call("DELETE", "/blocks?target=@bea@b.example", "membre")).status).toBe(204);
    expect((await call("DELETE", "/blocks", "membre", { target: "@bea@b.example" })).status).toBe(404);
  });

  it("answers bad input with a clear 4xx and stores nothing", async () => {
    for (const body of [{}, { target: 7 }, { target: "" }, { target: "@bea@b.example", kind: "ignore" }, { target: "x".repeat(501) }, { target: "membre" }, { target: "test.example", kind: "mute" }]) {
      const answer = await call("POST", "/blocks", "membre", body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.json.message).toEqual(expect.any(String));
    }
    expect((await call("POST", "/blocks", "membre", { target: "@personne@b.example" })).status).toBe(404);
    expect((await call("DELETE", "/blocks/%2E%2E", "membre")).status).toBe(404);
    expect((await callApi(app, tokens.membre!, "POST", "/blocks", undefined)).status).toBe(400);
    expect((await call("GET", "/blocks", "membre")).json.items).toEqual([]);
  });
});

describe("administrators' limits and blocks API", () => {
  it("is for administrators only (403), validates its input (400), and logs each change", async () => {
    for (const [method, path] of [
      ["GET", "/admin/policies"],
      ["POST", "/admin/instances/b.example"],
      ["POST", "/admin/instances/b.example/purge"],
      ["POST", "/admin/accounts/@bea@b.example"],
    ] as const) {
      const body = method === "GET" ? undefined : { policy: "block" };
      expect((await call(method, path, "membre", body)).status, `${method} ${path}`).toBe(403);
      expect((await call(method, path, null, body)).status, `${method} ${path}`).toBe(401);
    }
    expect((await call("POST", "/admin/instances/b.example", "gestion", { policy: "ban" })).status).toBe(400);
    expect((await call("POST", "/admin/instances/b.example", "gestion", {})).status).toBe(400);
    expect((await call("POST", "/admin/instances/b.example", "gestion", { policy: "block", reason: 3 })).status).toBe(400);
    expect((await call("POST", "/admin/instances/not%20a%20host", "gestion", { policy: "block" })).status).toBe(400);
    expect((await call("POST", "/admin/instances/test.example", "gestion", { policy: "block" })).status).toBe(400);
    expect((await call("POST", "/admin/accounts/@gestion@test.example", "gestion", { policy: "limit" })).status).toBe(400);
    expect((await call("POST", "/admin/accounts/@personne@b.example", "gestion", { policy: "limit" })).status).toBe(404);
    expect((await call("POST", "/admin/instances/b.example/purge", "gestion")).status).toBe(409);
    expect((await call("GET", "/admin/policies", "gestion")).json.items).toEqual([]);
    expect(await moderationLog(services.db)).toEqual([]);

    expect((await call("POST", "/admin/accounts/@bea@b.example", "gestion", { policy: "limit", reason: "Insistante" })).json).toMatchObject({
      type: "account",
      target: "https://b.example/users/bea",
      handle: "@bea@b.example",
      policy: "limit",
    });
    expect((await call("POST", "/admin/instances/B.example", "gestion", { policy: "block", reason: "Pourriel" })).json).toMatchObject({ type: "instance", target: "b.example", policy: "block" });
    expect((await call("GET", "/admin/federation-policy", "gestion")).json.blockedInstances).toEqual(["b.example"]);
    expect((await call("GET", "/admin/policies", "gestion")).json.items.map((p: { type: string; policy: string }) => [p.type, p.policy])).toEqual([
      ["instance", "block"],
      ["account", "limit"],
    ]);
    expect((await call("POST", "/admin/instances/b.example/purge", "gestion")).json).toEqual({ host: "b.example", notes: 0, reactions: 0, follows: 0 });
    expect((await moderationLog(services.db)).map((e) => e.action)).toEqual(["instance-purged", "instance-blocked", "account-limited"]);
  });
});
