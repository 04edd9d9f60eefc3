// The most common passwords are refused, and API tokens are no longer
// immortal: their owner lists and revokes them (API and account page), and a
// password change offers to revoke them all (checked by default).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import { apiTokenId, createApiToken } from "../../src/domain/api-tokens.ts";
import { DomainError } from "../../src/domain/errors.ts";
import { createApp } from "../../src/http/app.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { Browser } from "./browser.ts";

const PASSWORD = "correct horse battery";
let services: TestServices;
let browser: Browser;
let aliceId: string;
let bobId: string;

beforeEach(async () => {
  services = await testServices();
  browser = new Browser(createApp(services));
  aliceId = (await createUser(services.db, services.config.publicUrl, { handle: "alice", password: PASSWORD, isAdmin: false })).actor.id;
  bobId = (await createUser(services.db, services.config.publicUrl, { handle: "bob", password: PASSWORD, isAdmin: false })).actor.id;
});
afterEach(() => services.close());

async function api(method: string, path: string, token: string): Promise<Response> {
  return await browser.app.request(path, { method, headers: { authorization: `Bearer ${token}`, accept: "application/json" } });
}

describe("common passwords", () => {
  it("are refused for new accounts, in any case, however long", async () => {
    for (const password of ["qwertyuiop", "Password123", "1q2w3e4r5t6y"]) {
      const creation = createUser(services.db, services.config.publicUrl, { handle: "carol", password, isAdmin: false });
      await expect(creation, password).rejects.toThrow(new DomainError("invalid", "This password is one of the most common ones: choose another"));
    }
  });

  it("are refused as a new password, with a message that says why", async () => {
    await browser.signIn("alice", PASSWORD);
    await browser.get("/settings/account");
    const { res, page } = await browser.post("/settings/password", { current: PASSWORD, password: "azertyuiop", revoke_tokens: "1" });
    expect(res.status).toBe(400);
    expect(page).toContain("Ce mot de passe est l&#39;un des plus courants");
  });
});

describe("API tokens", () => {
  it("are listed to their owner, never in clear, and revoked one by one", async () => {
    const laptop = await createApiToken(services.db, aliceId, "portable");
    const script = await createApiToken(services.db, aliceId, "script oublié");
    const bobs = await createApiToken(services.db, bobId, "bob");
    const listed = await api("GET", "/api/v1/tokens", laptop);
    expect(listed.status).toBe(200);
    const { items } = await listed.json();
    expect(items.map((t: { label: string; current: boolean }) => [t.label, t.current]).sort()).toEqual([["portable", true], ["script oublié", false]]);
    expect(items[0]).toEqual({ id: expect.stringMatching(/^[0-9a-f]{16}$/), label: expect.any(String), createdAt: expect.any(String), lastUsedAt: expect.toBeOneOf([null, expect.any(String)]), current: expect.any(Boolean) });
    expect(JSON.stringify(items)).not.toContain(script);

    // Someone else's token is not yours to revoke; a malformed id is nobody's.
    expect((await api("DELETE", `/api/v1/tokens/${apiTokenId(bobs)}`, laptop)).status).toBe(404);
    expect((await api("DELETE", "/api/v1/tokens/%25", laptop)).status).toBe(404);
    expect((await api("GET", "/api/v1/me", bobs)).status).toBe(200);

    expect((await api("DELETE", `/api/v1/tokens/${apiTokenId(script)}`, laptop)).status).toBe(204);
    expect((await api("GET", "/api/v1/me", script)).status).toBe(401);
    expect((await api("GET", "/api/v1/me", laptop)).status).toBe(200);
    expect((await api("DELETE", `/api/v1/tokens/${apiTokenId(script)}`, laptop)).status).toBe(404);
  });

  it("are listed and revoked from the account page", async () => {
    const script = await createApiToken(services.db, aliceId, "script oublié");
    await browser.signIn("alice", PASSWORD);
    const { page } = await browser.get("/settings/account");
    expect(page).toContain("script oublié");
    expect(page).not.toContain(script);
    const action = `/settings/tokens/${apiTokenId(script)}/revoke`;
    expect(page).toContain(`action="${action}"`);
    const { res } = await browser.post(action, {});
    expect(res.status).toBe(303);
    expect((await api("GET", "/api/v1/me", script)).status).toBe(401);
    expect((await browser.get("/settings/account")).page).toContain("Aucun jeton.");
  });

  it("are all revoked by a password change unless the owner unticks the box", async () => {
    const first = await createApiToken(services.db, aliceId, "un");
    await browser.signIn("alice", PASSWORD);
    const { page } = await browser.get("/settings/account");
    expect(page).toContain('<input type="checkbox" name="revoke_tokens" value="1" checked>');
    // Unticked: a browser sends nothing for the box.
    expect((await browser.post("/settings/password", { current: PASSWORD, password: "une phrase assez longue" })).res.status).toBe(303);
    expect((await api("GET", "/api/v1/me", first)).status).toBe(200);
    await browser.get("/settings/account");
    const changed = await browser.post("/settings/password", { current: "une phrase assez longue", password: "une autre phrase longue", revoke_tokens: "1" });
    expect(changed.res.status).toBe(303);
    expect((await api("GET", "/api/v1/me", first)).status).toBe(401);
    expect((await browser.get(changed.res.headers.get("location")!)).page).toContain("Jetons révoqués : 1.");
  });
});
