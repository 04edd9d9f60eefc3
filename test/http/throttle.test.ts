import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { createUser, verifyCredentials } from "../../src/domain/accounts.ts";
import { createApp } from "../../src/http/app.ts";
import { FailureThrottle } from "../../src/http/throttle.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { Browser } from "./browser.ts";

const PASSWORD = "correct horse battery";
let services: TestServices;
let browser: Browser;

/** Hono's Node bindings as @hono/node-server passes them: the connection's peer address. */
function from(address: string) {
  return { incoming: { socket: { remoteAddress: address } } };
}

beforeEach(async () => {
  services = await testServices();
  browser = new Browser(createApp(services));
  for (const handle of ["alice", "bob"]) {
    await createUser(services.db, services.config.publicUrl, { handle, password: PASSWORD, isAdmin: false });
  }
});
afterEach(() => services.close());

function signIn(handle: string, password: string, address: string, headers: Record<string, string> = {}) {
  return new Browser(browser.app).post("/signin", { handle, password }, { csrf: false, env: from(address), headers });
}

describe("sign-in throttling", () => {
  it("answers 429 after 5 failures for one handle, even with the right password", async () => {
    for (let i = 0; i < 5; i++) {
      // Each from another address: the handle alone counts.
      expect((await signIn("alice", "wrong password", `203.0.113.${i}`)).res.status).toBe(401);
    }
    const { res, page } = await signIn("alice", PASSWORD, "198.51.100.1");
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(14 * 60);
    expect(page).toContain("Trop de tentatives avec un mauvais mot de passe. Réessayez dans 15 minutes.");
    expect(res.headers.getSetCookie().some((c) => c.startsWith("ec_session="))).toBe(false);
    // Any spelling of the handle is the same account.
    expect((await signIn("@ALICE@test.example", PASSWORD, "198.51.100.1")).res.status).toBe(429);
    // Another account is not affected.
    expect((await signIn("bob", PASSWORD, "198.51.100.1")).res.status).toBe(303);
  });

  it("answers 429 after 5 failures from one address, whatever the handles", async () => {
    for (let i = 0; i < 5; i++) expect((await signIn(`nobody${i}`, "wrong password", "203.0.113.9")).res.status).toBe(401);
    expect((await signIn("bob", PASSWORD, "203.0.113.9")).res.status).toBe(429);
    expect((await signIn("bob", PASSWORD, "203.0.113.10")).res.status).toBe(303);
  });

  it("counts the client behind a local reverse proxy, and ignores X-Forwarded-For from anyone else", async () => {
    for (let i = 0; i < 5; i++) {
      await signIn(`nobody${i}`, "wrong password", "127.0.0.1", { "x-forwarded-for": `192.0.2.${i}, 203.0.113.20` });
    }
    expect((await signIn("bob", PASSWORD, "127.0.0.1", { "x-forwarded-for": "203.0.113.20" })).res.status).toBe(429);
    expect((await signIn("bob", PASSWORD, "127.0.0.1", { "x-forwarded-for": "203.0.113.21" })).res.status).toBe(303);
    // A direct client cannot dodge its count with a forged header.
    for (let i = 0; i < 5; i++) {
      await signIn(`nobody${i}`, "wrong password", "203.0.113.30", { "x-forwarded-for": `192.0.2.${i}` });
    }
    expect((await signIn("bob", PASSWORD, "203.0.113.30", { "x-forwarded-for": "192.0.2.99" })).res.status).toBe(429);
  });

  it("forgets a handle's failures once its owner signs in", async () => {
    for (let i = 0; i < 4; i++) await signIn("alice", "wrong password", `203.0.113.${i}`);
    expect((await signIn("alice", PASSWORD, "198.51.100.1")).res.status).toBe(303);
    for (let i = 0; i < 4; i++) expect((await signIn("alice", "wrong password", `203.0.113.${i}`)).res.status).toBe(401);
  });

  it("also guards the password checks of the account settings", async () => {
    await browser.signIn("alice", PASSWORD);
    await browser.get("/settings/account");
    for (let i = 0; i < 5; i++) {
      const { res } = await browser.post("/settings/delete", { password: "wrong password" });
      expect(res.status).toBe(400);
    }
    const { res, page } = await browser.post("/settings/delete", { password: PASSWORD });
    expect(res.status).toBe(429);
    expect(page).toContain("Trop de tentatives");
    expect(services.sent).toEqual([]);
    expect(await verifyCredentials(services.db, services.config.publicUrl, "alice", PASSWORD)).not.toBeNull();
  });
});

describe("FailureThrottle", () => {
  it("lets keys try again as failures leave the window", async () => {
    let now = 1_000_000;
    const throttle = new FailureThrottle(services.db, { maxFailures: 3, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 3; i++) {
      expect(await throttle.retryAfter(["a"])).toBe(0);
      await throttle.recordFailure(["a", "b"]);
      now += 10_000;
    }
    // Failures at 0 s, 10 s, 20 s; now 30 s: the first leaves the window at 60 s.
    expect(await throttle.retryAfter(["a"])).toBe(30);
    expect(await throttle.retryAfter(["c", "b"])).toBe(30);
    expect(await throttle.retryAfter(["c"])).toBe(0);
    now += 30_000;
    expect(await throttle.retryAfter(["a"])).toBe(0);
    await throttle.recordFailure(["a"]);
    expect(await throttle.retryAfter(["a"])).toBe(10);
    await throttle.clear("a");
    expect(await throttle.retryAfter(["a"])).toBe(0);
  });

  it("is shared by every process of a deployment, and outlives a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "encommun-throttle-"));
    const url = `sqlite:${join(dir, "shared.sqlite")}`;
    const [first, second] = [openDatabase(url), openDatabase(url)];
    try {
      await migrateToLatest(first.db);
      // Two web processes: the failures counted by one block the other.
      const web1 = new FailureThrottle(first.db, { maxFailures: 3, windowMs: 60_000 });
      const web2 = new FailureThrottle(second.db, { maxFailures: 3, windowMs: 60_000 });
      await web1.recordFailure(["handle:alice"]);
      await web2.recordFailure(["handle:alice"]);
      await web1.recordFailure(["handle:alice"]);
      expect(await web2.retryAfter(["handle:alice"])).toBeGreaterThan(50);
      await first.close();
      // A process started afterwards (a restart) still knows.
      const third = openDatabase(url);
      expect(await new FailureThrottle(third.db, { maxFailures: 3, windowMs: 60_000 }).retryAfter(["handle:alice"])).toBeGreaterThan(50);
      await third.close();
    } finally {
      await second.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
