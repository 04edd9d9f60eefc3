// The administrators' area (/admin): every admin API capability as a page
// control. Administrators only (403 page for others), every action
// CSRF-protected, destructive ones confirmed first, each with a notice.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Hono } from "hono";
import { createUser } from "../../src/domain/accounts.ts";
import type { ActorRow } from "../../src/domain/actors.ts";
import { currentPolicy } from "../../src/domain/federation-policy.ts";
import { invitationState } from "../../src/domain/invitations.ts";
import { listModerationPolicies } from "../../src/domain/moderation-policies.ts";
import { isSuspended } from "../../src/domain/suspensions.ts";
import { createApp } from "../../src/http/app.ts";
import type { AppEnv } from "../../src/http/env.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { Browser } from "./browser.ts";

const PASSWORD = "correct horse battery";
let services: TestServices;
let app: Hono<AppEnv>;
let admin: ActorRow;
let bob: ActorRow;

beforeEach(async () => {
  services = await testServices({ REGISTRATION_MODE: "invitation" });
  app = createApp(services);
  const origin = services.config.publicUrl;
  admin = (await createUser(services.db, origin, { handle: "ada", password: PASSWORD, isAdmin: true })).actor;
  bob = (await createUser(services.db, origin, { handle: "bob", password: PASSWORD, isAdmin: false })).actor;
});
afterEach(() => services.close());

async function signedIn(actor: ActorRow): Promise<Browser> {
  const browser = new Browser(app);
  await browser.signIn(actor.username, PASSWORD);
  return browser;
}

const PAGES = ["/admin", "/admin/settings", "/admin/federation", "/admin/sisters", "/admin/accounts", "/admin/queue"];

/** Every action, with fields that would make it work (confirmed where it asks). */
const ACTIONS: [string, Record<string, string>][] = [
  ["/admin/invitations", { uses: "2", days: "3" }],
  ["/admin/invitations/abc/revoke", { confirmed: "1" }],
  ["/admin/federation/policy", { mode: "network-only", blocked: "", allowed: "" }],
  ["/admin/federation/limits", { target: "spam.example", policy: "block", confirmed: "1" }],
  ["/admin/federation/purge", { host: "spam.example", confirmed: "1" }],
  ["/admin/sisters", { host: "sister.example" }],
  ["/admin/sisters/sister.example/sync", {}],
  ["/admin/sisters/sister.example/disconnect", { confirmed: "1" }],
  ["/admin/accounts/suspend", { handle: "bob", confirmed: "1" }],
  ["/admin/accounts/unsuspend", { handle: "bob" }],
  ["/admin/accounts/delete", { handle: "bob", confirmed: "1" }],
];

