// Editing a community (its moderators) and an organization (its admins) from
// the pages, as the API's PATCH does: every field, catalog errors on marked
// fields with what was typed kept, a saved notice after the redirect, the
// Update queued for delivery, CSRF, and a 403 page for everyone else.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Hono } from "hono";
import { createUser } from "../../src/domain/accounts.ts";
import { findActorById, profileFields, type ActorRow } from "../../src/domain/actors.ts";
import { createCommunity, findCommunity, parseNewCommunity, type Community } from "../../src/domain/communities.ts";
import { recordFollow } from "../../src/domain/follows.ts";
import { addMember, createOrganization } from "../../src/domain/organizations.ts";
import { createApp } from "../../src/http/app.ts";
import type { AppEnv } from "../../src/http/env.ts";
import { t } from "../../src/http/i18n/messages.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { Browser } from "./browser.ts";

const PASSWORD = "correct horse battery";
let services: TestServices;
let app: Hono<AppEnv>;
let alice: ActorRow;
let bob: ActorRow;
let jardins: Community;
let cuisine: ActorRow;

beforeEach(async () => {
  services = await testServices();
  app = createApp(services);
  const origin = services.config.publicUrl;
  const user = async (handle: string) => (await createUser(services.db, origin, { handle, password: PASSWORD, isAdmin: false })).actor;
  alice = await user("alice");
  bob = await user("bob");
  jardins = await createCommunity(services, alice, parseNewCommunity({ handle: "jardins", name: "Jardins", rules: "Soyez bienveillants." }));
  await recordFollow(services.db, origin, bob, jardins.actor, { accepted: true });
  cuisine = await createOrganization(services, alice, { username: "cuisine", name: "Cuisine collective", summary: null });
  await addMember(services, alice, cuisine, bob.uri, "member");
  services.sent.length = 0;
});
afterEach(() => services.close());

async function signedIn(actor: ActorRow): Promise<Browser> {
  const browser = new Browser(app);
  await browser.signIn(actor.username, PASSWORD);
  return browser;
}

