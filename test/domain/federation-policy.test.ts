import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { createUser } from "../../src/domain/accounts.ts";
import {
  currentPolicy,
  hostMatches,
  isHostAllowed,
  parseHost,
  parseHostList,
  policyChanges,
  POLICY_CACHE_MS,
  seedPolicy,
  setPolicy,
  type FederationPolicy,
} from "../../src/domain/federation-policy.ts";
import type { ActorRow } from "../../src/domain/actors.ts";
import { testServices, type TestServices } from "../helpers/services.ts";

const policy = (mode: FederationPolicy["mode"], allowed: string[] = [], blocked: string[] = []): FederationPolicy => ({ mode, allowed, blocked });

describe("federation policy: hosts", () => {
  it("normalizes hosts and refuses what is not one", () => {
    expect(parseHost("Example.ORG")).toBe("example.org");
    expect(parseHost(" https://social.example.org/ ")).toBe("social.example.org");
    expect(parseHost("127.0.0.1:8443")).toBe("127.0.0.1:8443");
    expect(parseHost("example.org:443")).toBe("example.org");
    expect(parseHost("bücher.example")).toBe("xn--bcher-kva.example");
    for (const bad of ["", "nodot", "a@b.example", "example.org/path", "*.example.org", "exa mple.org", "example.org:99999"]) {
      expect(parseHost(bad), bad).toBeNull();
    }
    expect(parseHostList(" a.example, b.example:8000 ,,a.example, bad host")).toEqual({ hosts: ["a.example", "b.example:8000"], invalid: ["bad host"] });
  });

  it("matches a host without port on any port and its subdomains; a host with port exactly", () => {
    expect(hostMatches("example.org", "example.org:8443")).toBe(true);
    expect(hostMatches("example.org", "social.example.org")).toBe(true);
    expect(hostMatches("example.org", "badexample.org")).toBe(false);
    expect(hostMatches("127.0.0.1:1000", "127.0.0.1:1000")).toBe(true);
    expect(hostMatches("127.0.0.1:1000", "127.0.0.1:2000")).toBe(false);
    expect(hostMatches("0.0.1", "127.0.0.1")).toBe(false);
  });

  it("open: everyone but the blocklist; network-only: the allowlist, the blocklist still winning", () => {
    expect(isHostAllowed(policy("open"), "anyone.example")).toBe(true);
    expect(isHostAllowed(policy("open", [], ["spam.example"]), "www.spam.example")).toBe(false);
    const network = policy("network-only", ["a.example", "127.0.0.1:1000", "both.example"], ["both.example"]);
    expect(isHostAllowed(network, "a.example")).toBe(true);
    expect(isHostAllowed(network, "A.EXAMPLE")).toBe(true);
    expect(isHostAllowed(network, "127.0.0.1:1000")).toBe(true);
    expect(isHostAllowed(network, "127.0.0.1:2000")).toBe(false);
    expect(isHostAllowed(network, "other.example")).toBe(false);
    expect(isHostAllowed(network, "both.example")).toBe(false);
    expect(isHostAllowed(policy("network-only"), "a.example")).toBe(false);
  });

  it("reads its initial values from the environment and reports bad ones", () => {
    const ok = loadConfig({ FEDERATION_MODE: "network-only", ALLOWED_INSTANCES: "a.example, 127.0.0.1:8443", BLOCKED_INSTANCES: "spam.example" });
    expect(ok.ok && ok.config.federation).toEqual({ mode: "network-only", allowedInstances: ["a.example", "127.0.0.1:8443"], blockedInstances: ["spam.example"] });
    const defaults = loadConfig({});
    expect(defaults.ok && defaults.config.federation).toEqual({ mode: "open", allowedInstances: [], blockedInstances: [] });
    const bad = loadConfig({ FEDERATION_MODE: "closed", BLOCKED_INSTANCES: "not a host" });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems.join("\n")).toMatch(/FEDERATION_MODE[\s\S]*BLOCKED_INSTANCES/);
  });
});

