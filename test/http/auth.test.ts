import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Hono } from "hono";
import { createUser, findUserByHandle, hasAdmin } from "../../src/domain/accounts.ts";
import { createApiToken } from "../../src/domain/api-tokens.ts";
import { issueSetupLinkIfNoAdmin } from "../../src/domain/setup-links.ts";
import { createApp } from "../../src/http/app.ts";
import type { AppEnv } from "../../src/http/env.ts";
import { testServices, type TestServices } from "../helpers/services.ts";

const PASSWORD = "correct horse battery";
const FORM = { "content-type": "application/x-www-form-urlencoded" };

let services: TestServices;
let app: Hono<AppEnv>;

async function setUp(env: Record<string, string> = {}) {
  services = await testServices(env);
  app = createApp(services);
}
afterEach(() => services.close());

/** `name=value` pairs of the response's Set-Cookie headers, ready for a Cookie header. */
function cookiesOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

function sessionCookie(res: Response): string | undefined {
  return res.headers.getSetCookie().find((c) => c.startsWith("ec_session="));
}

function csrfIn(page: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(page);
  if (!match) throw new Error("no CSRF field in the page");
  return match[1]!;
}

function signIn(handle: string, password: string, extra: Record<string, string> = {}, headers: Record<string, string> = {}) {
  return app.request("/signin", { method: "POST", headers: { ...FORM, ...headers }, body: new URLSearchParams({ handle, password, ...extra }) });
}

/** Signs alice in and returns her cookie and the CSRF token the pages give her. */
async function signedIn(): Promise<{ cookie: string; csrf: string }> {
  const res = await signIn("alice", PASSWORD);
  const cookie = cookiesOf(res);
  const page = await (await app.request("/", { headers: { cookie } })).text();
  return { cookie, csrf: csrfIn(page) };
}

