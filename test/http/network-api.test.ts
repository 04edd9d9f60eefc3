// The federation policy and the network of instances through the API and the
// network page, in process, with a fake NetworkPort (no network at all).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Hono } from "hono";
import { createUser } from "../../src/domain/accounts.ts";
import { upsertRemoteActor, EMPTY_PROFILE, type ActorRow } from "../../src/domain/actors.ts";
import { createApiToken } from "../../src/domain/api-tokens.ts";
import { ensureInstanceActor } from "../../src/domain/actors.ts";
import type { NetworkPort } from "../../src/domain/network.ts";
import { createApp } from "../../src/http/app.ts";
import type { AppEnv } from "../../src/http/env.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { callApi } from "../helpers/api-client.ts";

let services: TestServices;
let app: Hono<AppEnv>;
const tokens: Record<string, string> = {};
const asked: string[] = [];

function remoteActor(host: string, username: string, type: ActorRow["type"] = "Person") {
  return upsertRemoteActor(services.db, {
    uri: `https://${host}/actors/${username}`,
    type,
    username,
    domain: host,
    name: null,
    summary: null,
    iconUrl: null,
    url: null,
    inboxUrl: `https://${host}/actors/${username}/inbox`,
    sharedInboxUrl: `https://${host}/inbox`,
    outboxUrl: `https://${host}/actors/${username}/outbox`,
    followersUrl: null,
    followingUrl: null,
    manuallyApprovesFollowers: false,
    fields: EMPTY_PROFILE,
  });
}

const fakeNetwork: NetworkPort = {
  async nodeInfo(host) {
    asked.push(`nodeinfo ${host}`);
    return {
      name: `Instance ${host}`,
      description: null,
      software: "encommun",
      version: "0.1.0",
      region: "Outaouais",
      sector: "arts et culture",
      languages: ["fr", "en"],
      usersTotal: 12,
      usersActiveMonth: 3,
      localPosts: 40,
      openRegistrations: false,
      instanceActorUri: `https://${host}/actors/instance`,
    };
  },
  async instanceActor(host, hint) {
    asked.push(`actor ${host} ${hint}`);
    return remoteActor(host, "instance", "Application");
  },
  async syncSister(host) {
    asked.push(`sync ${host}`);
    return { notes: 2, communities: 1 };
  },
};

function call(method: string, path: string, who: string | null, body?: unknown) {
  return callApi(app, who ? tokens[who]! : null, method, path, body);
}

beforeEach(async () => {
  asked.length = 0;
  const base = await testServices({ INSTANCE_NAME: "Régional A" });
  services = Object.assign(base, { network: fakeNetwork });
  app = createApp(services);
  await ensureInstanceActor(services.db, services.config.publicUrl, "Régional A");
  for (const [handle, isAdmin] of [["gestion", true], ["member", false]] as const) {
    const { actor } = await createUser(services.db, services.config.publicUrl, { handle, password: "correct horse battery", isAdmin });
    tokens[handle] = await createApiToken(services.db, actor.id, "test");
  }
});
afterEach(() => services.close());

describe("federation policy API", () => {
  it("is for administrators only, validates, logs each change and applies it at once", async () => {
    expect((await call("GET", "/admin/federation-policy", null)).status).toBe(401);
    expect((await call("GET", "/admin/federation-policy", "member")).status).toBe(403);
    expect((await call("PUT", "/admin/federation-policy", "member", { mode: "network-only" })).status).toBe(403);
    expect((await call("GET", "/admin/federation-policy", "gestion")).json).toEqual({ mode: "open", blockedInstances: [], allowedInstances: [], updatedAt: null, changes: [] });
    expect((await call("PUT", "/admin/federation-policy", "gestion", { mode: "fermé" })).status).toBe(400);
    expect((await call("PUT", "/admin/federation-policy", "gestion", { allowedInstances: "b.example" })).status).toBe(400);

    await remoteActor("b.example", "bea");
    await remoteActor("d.example", "dan");
    const put = await call("PUT", "/admin/federation-policy", "gestion", { mode: "network-only", allowedInstances: ["b.example"] });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ mode: "network-only", allowedInstances: ["b.example"], blockedInstances: [] });
    expect(put.json.changes).toEqual([{ by: "@gestion@test.example", summary: "mode open → network-only; allowed +b.example", at: expect.any(String) }]);

    // At once: the network no longer lists d.example for members; administrators see it refused.
    const seen = await call("GET", "/network", "member");
    expect(seen.json.instances.map((i: { host: string }) => i.host)).toEqual(["b.example"]);
    expect(seen.json.policy).toBeUndefined();
    const admin = await call("GET", "/network", "gestion");
    expect(admin.json.policy).toEqual({ mode: "network-only" });
    expect(admin.json.instances.map((i: { host: string; allowed: boolean }) => [i.host, i.allowed])).toEqual([["b.example", true], ["d.example", false]]);
    expect(services.sent).toEqual([]);
  });
});

