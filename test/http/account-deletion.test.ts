// The right to erasure on this instance (issue 15): what a deletion purges,
// what it keeps under "Anonyme" when asked and the licence allows, and an
// administrator's deletion of a member, logged. Across instances:
// test/e2e/account-deletion.test.ts.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Hono } from "hono";
import { createUser } from "../../src/domain/accounts.ts";
import { ANONYMOUS_ACTOR_ID, findActorByUri, type ActorRow } from "../../src/domain/actors.ts";
import { createApiToken } from "../../src/domain/api-tokens.ts";
import { licenceAllowsKeeping } from "../../src/domain/account-deletion.ts";
import { moderationLog } from "../../src/domain/moderation-log.ts";
import { createApp } from "../../src/http/app.ts";
import type { AppEnv } from "../../src/http/env.ts";
import { png } from "../fixtures/media/samples.ts";
import { callApi } from "../helpers/api-client.ts";
import { storeRemotePerson } from "../helpers/remote-actors.ts";
import type { TestServices } from "../helpers/services.ts";
import type { DatabaseHandle } from "../../src/db/database.ts";
import { DATABASES, servicesOn } from "../domain/on-databases.ts";
import { Browser } from "./browser.ts";
import { tablesContaining } from "../helpers/table-scan.ts";

const PASSWORD = "correct horse battery";
let services: TestServices;
let app: Hono<AppEnv>;
let alice: ActorRow;
let bob: ActorRow;
let tokens: { alice: string; bob: string; admin: string };

async function setUp(open: () => Promise<DatabaseHandle>): Promise<void> {
  const base = servicesOn(await open());
  // Local actors resolve by URI (each edit resolves the note's authors); nothing remote.
  services = { ...base, directory: { resolve: async (query: string) => (await findActorByUri(base.db, query)) ?? null } };
  app = createApp(services);
  const origin = services.config.publicUrl;
  ({ actor: alice } = await createUser(services.db, origin, { handle: "alice", password: PASSWORD, isAdmin: false }));
  ({ actor: bob } = await createUser(services.db, origin, { handle: "bob", password: PASSWORD, isAdmin: false }));
  const { actor: admin } = await createUser(services.db, origin, { handle: "root", password: PASSWORD, isAdmin: true });
  tokens = { alice: await createApiToken(services.db, alice.id, "t"), bob: await createApiToken(services.db, bob.id, "t"), admin: await createApiToken(services.db, admin.id, "t") };
}

async function upload(token: string): Promise<{ id: string }> {
  const form = new FormData();
  form.set("file", new Blob([png() as BlobPart]), "jardin.png");
  const res = await app.request("/api/v1/media", { method: "POST", headers: { authorization: `Bearer ${token}` }, body: form });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string };
}

/** alice: an open-licence note with an attachment and an edit, an all-rights-reserved one, a like, a loose upload. */
async function aliceWritesAndLikes() {
  const image = await upload(tokens.alice);
  const loose = await upload(tokens.alice);
  const open = (await callApi(app, tokens.alice, "POST", "/notes", { title: "Semis ouverts", content: "Version un ALICE-FIRST-DRAFT.", license: "cc-by-sa-4.0", attachments: [image.id] })).json;
  expect((await callApi(app, tokens.alice, "PATCH", `/notes/${open.id}`, { summary: "Semis.", content: "Version deux." })).status).toBe(200);
  const closed = (await callApi(app, tokens.alice, "POST", "/notes", { title: "Carnet privé ALICE-CLOSED", content: "Tous droits réservés.", license: "all-rights-reserved" })).json;
  const bobs = (await callApi(app, tokens.bob, "POST", "/notes", { title: "Note de bob", content: "Bonjour." })).json;
  expect((await callApi(app, tokens.alice, "POST", `/notes/${bobs.id}/like`)).status).toBe(201);
  const files = await services.db.selectFrom("media").select(["id", "storage_path"]).where("id", "in", [image.id, loose.id]).execute();
  return { open, closed, bobs, image, loose, files };
}