const shown = (message: string): string => message.replace(/'/g, "&#39;");
const fieldMessage = (page: string, field: string): string | undefined => new RegExp(`<span class="field-error" id="field-${field}-error">([^<]*)</span>`).exec(page)?.[1];
const invalid = (page: string, field: string): boolean => page.includes(`id="field-${field}" aria-invalid="true" aria-describedby="field-${field}-error"`);

describe("editing a community from the pages", () => {
  const path = "/c/jardins/edit";

  it("is linked for moderators, saves every field, says so and queues the Update of the Group", async () => {
    const mod = await signedIn(alice);
    expect((await mod.get("/c/jardins")).page).toContain(`href="${path}"`);
    expect((await mod.get("/c/jardins/moderation")).page).toContain(`href="${path}"`);
    const form = await mod.get(path);
    expect(form.res.status).toBe(200);
    expect(form.page).toContain('value="Jardins"');
    expect(form.page).toContain("Soyez bienveillants.");
    expect(form.page).toContain('list="interest-suggestions"');
    expect(form.page).toContain('<datalist id="interest-suggestions">');
    const { res } = await mod.post(path, {
      name: "Jardins partagés",
      summary: "Entraide entre jardiniers.",
      iconUrl: "https://example.org/jardins.png",
      rules: "Pas de pub.",
      languages: "FR, en",
      topics: "agriculture urbaine, semences",
      region: "06",
      postingRestrictedToMods: "1",
      labelVoteThreshold: "3",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/c/jardins?done=updated");
    const after = await mod.get(res.headers.get("location")!);
    expect(after.page).toContain(`<p class="notice" role="status">${shown(t("fr", "communities.done.updated"))}</p>`);
    const saved = (await findCommunity(services.db, jardins.actor.id))!;
    expect(saved.actor).toMatchObject({ name: "Jardins partagés", summary: "Entraide entre jardiniers.", icon_url: "https://example.org/jardins.png", region: "06" });
    expect(saved.settings).toMatchObject({ rules: "Pas de pub.", languages: '["fr","en"]', topics: '["agriculture urbaine","semences"]', posting_restricted_to_mods: 1, label_vote_threshold: 3 });
    expect(services.sent).toEqual([expect.objectContaining({ type: "community-updated", communityId: jardins.actor.id })]);
    // Emptied fields are taken away; the form shows what is saved.
    await mod.get(path);
    await mod.post(path, { name: "Jardins", summary: "", iconUrl: "", rules: "", languages: "", topics: "", region: "", labelVoteThreshold: "" });
    const cleared = (await findCommunity(services.db, jardins.actor.id))!;
    expect(cleared.actor).toMatchObject({ summary: null, icon_url: null, region: null });
    expect(cleared.settings).toMatchObject({ rules: null, topics: "[]", posting_restricted_to_mods: 0, label_vote_threshold: null });
  });

  for (const lang of ["fr", "en"] as const) {
    it(`refuses bad input with every problem on its field, in the page's language, and keeps what was typed (${lang})`, async () => {
      const mod = await signedIn(alice);
      const headers = { "accept-language": lang };
      await mod.get(path, headers);
      const { res, page } = await mod.post(path, { name: "x".repeat(101), summary: "Gardé tel quel", iconUrl: "ftp://example.org/a.png", labelVoteThreshold: "1", topics: "semences" }, { headers });
      expect(res.status).toBe(400);
      expect(page).toContain(shown(t(lang, "form.errorSummary", { count: 3 })));
      expect(fieldMessage(page, "name")).toBe(shown(t(lang, "form.tooLong", { label: t(lang, "communities.formName"), limit: 100 })));
      expect(fieldMessage(page, "iconUrl")).toBe(shown(t(lang, "form.notUrl", { label: t(lang, "edit.icon"), value: "ftp://example.org/a.png" })));
      expect(fieldMessage(page, "labelVoteThreshold")).toBe(shown(t(lang, "form.outOfRange", { label: t(lang, "communities.editLabelVotes"), min: 2, limit: 1000 })));
      for (const field of ["name", "iconUrl", "labelVoteThreshold"]) expect(invalid(page, field), field).toBe(true);
      expect(page).toContain("Gardé tel quel");
      expect(page).toContain('value="semences"');
      if (lang === "fr") expect(page).not.toMatch(/must be|characters/);
      expect((await findCommunity(services.db, jardins.actor.id))!.actor.name).toBe("Jardins");
      expect(services.sent).toEqual([]);
    });
  }

  it("answers 403 to a member who does not moderate, sends a visitor to sign in, and refuses a post without the CSRF token", async () => {
    const member = await signedIn(bob);
    expect((await member.get("/c/jardins")).page).not.toContain(`href="${path}"`);
    const page = await member.get(path);
    expect(page.res.status).toBe(403);
    expect(page.page).toContain(shown(t("fr", "communities.forbiddenBody")));
    expect((await member.post(path, { name: "Pris" })).res.status).toBe(403);
    const visitor = await new Browser(app).get(path);
    expect(visitor.res.status).toBe(303);
    const mod = await signedIn(alice);
    await mod.get(path);
    const forged = await mod.post(path, { name: "Pris" }, { csrf: false });
    expect(forged.res.status).toBe(403);
    expect((await findCommunity(services.db, jardins.actor.id))!.actor.name).toBe("Jardins");
    expect(services.sent).toEqual([]);
  });
});

describe("editing an organization from the pages", () => {
  const path = "/organizations/cuisine/edit";

  it("is linked for its admins, saves the profile, says so and queues the Update", async () => {
    const admin = await signedIn(alice);
    expect((await admin.get("/organizations/cuisine")).page).toContain(`href="${path}"`);
    const form = await admin.get(path);
    expect(form.res.status).toBe(200);
    expect(form.page).toContain('value="Cuisine collective"');
    expect(form.page).toContain('<datalist id="interest-suggestions">');
    const { res } = await admin.post(path, {
      name: "Cuisine collective de Rimouski",
      summary: "On cuisine ensemble.",
      iconUrl: "https://example.org/cuisine.png",
      interests: "cuisine, entraide, cuisine",
      region: "01",
      links: "Site | https://cuisine.example.org\nhttps://example.org/blogue",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/organizations/cuisine?saved=updated");
    const after = await admin.get(res.headers.get("location")!);
    expect(after.page).toContain(`<p class="notice" role="status">${shown(t("fr", "organization.updated"))}</p>`);
    const saved = (await findActorById(services.db, cuisine.id))!;
    expect(saved).toMatchObject({ name: "Cuisine collective de Rimouski", summary: "On cuisine ensemble.", icon_url: "https://example.org/cuisine.png", region: "01" });
    expect(profileFields(saved)).toMatchObject({
      interests: ["cuisine", "entraide"],
      region: "Bas-Saint-Laurent",
      links: [
        { name: "Site", url: "https://cuisine.example.org" },
        { name: "", url: "https://example.org/blogue" },
      ],
    });
    expect(services.sent).toEqual([expect.objectContaining({ type: "profile-updated", actorId: cuisine.id })]);
  });

  for (const lang of ["fr", "en"] as const) {
    it(`refuses bad input with every problem on its field, in the page's language, and keeps what was typed (${lang})`, async () => {
      const admin = await signedIn(alice);
      const headers = { "accept-language": lang };
      await admin.get(path, headers);
      const { res, page } = await admin.post(path, { name: "Gardé", summary: "s".repeat(2001), interests: "x".repeat(51), links: "Site sans adresse" }, { headers });
      expect(res.status).toBe(400);
      expect(page).toContain(shown(t(lang, "form.errorSummary", { count: 3 })));
      expect(fieldMessage(page, "summary")).toBe(shown(t(lang, "form.tooLong", { label: t(lang, "writing.organizationSummary"), limit: 2000 })));
      expect(fieldMessage(page, "interests")).toBe(shown(t(lang, "form.itemTooLong", { label: t(lang, "settings.interests"), limit: 50 })));
      expect(fieldMessage(page, "links")).toBe(shown(t(lang, "form.notUrl", { label: t(lang, "settings.links"), value: "Site sans adresse" })));
      for (const field of ["summary", "interests", "links"]) expect(invalid(page, field), field).toBe(true);
      expect(page).toContain('value="Gardé"');
      expect(page).toContain("Site sans adresse");
      if (lang === "fr") expect(page).not.toMatch(/must be|characters/);
      expect((await findActorById(services.db, cuisine.id))!.name).toBe("Cuisine collective");
      expect(services.sent).toEqual([]);
    });
  }

  it("answers 403 to a member who does not administer it, sends a visitor to sign in, and refuses a post without the CSRF token", async () => {
    const member = await signedIn(bob);
    expect((await member.get("/organizations/cuisine")).page).not.toContain(`href="${path}"`);
    const page = await member.get(path);
    expect(page.res.status).toBe(403);
    expect(page.page).toContain(shown(t("fr", "organization.forbiddenBody")));
    expect((await member.post(path, { name: "Pris" })).res.status).toBe(403);
    const visitor = await new Browser(app).get(path);
    expect(visitor.res.status).toBe(303);
    expect((await new Browser(app).get("/organizations/nobody/edit")).res.status).toBe(303);
    expect((await member.get("/organizations/nobody/edit")).res.status).toBe(404);
    const admin = await signedIn(alice);
    await admin.get(path);
    const forged = await admin.post(path, { name: "Pris" }, { csrf: false });
    expect(forged.res.status).toBe(403);
    expect((await findActorById(services.db, cuisine.id))!.name).toBe("Cuisine collective");
    expect(services.sent).toEqual([]);
  });
});
