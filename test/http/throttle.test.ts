import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configure, reset, type LogRecord } from "@logtape/logtape";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openDatabase } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { createUser, verifyCredentials } from "../../src/domain/accounts.ts";
import { createApp } from "../../src/http/app.ts";
import { ACCOUNT_BACKOFF, CLIENT_BACKOFF, FailureThrottle } from "../../src/http/throttle.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { Browser } from "./browser.ts";

const PASSWORD = "correct horse battery";
let services: TestServices;
let browser: Browser;

/** Hono's Node bindings as @hono/node-server passes them: the connection's peer address. */
function from(address: string) {
  return { incoming: { socket: { remoteAddress: address } } };
}

async function start(env: Record<string, string> = {}): Promise<void> {
  services = await testServices(env);
  browser = new Browser(createApp(services));
  for (const handle of ["alice", "bob"]) {
    await createUser(services.db, services.config.publicUrl, { handle, password: PASSWORD, isAdmin: false });
  }
}

// The throttle's clock (Temporal's polyfill forbids faking Date itself).
let clock = 0;
beforeEach(() => {
  clock = Date.now();
  vi.spyOn(Date, "now").mockImplementation(() => clock);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await services.close();
});

function signIn(handle: string, password: string, address: string, headers: Record<string, string> = {}) {
  return new Browser(browser.app).post("/signin", { handle, password }, { csrf: false, env: from(address), headers });
}

const later = (ms: number) => {
  clock += ms;
};

