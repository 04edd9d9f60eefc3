// The report pages: the "Signaler" link on a note leads to a form (CSRF-protected),
// the moderators' list shows what to handle and resolves it.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Hono } from "hono";
import { createUser } from "../../src/domain/accounts.ts";
import type { ActorRow } from "../../src/domain/actors.ts";
import { createCommunity } from "../../src/domain/communities.ts";
import { recordFollow } from "../../src/domain/follows.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import type { NoteRow } from "../../src/domain/notes.ts";
import { createApp } from "../../src/http/app.ts";
import type { AppEnv } from "../../src/http/env.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { Browser } from "./browser.ts";

const PASSWORD = "correct horse battery";
let services: TestServices;
let app: Hono<AppEnv>;
let moderator: ActorRow;
let member: ActorRow;
let reader: ActorRow;
let note: NoteRow;

beforeEach(async () => {
  services = await testServices();
  app = createApp(services);
  const origin = services.config.publicUrl;
  const user = async (handle: string) => (await createUser(services.db, origin, { handle, password: PASSWORD, isAdmin: false })).actor;
  moderator = await user("moderatrice");
  member = await user("membre");
  reader = await user("lectrice");
  const community = await createCommunity(services, moderator, { handle: "jardins", visibility: "public", name: "Jardins", summary: null, rules: null, languages: ["fr"], topics: [], postingRestrictedToMods: false });
  await recordFollow(services.db, origin, member, community.actor, { accepted: true });
  note = (await createNote(services, member, { title: "Pilules miracles", content: "Achetez", communities: ["jardins"] })).note;
  services.sent.length = 0;
});
afterEach(() => services.close());

async function signedIn(actor: ActorRow): Promise<Browser> {
  const browser = new Browser(app);
  await browser.signIn(actor.username, PASSWORD);
  return browser;
}

describe("report pages", () => {
  it("a signed-in reader follows « Signaler » to the form and sends a report the moderators then resolve", async () => {
    expect((await new Browser(app).get(`/notes/${note.id}`)).page).not.toContain(`/notes/${note.id}/report`);
    const browser = await signedIn(reader);
    const notePage = (await browser.get(`/notes/${note.id}`)).page;
    expect(notePage).toContain(`<a href="/notes/${note.id}/report">Signaler</a>`);
    const form = await browser.get(`/notes/${note.id}/report`);
    expect(form.page).toContain("Signaler « Pilules miracles »");
    expect(form.page).toContain('value="misinformation"');
    expect((await browser.post(`/notes/${note.id}/report`, { category: "spam", comment: "pub" }, { csrf: false })).res.status).toBe(403);
    expect((await browser.post(`/notes/${note.id}/report`, { category: "bof" })).res.status).toBe(400);
    const sent = await browser.post(`/notes/${note.id}/report`, { category: "spam", comment: "pub" });
    expect(sent.res.status).toBe(200);
    expect(sent.page).toContain("Signalement envoyé");

    expect((await browser.get("/moderation/reports")).res.status).toBe(403);
    const mod = await signedIn(moderator);
    const list = await mod.get("/moderation/reports");
    expect(list.page).toContain("Pilules miracles");
    expect(list.page).toContain("Pourriel ou publicité — pub");
    const id = /action="\/moderation\/reports\/([^/]+)\/resolve"/.exec(list.page)![1]!;
    // Removing is destructive: the first POST only asks for confirmation.
    const asked = await mod.post(`/moderation/reports/${id}/resolve`, { action: "remove", note: "pub" });
    expect(asked.res.status).toBe(200);
    expect(asked.page).toContain("Retirer le contenu signalé ?");
    expect(asked.page).toMatch(/<button type="submit" class="danger">Oui, retirer le contenu<\/button>/);
    expect(services.sent).toEqual([]);
    const resolved = await mod.post(`/moderation/reports/${id}/resolve`, { action: "remove", note: "pub", back: "/moderation/reports", confirmed: "1" });
    expect(resolved.res.status).toBe(303);
    expect(resolved.res.headers.get("location")).toBe("/moderation/reports?done=resolved");
    expect(services.sent.map((i) => i.type)).toEqual(["community-post-removed"]);
    const after = await mod.get("/moderation/reports?done=resolved");
    expect(after.page).toContain("Aucun signalement à traiter.");
    expect(after.page).toContain("Signalement traité.");
  });

  it("answers 404 for a private note the reader cannot see, and sends visitors to sign in", async () => {
    const secret = (await createNote(services, member, { title: "Entre nous", content: "x", visibility: "followers" })).note;
    const browser = await signedIn(reader);
    expect((await browser.get(`/notes/${secret.id}/report`)).res.status).toBe(404);
    expect((await browser.post(`/notes/${secret.id}/report`, { category: "spam" })).res.status).toBe(404);
    expect((await new Browser(app).get(`/notes/${note.id}/report`)).res.status).toBe(303);
  });
});
