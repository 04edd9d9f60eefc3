import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUser, verifyCredentials } from "../../src/domain/accounts.ts";
import { findActorById, profileFields, upsertRemoteActor, type ActorRow } from "../../src/domain/actors.ts";
import { recordFollow } from "../../src/domain/follows.ts";
import { createApp } from "../../src/http/app.ts";
import { parseLinks } from "../../src/http/routes/settings.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { Browser } from "./browser.ts";

const PASSWORD = "correct horse battery";
let services: TestServices;
let browser: Browser;
let alice: ActorRow;

beforeEach(async () => {
  services = await testServices();
  browser = new Browser(createApp(services));
  ({ actor: alice } = await createUser(services.db, services.config.publicUrl, { handle: "alice", password: PASSWORD, isAdmin: false }));
  await browser.signIn("alice", PASSWORD);
});
afterEach(() => services.close());

const PROFILE = {
  name: "Alice Tremblay",
  summary: "Animatrice.\r\nSaint-Jérôme.",
  interests: "agroécologie, archives, , agroécologie",
  region: "Laurentides",
  standpoint: "Citoyenne engagée",
  links: "Blogue | https://alice.example/\n\nhttps://bare.example/x\nCode https://code.example/alice",
  locked: "1",
};

describe("profile settings", () => {
  it("are only for signed-in people", async () => {
    const anonymous = new Browser(browser.app);
    const { res } = await anonymous.get("/settings/profile");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/signin?next=%2Fsettings%2Fprofile");
    expect((await anonymous.post("/settings/profile", PROFILE)).res.status).toBe(303);
    expect((await findActorById(services.db, alice.id))?.name).toBeNull();
  });

  it("save every field, federate an Update and show the result", async () => {
    const form = await browser.get("/settings/profile");
    expect(form.res.status).toBe(200);
    expect(form.page).toContain('<form class="form wide" method="post" action="/settings/profile">');
    expect(form.page).toContain('aria-current="page">Profil</a>');

    const { res } = await browser.post("/settings/profile", PROFILE);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/settings/profile?saved");
    expect(services.sent).toEqual([{ type: "profile-updated", actorId: alice.id }]);
    const updated = (await findActorById(services.db, alice.id))!;
    expect(updated.name).toBe("Alice Tremblay");
    expect(updated.summary).toBe("Animatrice.\nSaint-Jérôme.");
    expect(updated.manually_approves_followers).toBe(1);
    expect(profileFields(updated)).toEqual({
      interests: ["agroécologie", "archives"],
      region: "Laurentides",
      standpoint: "Citoyenne engagée",
      links: [
        { name: "Blogue", url: "https://alice.example/" },
        { name: "", url: "https://bare.example/x" },
        { name: "Code", url: "https://code.example/alice" },
      ],
    });

    const saved = await browser.get("/settings/profile?saved");
    expect(saved.page).toContain("Profil enregistré.");
    expect(saved.page).toContain('name="name" value="Alice Tremblay"');
    expect(saved.page).toContain('name="interests" value="agroécologie, archives"');
    expect(saved.page).toContain("Blogue | https://alice.example/\nhttps://bare.example/x\nCode | https://code.example/alice</textarea>");
    expect(saved.page).toContain('name="locked" value="1" checked>');

    // Emptying fields clears them; an unchecked box unlocks the account.
    await browser.post("/settings/profile", { name: " ", summary: "", interests: "", region: "", standpoint: "", links: "" });
    const cleared = (await findActorById(services.db, alice.id))!;
    expect(cleared).toMatchObject({ name: null, summary: null, manually_approves_followers: 0 });
    expect(profileFields(cleared)).toEqual({ interests: [], region: null, standpoint: null, links: [] });
    expect(services.sent).toHaveLength(2);
  });

  it("shows validation problems in the form, keeping what was typed", async () => {
    await browser.get("/settings/profile");
    const tooLong = await browser.post("/settings/profile", { ...PROFILE, name: "x".repeat(101) });
    expect(tooLong.res.status).toBe(400);
    expect(tooLong.page).toContain("Le profil n&#39;a pas été enregistré : Nom affiché : au plus 100 caractères.");
    expect(tooLong.page).toContain('<option value="15" selected>15 – Laurentides</option>');

    const badLink = await browser.post("/settings/profile", { ...PROFILE, links: "Blogue | https://alice.example/\nMon site sans adresse" });
    expect(badLink.res.status).toBe(400);
    expect(badLink.page).toContain("Ligne 2 des liens");
    expect(badLink.page).toContain("Mon site sans adresse</textarea>");

    const longInterest = await browser.post("/settings/profile", { ...PROFILE, interests: "y".repeat(51) });
    expect(longInterest.res.status).toBe(400);
    expect(longInterest.page).toContain("Centres d&#39;intérêt : des textes courts seulement (50 caractères au plus chacun).");
    expect(services.sent).toEqual([]);
    expect((await findActorById(services.db, alice.id))?.name).toBeNull();
  });

  it("escape what was typed when re-shown", async () => {
    await browser.get("/settings/profile");
    const xss = '</textarea><script>alert(1)</script>"><b>';
    const { page } = await browser.post("/settings/profile", { ...PROFILE, name: "x".repeat(101), summary: xss, region: xss, links: xss });
    expect(page).not.toContain("<script>alert(1)");
    expect(page).not.toContain('"><b>');
    expect(page).toContain("&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;b&gt;</textarea>");
    // Saved as text, shown as text on the profile.
    await browser.post("/settings/profile", { ...PROFILE, name: xss, summary: xss });
    const profile = await browser.get("/@alice");
    expect(profile.page).not.toContain("<script>alert(1)");
    expect(profile.page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("need the session's CSRF token", async () => {
    for (const csrf of [false, "forged"]) {
      const { res, page } = await browser.post("/settings/profile", PROFILE, { csrf });
      expect(res.status).toBe(403);
      expect(page).toContain("Formulaire expiré");
    }
    expect(services.sent).toEqual([]);
  });

  it("parse link lines", () => {
    expect(parseLinks("A | https://a.example\r\nB: http://b.example/x?y=1\n  \nhttps://c.example")).toEqual({
      links: [
        { name: "A", url: "https://a.example" },
        { name: "B", url: "http://b.example/x?y=1" },
        { name: "", url: "https://c.example" },
      ],
    });
    expect(parseLinks("javascript:alert(1)")).toEqual({ badLine: 1 });
    expect(parseLinks("ok https://ok.example\nhttps://")).toEqual({ badLine: 2 });
  });
});

describe("account settings", () => {
  it("change the password with the current one, keeping this browser signed in and others out", async () => {
    const other = new Browser(browser.app);
    await other.signIn("alice", PASSWORD);
    const page = await browser.get("/settings/account");
    expect(page.page).toContain('action="/settings/password"');
    expect(page.page).toContain('action="/settings/delete"');

    const wrong = await browser.post("/settings/password", { current: "not my password", password: "a brand new password" });
    expect(wrong.res.status).toBe(400);
    expect(wrong.page).toContain("Le mot de passe est incorrect.");
    const short = await browser.post("/settings/password", { current: PASSWORD, password: "short" });
    expect(short.res.status).toBe(400);
    expect(short.page).toContain("de 10 à 1024 caractères");
    expect(await verifyCredentials(services.db, services.config.publicUrl, "alice", PASSWORD)).not.toBeNull();

    const { res } = await browser.post("/settings/password", { current: PASSWORD, password: "a brand new password" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/settings/account?changed");
    expect(await verifyCredentials(services.db, services.config.publicUrl, "alice", "a brand new password")).not.toBeNull();
    const after = await browser.get("/settings/account?changed");
    expect(after.res.status).toBe(200);
    expect(after.page).toContain("Mot de passe changé.");
    // The other browser was signed out.
    expect((await other.get("/settings/account")).res.status).toBe(303);
  });

  it("delete the account after the password, federate the deletion and sign out", async () => {
    const bob = await upsertRemoteActor(services.db, {
      uri: "https://remote.example/users/bob",
      type: "Person",
      username: "bob",
      domain: "remote.example",
      name: null,
      summary: null,
      iconUrl: null,
      url: null,
      inboxUrl: "https://remote.example/users/bob/inbox",
      sharedInboxUrl: null,
      outboxUrl: null,
      followersUrl: null,
      followingUrl: null,
      manuallyApprovesFollowers: false,
      fields: { interests: [], region: null, standpoint: null, links: [] },
    });
    await recordFollow(services.db, services.config.publicUrl, bob, alice, { activityUri: "https://remote.example/f/1", accepted: true });
    await browser.get("/settings/account");
    const wrong = await browser.post("/settings/delete", { password: "not my password" });
    expect(wrong.res.status).toBe(400);
    expect(wrong.page).toContain("Le mot de passe est incorrect.");
    expect(services.sent).toEqual([]);

    const { res, page } = await browser.post("/settings/delete", { password: PASSWORD });
    expect(res.status).toBe(200);
    expect(page).toContain("Votre compte a été supprimé");
    expect(page).toContain('class="signin"');
    expect(browser.cookies.has("ec_session")).toBe(false);
    expect(services.sent).toEqual([{ type: "actor-deleted", actorId: alice.id, recipientIds: [bob.id] }]);
    expect((await findActorById(services.db, alice.id))?.deleted_at).not.toBeNull();
    expect(await verifyCredentials(services.db, services.config.publicUrl, "alice", PASSWORD)).toBeNull();
    expect((await browser.get("/@alice")).res.status).toBe(410);
  });

  it("need the session's CSRF token", async () => {
    await browser.get("/settings/account");
    for (const [path, fields] of [
      ["/settings/password", { current: PASSWORD, password: "a brand new password" }],
      ["/settings/delete", { password: PASSWORD }],
    ] as const) {
      const { res } = await browser.post(path, fields, { csrf: false });
      expect(res.status, path).toBe(403);
    }
    expect(await verifyCredentials(services.db, services.config.publicUrl, "alice", PASSWORD)).not.toBeNull();
    expect(services.sent).toEqual([]);
  });
});