describe("federation policy: storage and changes", () => {
  let services: TestServices;
  let admin: ActorRow;
  let member: ActorRow;

  beforeEach(async () => {
    services = await testServices();
    admin = (await createUser(services.db, services.config.publicUrl, { handle: "gestion", password: "correct horse battery", isAdmin: true })).actor;
    member = (await createUser(services.db, services.config.publicUrl, { handle: "member", password: "correct horse battery", isAdmin: false })).actor;
  });
  afterEach(() => services.close());

  it("is open with no lists until something is stored", async () => {
    expect(await currentPolicy(services.db)).toMatchObject({ mode: "open", blocked: [], allowed: [], updatedBy: null });
  });

  it("is seeded from the environment on first start only: then the database is the only truth", async () => {
    const first = await seedPolicy(services.db, policy("network-only", ["a.example"]));
    expect(first.seeded).toBe(true);
    expect(first.policy).toMatchObject({ mode: "network-only", allowed: ["a.example"], updatedBy: null });
    // A process started with other settings (a command, another worker) cannot flip it.
    const other = await seedPolicy(services.db, policy("open", [], ["spam.example"]));
    expect(other.seeded).toBe(false);
    expect(other.policy).toMatchObject({ mode: "network-only", allowed: ["a.example"], blocked: [] });
    await setPolicy(services, { actor: admin, isAdmin: true }, { allowedInstances: ["b.example"] });
    expect((await seedPolicy(services.db, policy("open"))).policy).toMatchObject({ mode: "network-only", allowed: ["b.example"], updatedBy: admin.id });
  });

  it("is changed by administrators only, validated, logged with who and what, and applies at once", async () => {
    await expect(setPolicy(services, { actor: member, isAdmin: false }, { mode: "network-only" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(setPolicy(services, { actor: admin, isAdmin: true }, { mode: "closed" })).rejects.toMatchObject({ code: "invalid" });
    await expect(setPolicy(services, { actor: admin, isAdmin: true }, { allowedInstances: ["ok.example", "not a host"] })).rejects.toThrow(/not a host/);
    await expect(setPolicy(services, { actor: admin, isAdmin: true }, { blockedInstances: "spam.example" })).rejects.toMatchObject({ code: "invalid" });
    await expect(setPolicy(services, { actor: admin, isAdmin: true }, { blockedInstances: ["test.example"] })).rejects.toThrow(/this instance itself/);
    expect(await policyChanges(services.db)).toEqual([]);

    // Read (and cached) before the change: the change must still apply at once in this process.
    expect(isHostAllowed(await currentPolicy(services.db), "d.example")).toBe(true);
    const changed = await setPolicy(services, { actor: admin, isAdmin: true }, { mode: "network-only", allowedInstances: ["A.example", "b.example"] });
    expect(changed).toMatchObject({ mode: "network-only", allowed: ["a.example", "b.example"], blocked: [], updatedBy: admin.id });
    expect(isHostAllowed(await currentPolicy(services.db), "d.example")).toBe(false);

    await setPolicy(services, { actor: admin, isAdmin: true }, { allowedInstances: ["a.example", "c.example"], blockedInstances: ["spam.example"] });
    // The same again changes nothing and logs nothing.
    await setPolicy(services, { actor: admin, isAdmin: true }, { allowedInstances: ["a.example", "c.example"] });
    const changes = await policyChanges(services.db);
    expect(changes.map((c) => [c.actorHandle, c.summary])).toEqual([
      ["@gestion@test.example", "allowed +c.example -b.example; blocked +spam.example"],
      ["@gestion@test.example", "mode open → network-only; allowed +a.example +b.example"],
    ]);
    // Emits nothing: other instances learn nothing of a policy change.
    expect(services.sent).toEqual([]);
  });

  it("is cached for at most a second per process", async () => {
    const t0 = Date.now();
    expect((await currentPolicy(services.db, t0)).mode).toBe("open");
    // Another process changes the row (simulated: straight to the database).
    await services.db
      .insertInto("federation_policy")
      .values({ id: "current", mode: "network-only", blocked_hosts: "[]", allowed_hosts: "[]", updated_at: new Date().toISOString(), updated_by: null })
      .execute();
    expect((await currentPolicy(services.db, t0 + POLICY_CACHE_MS - 1)).mode).toBe("open");
    expect((await currentPolicy(services.db, t0 + POLICY_CACHE_MS)).mode).toBe("network-only");
    expect(POLICY_CACHE_MS).toBeLessThanOrEqual(2000);
  });
});