describe("sister instances", () => {
  it("connects: our instance actor follows theirs, their outbox is read, the network lists them first", async () => {
    await remoteActor("zeta.example", "zed");
    await remoteActor("zeta.example", "zoe");
    expect((await call("POST", "/admin/sisters", "member", { host: "b.example" })).status).toBe(403);
    expect((await call("POST", "/admin/sisters", "gestion", { host: "test.example" })).status).toBe(400);
    expect((await call("POST", "/admin/sisters", "gestion", { host: "not a host" })).status).toBe(400);

    const connected = await call("POST", "/admin/sisters", "gestion", { host: "B.example" });
    expect(connected.status).toBe(201);
    expect(connected.json).toMatchObject({ host: "b.example", status: "pending", region: "Outaouais", sector: "arts et culture", sync: { notes: 2, communities: 1 } });
    expect(asked).toEqual(["nodeinfo b.example", "actor b.example https://b.example/actors/instance", "sync b.example"]);
    expect(services.sent).toEqual([{ type: "follow", followId: expect.any(String) }]);
    expect((await call("POST", "/admin/sisters", "gestion", { host: "b.example" })).status).toBe(200);
    expect(services.sent).toHaveLength(1);

    const network = (await call("GET", "/network", "member")).json.instances;
    expect(network.map((i: { host: string }) => i.host)).toEqual(["b.example", "zeta.example"]);
    expect(network[0]).toMatchObject({
      sister: { connected: true, status: "pending", followsUs: false },
      name: "Instance b.example",
      region: "Outaouais",
      sector: "arts et culture",
      languages: ["fr", "en"],
      users: 12,
      posts: 40,
    });
    expect(network[1]).toMatchObject({ sister: null, knownActors: 2, name: null });
    expect((await call("GET", "/admin/sisters", "gestion")).json.items.map((i: { host: string }) => i.host)).toEqual(["b.example"]);

    expect((await call("POST", "/admin/sisters/b.example/sync", "gestion")).json).toEqual({ notes: 2, communities: 1 });
    expect((await call("DELETE", "/admin/sisters/b.example", "gestion")).status).toBe(204);
    expect(services.sent[1]).toMatchObject({ type: "unfollow", followerId: "instance" });
    expect((await call("DELETE", "/admin/sisters/b.example", "gestion")).status).toBe(404);
  });

  it("refuses a host the policy refuses, without asking it anything", async () => {
    await call("PUT", "/admin/federation-policy", "gestion", { blockedInstances: ["d.example"] });
    const refused = await call("POST", "/admin/sisters", "gestion", { host: "d.example" });
    expect(refused.status).toBe(403);
    expect(refused.json.message).toMatch(/federation policy/);
    expect(asked).toEqual([]);
  });
});

describe("the network page", () => {
  it("lists sisters first with their region and sector, in French or English", async () => {
    await call("POST", "/admin/sisters", "gestion", { host: "b.example" });
    await remoteActor("other.example", "x");
    const fr = await app.request("/network", { headers: { accept: "text/html" } });
    expect(fr.status).toBe(200);
    const page = await fr.text();
    expect(page).toContain("Le réseau de Régional A");
    expect(page).toContain("Instances sœurs");
    expect(page).toContain("Outaouais");
    expect(page).toContain("arts et culture");
    expect(page.indexOf("b.example")).toBeLessThan(page.indexOf("other.example"));
    expect(page).not.toContain("Politique de fédération");
    const en = await (await app.request("/network", { headers: { accept: "text/html", "accept-language": "en" } })).text();
    expect(en).toContain("Sister instances");
    expect(en).toContain("connection request sent");
  });
});