for (const database of DATABASES) {
  describe(`deleting one's account (${database.name})`, () => {
    beforeEach(() => setUp(database.open));
    afterEach(() => services.close());

    it("tells which licences allow keeping a note", () => {
      expect(licenceAllowsKeeping("https://creativecommons.org/licenses/by-sa/4.0/")).toBe(true);
      expect(licenceAllowsKeeping("https://creativecommons.org/publicdomain/zero/1.0/")).toBe(true);
      expect(licenceAllowsKeeping(null)).toBe(false);
      expect(licenceAllowsKeeping("urn:encommun:license:all-rights-reserved")).toBe(false);
    });

    it("purges notes, revisions, files, likes, sessions and tokens, and tells every known server", async () => {
      const { open, closed, bobs, files } = await aliceWritesAndLikes();
      const remote = await storeRemotePerson(services, "https://ailleurs.example/users/zoe", { sharedInboxUrl: "https://ailleurs.example/inbox" });
      services.sent.length = 0;
      const deleted = await callApi(app, tokens.alice, "DELETE", "/me", { password: PASSWORD });
      expect(deleted.status).toBe(200);
      expect(deleted.json).toEqual({ deletedNotes: 2, anonymizedNotes: 0, notifiedServers: 1 });
      // One Delete per note first, then the actor's Delete to every known inbox (zoe follows nobody here).
      expect(services.sent).toEqual([
        { type: "note-deleted", noteId: expect.any(String) },
        { type: "note-deleted", noteId: expect.any(String) },
        { type: "actor-deleted", actorId: alice.id, recipientIds: [remote.id] },
      ]);
      expect(new Set(services.sent.slice(0, 2).map((i) => (i as { noteId: string }).noteId))).toEqual(new Set([open.id, closed.id]));
      const db = services.db;
      expect(await db.selectFrom("note_revisions").select("id").where("note_id", "in", [open.id, closed.id]).execute()).toEqual([]);
      expect(await db.selectFrom("media").select("id").where("uploader_id", "=", alice.id).execute()).toEqual([]);
      for (const file of files) expect(existsSync(join(services.config.dataDir, file.storage_path!))).toBe(false);
      expect(await db.selectFrom("reactions").select("id").where("actor_id", "=", alice.id).execute()).toEqual([]);
      expect(await db.selectFrom("sessions").select("id_hash").where("user_id", "=", alice.id).execute()).toEqual([]);
      expect(await db.selectFrom("api_tokens").select("token_hash").where("user_id", "=", alice.id).execute()).toEqual([]);
      expect(await tablesContaining(db, services.dialect, "ALICE-FIRST-DRAFT")).toEqual([]);
      expect(await tablesContaining(db, services.dialect, "ALICE-CLOSED")).toEqual([]);
      expect((await callApi(app, tokens.alice, "GET", "/me")).status).toBe(401);
      expect((await callApi(app, tokens.bob, "GET", `/notes/${bobs.id}`)).json.likesCount).toBe(0);
      expect((await app.request(`/notes/${open.id}`)).status).toBe(410);
    });

    it("keeps the reports she made as moderation records, without her as their reporter", async () => {
      const { open, bobs } = await aliceWritesAndLikes();
      const made = await callApi(app, tokens.alice, "POST", "/reports", { target: bobs.uri, category: "harassment", comment: "Propos blessants." });
      expect(made.status).toBe(201);
      const about = await callApi(app, tokens.bob, "POST", "/reports", { target: open.uri, category: "spam", comment: "Publicité." });
      expect(about.status).toBe(201);
      expect((await callApi(app, tokens.alice, "DELETE", "/me", { password: PASSWORD })).status).toBe(200);
      const db = services.db;
      // Her report stays for the moderators, attributed to « Anonyme »; no report links to her any more as reporter.
      expect(await db.selectFrom("reports").select(["reporter_id", "target_uri", "category", "comment", "status"]).where("id", "=", made.json.id).executeTakeFirst()).toEqual({
        reporter_id: ANONYMOUS_ACTOR_ID,
        target_uri: bobs.uri,
        category: "harassment",
        comment: "Propos blessants.",
        status: "open",
      });
      expect(await db.selectFrom("reports").select("id").where("reporter_id", "=", alice.id).execute()).toEqual([]);
      // A report about her is someone else's moderation record: it stays as it was.
      expect(await db.selectFrom("reports").select(["reporter_id", "target_account_id"]).where("id", "=", about.json.id).executeTakeFirst()).toEqual({ reporter_id: bob.id, target_account_id: alice.id });
    });

    it("keeps, when asked, the notes whose licence allows it, under « Anonyme », without her history", async () => {
      const { open, closed, image } = await aliceWritesAndLikes();
      const deleted = await callApi(app, tokens.alice, "DELETE", "/me", { password: PASSWORD, keepLicensedNotes: true });
      expect(deleted.json).toMatchObject({ deletedNotes: 1, anonymizedNotes: 1 });
      const kept = (await callApi(app, tokens.bob, "GET", `/notes/${open.id}`)).json;
      expect(kept).toMatchObject({ title: "Semis ouverts", content: "Version deux." });
      const authors = await services.db.selectFrom("note_authors").select("actor_id").where("note_id", "=", open.id).execute();
      expect(authors).toEqual([{ actor_id: ANONYMOUS_ACTOR_ID }]);
      const page = await (await app.request(`/notes/${open.id}`, { headers: { accept: "text/html" } })).text();
      expect(page).toContain("Anonyme");
      expect(page).not.toContain("@alice");
      // Her revisions (who edited, and the first draft) are gone; the attachment stays with the note, unnamed.
      expect(await tablesContaining(services.db, services.dialect, "ALICE-FIRST-DRAFT")).toEqual([]);
      expect(await services.db.selectFrom("media").select(["note_id", "uploader_id"]).where("id", "=", image.id).executeTakeFirst()).toEqual({ note_id: open.id, uploader_id: null });
      // "All rights reserved" is deleted whatever she chose.
      expect((await app.request(`/notes/${closed.id}`)).status).toBe(410);
      expect(services.sent.filter((i) => i.type === "note-deleted")).toEqual([{ type: "note-deleted", noteId: closed.id }]);
    });

    it("asks for the password (API) and refuses bad input with 4xx", async () => {
      expect((await callApi(app, tokens.alice, "DELETE", "/me")).status).toBe(400);
      expect((await callApi(app, tokens.alice, "DELETE", "/me", { password: 12 })).status).toBe(400);
      expect((await callApi(app, tokens.alice, "DELETE", "/me", { password: PASSWORD, keepLicensedNotes: "yes" })).status).toBe(400);
      expect((await callApi(app, tokens.alice, "DELETE", "/me", { password: "wrong password!" })).status).toBe(403);
      expect((await callApi(app, tokens.alice, "GET", "/me")).status).toBe(200);
    });

    it("from the settings page: a form that works without JavaScript, with the keep choice", async () => {
      await aliceWritesAndLikes();
      const browser = new Browser(app);
      await browser.signIn("alice", PASSWORD);
      const { page } = await browser.get("/settings/account");
      expect(page).toMatch(/<form class="form" method="post" action="\/settings\/delete">/);
      expect(page).toContain('name="keep_licensed_notes"');
      expect(page).toMatch(/<button type="submit" class="danger">/);
      const { res } = await browser.post("/settings/delete", { password: PASSWORD, keep_licensed_notes: "1" });
      expect(res.status).toBe(200);
      const authors = await services.db.selectFrom("note_authors").select("actor_id").where("actor_id", "=", ANONYMOUS_ACTOR_ID).execute();
      expect(authors).toHaveLength(1);
    });
  });

  describe(`an administrator deletes a member (${database.name})`, () => {
    beforeEach(() => setUp(database.open));
    afterEach(() => services.close());

    it("deletes, logs who did it and why; others may not", async () => {
      await aliceWritesAndLikes();
      expect((await callApi(app, tokens.bob, "DELETE", "/admin/accounts/alice")).status).toBe(403);
      expect((await callApi(app, tokens.admin, "DELETE", "/admin/accounts/nobody")).status).toBe(404);
      const done = await callApi(app, tokens.admin, "DELETE", "/admin/accounts/alice", { reason: "Demande d’effacement reçue par courriel" });
      expect(done.status).toBe(200);
      expect(done.json).toMatchObject({ deletedNotes: 2 });
      const [entry] = await moderationLog(services.db);
      expect(entry).toMatchObject({ action: "account-deleted", targetType: "actor", targetUri: alice.uri, reason: "Demande d’effacement reçue par courriel", details: { handle: "alice", deletedNotes: 2 } });
      expect((await callApi(app, tokens.alice, "GET", "/me")).status).toBe(401);
      // Already gone: nothing to delete.
      expect((await callApi(app, tokens.admin, "DELETE", "/admin/accounts/alice")).status).toBe(404);
    });
  });
}