describe("sign-in throttling", () => {
  it("slows an account guessed at from many addresses, but never locks its owner out", async () => {
    await start();
    for (let i = 0; i < 5; i++) {
      // Each from another address: the account alone counts.
      expect((await signIn("alice", "wrong password", `203.0.113.${i}`)).res.status).toBe(401);
    }
    const { res, page } = await signIn("alice", PASSWORD, "198.51.100.1");
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBe(1);
    expect(page).toContain("Trop de tentatives avec un mauvais mot de passe. Réessayez dans 1 secondes.");
    expect(res.headers.getSetCookie().some((c) => c.startsWith("ec_session="))).toBe(false);
    // Any spelling of the handle is the same account; another account is not affected.
    expect((await signIn("@ALICE@test.example", PASSWORD, "198.51.100.1")).res.status).toBe(429);
    expect((await signIn("bob", PASSWORD, "198.51.100.1")).res.status).toBe(303);
    // Each failure doubles the wait, up to a minute: the owner waits at most that long.
    for (let i = 5; i < 12; i++) {
      later(ACCOUNT_BACKOFF.maxDelayMs);
      expect((await signIn("alice", "wrong password", `203.0.113.${i}`)).res.status).toBe(401);
    }
    const slowed = await signIn("alice", PASSWORD, "198.51.100.1");
    expect(slowed.res.status).toBe(429);
    expect(Number(slowed.res.headers.get("retry-after"))).toBe(60);
    later(60_000);
    expect((await signIn("alice", PASSWORD, "198.51.100.1")).res.status).toBe(303);
  });

  it("makes one client that keeps guessing wait longer each time, up to 15 minutes", async () => {
    await start();
    for (let i = 0; i < 5; i++) expect((await signIn(`nobody${i}`, "wrong password", "203.0.113.9")).res.status).toBe(401);
    const first = await signIn("bob", PASSWORD, "203.0.113.9");
    expect(first.res.status).toBe(429);
    expect(Number(first.res.headers.get("retry-after"))).toBe(30);
    expect((await signIn("bob", PASSWORD, "203.0.113.10")).res.status).toBe(303);
    const waits = [30];
    for (let i = 0; i < 5; i++) {
      later(waits.at(-1)! * 1000);
      expect((await signIn(`nobody${i}`, "wrong password", "203.0.113.9")).res.status).toBe(401);
      waits.push(Number((await signIn("bob", PASSWORD, "203.0.113.9")).res.headers.get("retry-after")));
    }
    expect(waits).toEqual([30, 60, 120, 240, 480, 900]);
    expect(CLIENT_BACKOFF.maxDelayMs).toBe(900_000);
  });

  it("ignores X-Forwarded-For by default, even from loopback", async () => {
    await start();
    for (let i = 0; i < 5; i++) {
      await signIn(`nobody${i}`, "wrong password", "127.0.0.1", { "x-forwarded-for": `192.0.2.${i}` });
    }
    // The peer is the client: a forged header dodges nothing.
    expect((await signIn("bob", PASSWORD, "127.0.0.1", { "x-forwarded-for": "203.0.113.21" })).res.status).toBe(429);
    expect((await signIn("bob", PASSWORD, "::ffff:127.0.0.1")).res.status).toBe(429);
  });

  it("counts the client named by the proxies listed in TRUSTED_PROXIES, and only by them", async () => {
    await start({ TRUSTED_PROXIES: "127.0.0.1, 10.0.0.0/8" });
    for (let i = 0; i < 5; i++) {
      // The client forged the first entry; the proxies (10.0.0.5, then the peer) added the rest.
      await signIn(`nobody${i}`, "wrong password", "127.0.0.1", { "x-forwarded-for": `192.0.2.${i}, 203.0.113.20, 10.0.0.5` });
    }
    expect((await signIn("bob", PASSWORD, "127.0.0.1", { "x-forwarded-for": "203.0.113.20" })).res.status).toBe(429);
    expect((await signIn("bob", PASSWORD, "127.0.0.1", { "x-forwarded-for": "203.0.113.21" })).res.status).toBe(303);
    // Someone who is not a listed proxy cannot dodge its count with the header.
    for (let i = 0; i < 5; i++) {
      await signIn(`nobody${i}`, "wrong password", "192.168.1.30", { "x-forwarded-for": `192.0.2.${i}` });
    }
    expect((await signIn("bob", PASSWORD, "192.168.1.30", { "x-forwarded-for": "192.0.2.99" })).res.status).toBe(429);
  });

  it("forgets an account's failures once its owner signs in", async () => {
    await start();
    for (let i = 0; i < 4; i++) await signIn("alice", "wrong password", `203.0.113.${i}`);
    expect((await signIn("alice", PASSWORD, "198.51.100.1")).res.status).toBe(303);
    for (let i = 0; i < 4; i++) expect((await signIn("alice", "wrong password", `203.0.113.${i}`)).res.status).toBe(401);
  });

  it("logs each delay it imposes", async () => {
    const records: LogRecord[] = [];
    await configure({ sinks: { memory: (record) => records.push(record) }, loggers: [{ category: ["encommun"], sinks: ["memory"], lowestLevel: "warning" }], reset: true });
    try {
      await start();
      for (let i = 0; i < 5; i++) await signIn("alice", "wrong password", "203.0.113.7");
      const lines = records.map((r) => r.message.map(String).join(""));
      expect(lines).toContain("Sign-in delayed for password:handle:alice after 5 failed passwords: next attempt in 1 s");
      expect(lines).toContain("Sign-in delayed for password:address:203.0.113.7 after 5 failed passwords: next attempt in 30 s");
      expect(lines).toHaveLength(2);
    } finally {
      await reset();
    }
  });

  it("also guards the password checks of the account settings", async () => {
    await start();
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
  it("is shared by every process of a deployment, and outlives a restart", async () => {
    await start();
    const dir = mkdtempSync(join(tmpdir(), "encommun-throttle-"));
    const url = `sqlite:${join(dir, "shared.sqlite")}`;
    const [first, second] = [openDatabase(url), openDatabase(url)];
    const attempt = { handle: "alice", address: "203.0.113.1" };
    try {
      await migrateToLatest(first.db);
      // Two web processes: the failures counted by one slow the other.
      const web1 = new FailureThrottle(first.db);
      const web2 = new FailureThrottle(second.db);
      for (let i = 0; i < 3; i++) await web1.recordFailure(attempt);
      for (let i = 0; i < 2; i++) await web2.recordFailure(attempt);
      expect(await web2.retryAfter(attempt)).toBe(30);
      await first.close();
      // A process started afterwards (a restart) still knows.
      const third = openDatabase(url);
      expect(await new FailureThrottle(third.db).retryAfter(attempt)).toBe(30);
      await third.close();
    } finally {
      await second.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