describe("the admin area", () => {
  it("answers 403 to a signed-in member on every page and action, and sends visitors to sign in", async () => {
    const member = await signedIn(bob);
    for (const path of PAGES) {
      const { res, page } = await member.get(path);
      expect(res.status, path).toBe(403);
      expect(page, path).toContain("Réservé à l&#39;administration");
    }
    for (const [path, fields] of ACTIONS) expect((await member.post(path, fields)).res.status, path).toBe(403);
    expect((await currentPolicy(services.db)).mode).toBe("open");
    expect(await isSuspended(services.db, bob.id)).toBe(false);
    expect((await services.db.selectFrom("actors").select("deleted_at").where("id", "=", bob.id).executeTakeFirstOrThrow()).deleted_at).toBeNull();
    const visitor = await new Browser(app).get("/admin");
    expect(visitor.res.status).toBe(303);
    expect(visitor.res.headers.get("location")).toBe("/signin?next=%2Fadmin");
  });

  it("refuses every action without the form's CSRF token", async () => {
    const browser = await signedIn(admin);
    await browser.get("/admin");
    for (const [path, fields] of ACTIONS) {
      const { res, page } = await browser.post(path, fields, { csrf: false });
      expect(res.status, path).toBe(403);
      expect(page, path).toContain("Formulaire expiré");
    }
    expect((await currentPolicy(services.db)).mode).toBe("open");
    expect(await isSuspended(services.db, bob.id)).toBe(false);
  });

  it("shows every section to an administrator, in French and in English", async () => {
    const browser = await signedIn(admin);
    for (const path of PAGES) {
      const { res, page } = await browser.get(path);
      expect(res.status, path).toBe(200);
      expect(page, path).toContain('<nav class="settings-nav" aria-label="Sections de l&#39;administration">');
      expect(page, path).toContain('href="/moderation/reports"');
    }
    expect((await browser.get("/admin/settings")).page).toContain("<code>REGISTRATION_MODE</code>");
    expect((await browser.get("/admin/queue")).page).toContain("ne fait pas tourner la file d&#39;envoi");
    const english = await browser.get("/admin/federation", { "accept-language": "en" });
    expect(english.page).toContain("Limits and blocks");
    expect(english.page).not.toContain("Limites et blocages");
  });

  it("creates an invitation whose link is shown once, lists it, and revokes it after a confirmation step", async () => {
    const browser = await signedIn(admin);
    await browser.get("/admin/settings");
    const created = await browser.post("/admin/invitations", { uses: "2", days: "3" });
    expect(created.res.status).toBe(200);
    expect(created.res.headers.get("cache-control")).toBe("no-store");
    const link = /href="(https:\/\/test\.example\/signup\?invite=[^"]+)"/.exec(created.page)![1]!;
    const code = new URL(link.replaceAll("&amp;", "&")).searchParams.get("invite")!;
    expect(await invitationState(services.db, code)).toBe("valid");
    const listed = await browser.get("/admin/settings");
    expect(listed.page).not.toContain(code);
    expect(listed.page).toContain("2 inscription(s) restante(s)");
    const id = /action="\/admin\/invitations\/([^/]+)\/revoke"/.exec(listed.page)![1]!;
    const asked = await browser.post(`/admin/invitations/${id}/revoke`, {});
    expect(asked.page).toContain("Révoquer cette invitation ?");
    expect(await invitationState(services.db, code)).toBe("valid");
    const revoked = await browser.post(`/admin/invitations/${id}/revoke`, { confirmed: "1" });
    expect(revoked.res.headers.get("location")).toBe("/admin/settings?done=invitation-revoked");
    expect(await invitationState(services.db, code)).toBe("unknown");
    expect((await browser.get("/admin/settings?done=invitation-revoked")).page).toContain("Invitation révoquée.");

    const bad = await browser.post("/admin/invitations", { uses: "0", days: "3" });
    expect(bad.res.status).toBe(400);
    expect(bad.page).toContain("Une invitation sert de 1 à 1 000 fois");
    expect(bad.page).toContain('value="0"');
  });

  it("changes the federation policy, and refuses what is not a host with a French sentence that keeps the lists typed", async () => {
    const browser = await signedIn(admin);
    await browser.get("/admin/federation");
    const bad = await browser.post("/admin/federation/policy", { mode: "open", blocked: "spam.example\npas un hôte!", allowed: "" });
    expect(bad.res.status).toBe(400);
    expect(bad.page).toContain("Ce ne sont pas des noms de serveur : pas");
    expect(bad.page).toContain("spam.example\npas un hôte!</textarea>");
    const saved = await browser.post("/admin/federation/policy", { mode: "network-only", blocked: "spam.example", allowed: "laurentides.example\nsoeur.example" });
    expect(saved.res.headers.get("location")).toBe("/admin/federation?done=policy");
    const policy = await currentPolicy(services.db);
    expect(policy).toMatchObject({ mode: "network-only", blocked: ["spam.example"], allowed: ["laurentides.example", "soeur.example"] });
    const page = (await browser.get("/admin/federation?done=policy")).page;
    expect(page).toContain("Politique de fédération enregistrée.");
    expect(page).toContain("mode open → network-only");
  });

  it("limits an instance, blocks another after a confirmation step, purges it, and lifts the limit", async () => {
    const browser = await signedIn(admin);
    await browser.get("/admin/federation");
    expect((await browser.post("/admin/federation/limits", { target: "bruyant.example", policy: "limit", reason: "Trop de pourriel" })).res.headers.get("location")).toBe("/admin/federation?done=limit");
    const asked = await browser.post("/admin/federation/limits", { target: "spam.example", policy: "block", reason: "Pourriel" });
    expect(asked.page).toContain("Bloquer spam.example ?");
    expect((await currentPolicy(services.db)).blocked).toEqual([]);
    await browser.post("/admin/federation/limits", { target: "spam.example", kind: "instance", policy: "block", reason: "Pourriel", confirmed: "1" });
    expect((await currentPolicy(services.db)).blocked).toEqual(["spam.example"]);
    expect((await listModerationPolicies(services.db)).map((p) => [p.target, p.policy])).toEqual(
      expect.arrayContaining([
        ["bruyant.example", "limit"],
        ["spam.example", "block"],
      ]),
    );
    const page = (await browser.get("/admin/federation")).page;
    expect(page).toMatch(/<strong>spam\.example<\/strong> · plateforme · Bloquer — Pourriel/);
    expect(page).toContain('action="/admin/federation/purge"');

    expect((await browser.post("/admin/federation/purge", { host: "spam.example" })).page).toContain("Purger le contenu de spam.example ?");
    const purged = await browser.post("/admin/federation/purge", { host: "spam.example", confirmed: "1" });
    expect(purged.res.status).toBe(200);
    expect(purged.page).toContain("Contenu de spam.example purgé : 0 note(s)");
    const notBlocked = await browser.post("/admin/federation/purge", { host: "bruyant.example", confirmed: "1" });
    expect(notBlocked.res.status).toBe(409);
    expect(notBlocked.page).toContain("Bloquez d&#39;abord cette plateforme");

    await browser.post("/admin/federation/limits", { target: "bruyant.example", kind: "instance", policy: "none" });
    expect((await listModerationPolicies(services.db)).map((p) => p.target)).toEqual(["spam.example"]);
    const self = await browser.post("/admin/federation/limits", { target: "test.example", policy: "limit" });
    expect(self.res.status).toBe(400);
    expect(self.page).toContain("Cette mesure est impossible");
  });

  it("suspends an account after a confirmation step, lists it, lifts the suspension, and deletes an account", async () => {
    const browser = await signedIn(admin);
    await browser.get("/admin/accounts");
    const asked = await browser.post("/admin/accounts/suspend", { handle: "bob", reason: "Harcèlement" });
    expect(asked.page).toContain("Suspendre le compte bob ?");
    expect(await isSuspended(services.db, bob.id)).toBe(false);
    expect((await browser.post("/admin/accounts/suspend", { handle: "bob", reason: "Harcèlement", confirmed: "1" })).res.headers.get("location")).toBe("/admin/accounts?done=suspended");
    expect(await isSuspended(services.db, bob.id)).toBe(true);
    const page = (await browser.get("/admin/accounts?done=suspended")).page;
    expect(page).toContain("Compte suspendu.");
    expect(page).toMatch(/<section id="suspended">[\s\S]*@bob@test\.example[\s\S]*Harcèlement/);
    expect((await browser.post("/admin/accounts/unsuspend", { handle: "bob" })).res.headers.get("location")).toBe("/admin/accounts?done=unsuspended");
    expect(await isSuspended(services.db, bob.id)).toBe(false);
    const admins = await browser.post("/admin/accounts/suspend", { handle: "ada", confirmed: "1" });
    expect(admins.res.status).toBe(400);
    const nobody = await browser.post("/admin/accounts/suspend", { handle: "personne", reason: "gardé", confirmed: "1" });
    expect(nobody.res.status).toBe(404);
    expect(nobody.page).toContain("Aucun compte de cette plateforme avec cet identifiant.");
    expect(nobody.page).toContain('value="gardé"');

    const deleteAsked = await browser.post("/admin/accounts/delete", { handle: "bob", reason: "Demande" });
    expect(deleteAsked.page).toContain("Supprimer le compte bob ?");
    expect(deleteAsked.page).toContain("Cette action ne peut pas être annulée.");
    expect((await browser.post("/admin/accounts/delete", { handle: "bob", reason: "Demande", confirmed: "1" })).res.headers.get("location")).toBe("/admin/accounts?done=deleted");
    expect((await services.db.selectFrom("actors").select("deleted_at").where("id", "=", bob.id).executeTakeFirstOrThrow()).deleted_at).not.toBeNull();
    const own = await browser.post("/admin/accounts/delete", { handle: "ada", confirmed: "1" });
    expect(own.res.status).toBe(400);
  });

  it("answers a French sentence when a sister to disconnect is not one", async () => {
    const browser = await signedIn(admin);
    await browser.get("/admin/sisters");
    expect((await browser.post("/admin/sisters/inconnu.example/disconnect", {})).page).toContain("Délier inconnu.example ?");
    const { res, page } = await browser.post("/admin/sisters/inconnu.example/disconnect", { confirmed: "1" });
    expect(res.status).toBe(404);
    expect(page).toContain("Ce n&#39;est pas une plateforme sœur.");
  });
});
