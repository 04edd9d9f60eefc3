import { afterEach, describe, expect, it } from "vitest";
import { findUserByHandle, verifyCredentials } from "../../src/domain/accounts.ts";
import { createInvitation, invitationPath } from "../../src/domain/invitations.ts";
import { createApp } from "../../src/http/app.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { Browser } from "./browser.ts";

const PASSWORD = "correct horse battery";
let services: TestServices;
afterEach(() => services.close());

async function setUp(mode: "closed" | "invitation" | "open"): Promise<Browser> {
  services = await testServices({ REGISTRATION_MODE: mode });
  return new Browser(createApp(services));
}

describe("sign-up when registrations are closed", () => {
  it("answers 403 with an explanation, and creates nothing on POST", async () => {
    const browser = await setUp("closed");
    const { res, page } = await browser.get("/signup");
    expect(res.status).toBe(403);
    expect(page).toContain("<h1>Inscriptions fermées</h1>");
    expect(page).not.toContain('action="/signup"');
    const post = await browser.post("/signup", { handle: "mallory", password: PASSWORD });
    expect(post.res.status).toBe(403);
    expect(await findUserByHandle(services.db, services.config.publicUrl, "mallory")).toBeUndefined();
    // No invitation opens a closed instance either.
    const { code } = await createInvitation(services.db, services.config.publicUrl);
    expect((await browser.get(invitationPath(code))).res.status).toBe(403);
  });

  it("has no sign-up link in the header", async () => {
    const browser = await setUp("closed");
    expect((await browser.get("/")).page).not.toContain('href="/signup"');
  });
});