describe("sign-in", () => {
  beforeEach(async () => {
    await setUp();
    await createUser(services.db, services.config.publicUrl, { handle: "alice", password: PASSWORD, isAdmin: false });
  });

  it("shows a form", async () => {
    const res = await app.request("/signin?next=/about");
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<form class="form" method="post" action="/signin">');
    expect(page).toContain('name="handle"');
    expect(page).toContain('type="password" name="password"');
    expect(page).toContain('name="next" value="/about"');
  });

  it("starts a session with a safe cookie and redirects", async () => {
    const res = await signIn("alice", PASSWORD, { next: "/about" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/about");
    const cookie = sessionCookie(res)!;
    expect(cookie).toMatch(/^ec_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).toContain("Path=/");
    expect(cookie).toContain("Secure");
    expect(cookie).toMatch(/Max-Age=2592000/);

    const page = await (await app.request("/", { headers: { cookie: cookiesOf(res) } })).text();
    expect(page).toContain('<a href="/@alice">@alice</a>');
    expect(page).toContain('action="/signout"');
    expect(page).not.toContain('class="signin"');
  });

  it("refuses a wrong password or an unknown handle without a cookie", async () => {
    for (const [handle, password] of [["alice", "wrong password!"], ["nobody", PASSWORD], ["", ""]] as const) {
      const res = await signIn(handle, password);
      expect(res.status).toBe(401);
      expect(sessionCookie(res)).toBeUndefined();
      expect(await res.text()).toContain("Identifiant ou mot de passe incorrect.");
    }
  });

  it("never redirects to another site", async () => {
    for (const next of ["//evil.example/", "https://evil.example/", "/\\evil.example"]) {
      const res = await signIn("alice", PASSWORD, { next });
      expect(res.headers.get("location")).toBe("/");
    }
  });

  it("refuses a form posted from another site", async () => {
    const res = await signIn("alice", PASSWORD, {}, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect(sessionCookie(res)).toBeUndefined();
    const sameSite = await signIn("alice", PASSWORD, {}, { origin: "https://test.example" });
    expect(sameSite.status).toBe(303);
  });

  it("keeps the handle typed, escaped, after a failure", async () => {
    const res = await signIn('"><script>x</script>', "whatever it is");
    const page = await res.text();
    expect(page).toContain('value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
    expect(page).not.toContain("<script>x");
  });
});

describe("sign-in over plain http", () => {
  beforeEach(async () => {
    await setUp({ PUBLIC_URL: "http://localhost:8000" });
    await createUser(services.db, services.config.publicUrl, { handle: "alice", password: PASSWORD, isAdmin: false });
  });

  it("does not mark the cookie Secure", async () => {
    const cookie = sessionCookie(await signIn("alice", PASSWORD))!;
    expect(cookie).toContain("HttpOnly");
    expect(cookie).not.toContain("Secure");
  });
});

describe("sign-out", () => {
  beforeEach(async () => {
    await setUp();
    await createUser(services.db, services.config.publicUrl, { handle: "alice", password: PASSWORD, isAdmin: false });
  });

  it("requires the session's CSRF token", async () => {
    const { cookie, csrf } = await signedIn();
    for (const body of [new URLSearchParams(), new URLSearchParams({ _csrf: "forged" })]) {
      const res = await app.request("/signout", { method: "POST", headers: { ...FORM, cookie }, body });
      expect(res.status).toBe(403);
      expect(await res.text()).toContain("Formulaire expiré");
    }
    const json = await app.request("/signout", { method: "POST", headers: { "content-type": "application/json", cookie }, body: JSON.stringify({ _csrf: csrf }) });
    expect(json.status).toBe(403);
    // Still signed in.
    expect(await (await app.request("/", { headers: { cookie } })).text()).toContain('action="/signout"');

    const res = await app.request("/signout", { method: "POST", headers: { ...FORM, cookie }, body: new URLSearchParams({ _csrf: csrf }) });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/");
    expect(sessionCookie(res)).toMatch(/^ec_session=;.*Max-Age=0/);
    // The old cookie no longer signs anyone in.
    const after = await app.request("/", { headers: { cookie } });
    expect(await after.text()).toContain('class="signin"');
    expect(await services.db.selectFrom("sessions").selectAll().execute()).toEqual([]);
  });
});

describe("bearer tokens", () => {
  beforeEach(setUp);

  it("identify the user, and an invalid one is a 401 JSON error", async () => {
    const { actor } = await createUser(services.db, services.config.publicUrl, { handle: "alice", password: PASSWORD, isAdmin: false });
    const token = await createApiToken(services.db, actor.id, "test");
    const page = await (await app.request("/", { headers: { authorization: `Bearer ${token}` } })).text();
    expect(page).toContain('<a href="/@alice">@alice</a>');

    const res = await app.request("/", { headers: { authorization: "Bearer ec_nope" } });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain("invalid_token");
    expect(await res.json()).toEqual({ error: "unauthorized", message: expect.any(String) });
  });
});

describe("setup link", () => {
  beforeEach(setUp);

  it("creates the first administrator once, then answers 410", async () => {
    const link = new URL((await issueSetupLinkIfNoAdmin(services.db, services.config.publicUrl))!);
    const form = await app.request(link.pathname);
    expect(form.status).toBe(200);
    expect(form.headers.get("cache-control")).toBe("no-store");
    expect(form.headers.get("referrer-policy")).toBe("same-origin");
    const page = await form.text();
    expect(page).toContain(`action="${link.pathname}"`);
    expect(page).toContain("@identifiant@test.example");

    const refused = await app.request(link.pathname, { method: "POST", headers: FORM, body: new URLSearchParams({ handle: "alice", password: "short" }) });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Le mot de passe doit compter de 10 à 1024 caractères.");
    const reserved = await app.request(link.pathname, { method: "POST", headers: FORM, body: new URLSearchParams({ handle: "admin", password: PASSWORD }) });
    expect(reserved.status).toBe(409);
    expect(await hasAdmin(services.db)).toBe(false);

    const res = await app.request(link.pathname, { method: "POST", headers: FORM, body: new URLSearchParams({ handle: "alice", password: PASSWORD }) });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/@alice");
    expect(sessionCookie(res)).toBeDefined();
    expect((await findUserByHandle(services.db, services.config.publicUrl, "alice"))?.user.is_admin).toBe(1);
    // Signed in as the new administrator.
    expect(await (await app.request("/", { headers: { cookie: cookiesOf(res) } })).text()).toContain('<a href="/@alice">@alice</a>');

    const again = await app.request(link.pathname);
    expect(again.status).toBe(410);
    expect(await again.text()).toContain("Lien expiré");
    const replay = await app.request(link.pathname, { method: "POST", headers: FORM, body: new URLSearchParams({ handle: "mallory", password: PASSWORD }) });
    expect(replay.status).toBe(410);
    expect(await findUserByHandle(services.db, services.config.publicUrl, "mallory")).toBeUndefined();
  });

  it("answers 404 for an unknown token", async () => {
    const res = await app.request("/setup/not-a-real-token", { headers: { accept: "text/html" } });
    expect(res.status).toBe(404);
  });
});