describe("sign-up when registrations are open", () => {
  it("creates an ordinary account, signs in and goes to the profile settings", async () => {
    const browser = await setUp("open");
    const home = await browser.get("/");
    expect(home.page).toContain('<a class="signup" href="/signup">S&#39;inscrire</a>');
    const form = await browser.get("/signup");
    expect(form.res.status).toBe(200);
    expect(form.page).toContain('<form class="form" method="post" action="/signup">');
    expect(form.page).toContain("@identifiant@test.example");

    const { res } = await browser.post("/signup", { handle: "@Alice", password: PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/settings/profile");
    const account = await findUserByHandle(services.db, services.config.publicUrl, "alice");
    expect(account?.actor.username).toBe("Alice");
    expect(account?.user.is_admin).toBe(0);
    expect(await verifyCredentials(services.db, services.config.publicUrl, "alice", PASSWORD)).not.toBeNull();
    const settings = await browser.get("/settings/profile");
    expect(settings.res.status).toBe(200);
    expect(settings.page).toContain('<a href="/@Alice">@Alice</a>');
    // Signed in: no more sign-up link.
    expect(settings.page).not.toContain('class="signup"');
  });

  it("refuses bad handles and passwords with the reason, keeping the handle typed (escaped)", async () => {
    const browser = await setUp("open");
    await browser.post("/signup", { handle: "bob", password: PASSWORD });
    const cases: [Record<string, string>, number, string][] = [
      [{ handle: "bob", password: PASSWORD }, 409, "Cet identifiant est déjà pris."],
      [{ handle: "BOB", password: PASSWORD }, 409, "Cet identifiant est déjà pris."],
      [{ handle: "admin", password: PASSWORD }, 409, "Cet identifiant est réservé."],
      [{ handle: "carol", password: "short" }, 400, "Le mot de passe doit compter de 10 à 1024 caractères."],
      [{ handle: '"><script>alert(1)</script>', password: PASSWORD }, 400, "Cet identifiant n&#39;est pas valide"],
    ];
    const fresh = new Browser(browser.app);
    for (const [fields, status, message] of cases) {
      const { res, page } = await fresh.post("/signup", fields);
      expect(res.status, fields.handle).toBe(status);
      expect(page).toContain(message);
      expect(page).not.toContain("<script>alert(1)");
    }
    expect((await fresh.post("/signup", { handle: '"><script>alert(1)</script>', password: PASSWORD })).page).toContain(
      'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"',
    );
    const people = await services.db.selectFrom("users").selectAll().execute();
    expect(people).toHaveLength(1);
  });

  it("refuses a form posted from another site, or without the token of a signed-in browser", async () => {
    const browser = await setUp("open");
    const crossSite = await browser.post("/signup", { handle: "mallory", password: PASSWORD }, { headers: { origin: "https://evil.example" } });
    expect(crossSite.res.status).toBe(403);
    await browser.post("/signup", { handle: "alice", password: PASSWORD });
    await browser.get("/");
    const noToken = await browser.post("/signup", { handle: "bob", password: PASSWORD }, { csrf: false });
    expect(noToken.res.status).toBe(403);
    expect(noToken.page).toContain("Formulaire expiré");
    expect(await findUserByHandle(services.db, services.config.publicUrl, "bob")).toBeUndefined();
    expect(await findUserByHandle(services.db, services.config.publicUrl, "mallory")).toBeUndefined();
  });
});

describe("sign-up by invitation", () => {
  it("needs an invitation link", async () => {
    const browser = await setUp("invitation");
    expect((await browser.get("/")).page).not.toContain('href="/signup"');
    const { res, page } = await browser.get("/signup");
    expect(res.status).toBe(403);
    expect(page).toContain("Inscription sur invitation");
    expect((await browser.post("/signup", { handle: "mallory", password: PASSWORD })).res.status).toBe(403);
    const unknown = await browser.get("/signup?invite=not-a-code");
    expect(unknown.res.status).toBe(404);
    expect(unknown.page).toContain("Invitation invalide");
    expect(await services.db.selectFrom("users").selectAll().execute()).toEqual([]);
  });

  it("accepts a valid invitation once, and keeps its secret out of Referer headers and caches", async () => {
    const browser = await setUp("invitation");
    const invitation = await createInvitation(services.db, services.config.publicUrl);
    const path = invitationPath(invitation.code);
    expect(invitation.url).toBe(`https://test.example${path}`);
    const form = await browser.get(path);
    expect(form.res.status).toBe(200);
    expect(form.res.headers.get("referrer-policy")).toBe("same-origin");
    expect(form.res.headers.get("cache-control")).toBe("no-store");
    expect(form.page).toContain(`action="${path}"`);
    expect(form.page).toContain("Vous êtes invité·e à rejoindre");

    // A refused form does not spend the invitation.
    expect((await browser.post(path, { handle: "alice", password: "short" })).res.status).toBe(400);
    const { res } = await browser.post(path, { handle: "alice", password: PASSWORD });
    expect(res.status).toBe(303);
    expect((await findUserByHandle(services.db, services.config.publicUrl, "alice"))?.user.is_admin).toBe(0);

    const other = new Browser(browser.app);
    const again = await other.get(path);
    expect(again.res.status).toBe(410);
    expect(again.page).toContain("Invitation expirée");
    expect((await other.post(path, { handle: "bob", password: PASSWORD })).res.status).toBe(410);
    expect(await findUserByHandle(services.db, services.config.publicUrl, "bob")).toBeUndefined();
  });

  it("lets a multi-use invitation through as many times as it allows", async () => {
    const browser = await setUp("invitation");
    const { code } = await createInvitation(services.db, services.config.publicUrl, { uses: 2 });
    for (const handle of ["alice", "bob"]) {
      expect((await new Browser(browser.app).post(invitationPath(code), { handle, password: PASSWORD })).res.status).toBe(303);
    }
    expect((await new Browser(browser.app).post(invitationPath(code), { handle: "carol", password: PASSWORD })).res.status).toBe(410);
  });

  it("refuses an expired invitation", async () => {
    const browser = await setUp("invitation");
    const { code } = await createInvitation(services.db, services.config.publicUrl, { uses: 5 });
    await services.db.updateTable("invitations").set({ expires_at: new Date(Date.now() - 1000).toISOString() }).execute();
    expect((await browser.get(invitationPath(code))).res.status).toBe(410);
    expect((await browser.post(invitationPath(code), { handle: "alice", password: PASSWORD })).res.status).toBe(410);
    expect(await findUserByHandle(services.db, services.config.publicUrl, "alice")).toBeUndefined();
  });
});
