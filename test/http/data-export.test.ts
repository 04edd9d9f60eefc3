// The right to portability (issue 15): the archive of a member with notes,
// revisions, attachments, follows, likes, shares and a notebook holds all of
// it, its ActivityPub JSON parses with Fedify's vocabulary, and large
// archives are built in the background with progress and expire.
import { mkdtemp, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { unzipSync, strFromU8 } from "fflate";
import { Announce, Article, Create, OrderedCollection, Person } from "@fedify/vocab";
import type { Hono } from "hono";
import { createUser } from "../../src/domain/accounts.ts";
import { findActorByUri, type ActorRow } from "../../src/domain/actors.ts";
import { createApiToken } from "../../src/domain/api-tokens.ts";
import { recordFollow } from "../../src/domain/follows.ts";
import { buildExport } from "../../src/domain/data-export/jobs.ts";
import { createApp } from "../../src/http/app.ts";
import type { AppEnv } from "../../src/http/env.ts";
import { png } from "../fixtures/media/samples.ts";
import { callApi } from "../helpers/api-client.ts";
import { storeRemotePerson } from "../helpers/remote-actors.ts";
import { offlineDocumentLoader } from "../helpers/fixtures.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { Browser } from "./browser.ts";

const PASSWORD = "correct horse battery";
let dataDir: string;
let services: TestServices;
let app: Hono<AppEnv>;
let alice: ActorRow;
let bob: ActorRow;
let tokens: { alice: string; bob: string };

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "encommun-export-"));
  const base = await testServices({ DATA_DIR: dataDir });
  // Local actors resolve by URI or handle (co-authors, follows); anything remote is refused.
  services = Object.assign(base, {
    directory: {
      resolve: async (query: string) => {
        const found = (await findActorByUri(base.db, query)) ?? (await base.directory.resolve(query));
        return found ?? null;
      },
    },
  });
  app = createApp(services);
  const origin = services.config.publicUrl;
  ({ actor: alice } = await createUser(services.db, origin, { handle: "alice", password: PASSWORD, isAdmin: false }));
  ({ actor: bob } = await createUser(services.db, origin, { handle: "bob", password: PASSWORD, isAdmin: false }));
  tokens = { alice: await createApiToken(services.db, alice.id, "t"), bob: await createApiToken(services.db, bob.id, "t") };
});
afterEach(async () => {
  await services.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** alice: a note with an attachment and an edit, a reply-less second note, a follow each way, a like, a share, a notebook. */
async function aliceLivesHere() {
  const form = new FormData();
  form.set("file", new Blob([png() as BlobPart]), "jardin.png");
  form.set("description", "Le jardin en juin");
  const uploaded = (await (await app.request("/api/v1/media", { method: "POST", headers: { authorization: `Bearer ${tokens.alice}` }, body: form })).json()) as { id: string };
  const note = (await callApi(app, tokens.alice, "POST", "/notes", {
    title: "Les semis d’avril",
    summary: "Calendrier.",
    content: "Première version : semer les **tomates** en mars.",
    tags: ["jardins"],
    license: "cc-by-sa-4.0",
    attachments: [uploaded.id],
  })).json;
  expect((await callApi(app, tokens.alice, "PATCH", `/notes/${note.id}`, { content: "Deuxième version : semer les **tomates** en avril." })).status).toBe(200);
  const other = (await callApi(app, tokens.alice, "POST", "/notes", { title: "Compost", content: "Trois bacs." })).json;
  const bobs = (await callApi(app, tokens.bob, "POST", "/notes", { title: "La note de bob", content: "Bonjour." })).json;
  expect((await callApi(app, tokens.alice, "POST", `/notes/${bobs.id}/like`)).status).toBe(201);
  expect((await callApi(app, tokens.alice, "POST", `/notes/${bobs.id}/share`)).status).toBe(201);
  await recordFollow(services.db, services.config.publicUrl, alice, bob, { accepted: true });
  const zoe = await storeRemotePerson(services, "https://ailleurs.example/users/zoe", { name: "Zoé" });
  await recordFollow(services.db, services.config.publicUrl, zoe, alice, { accepted: true, activityUri: "https://ailleurs.example/follows/1" });
  const notebook = (await callApi(app, tokens.alice, "POST", "/notebooks", { title: "Atelier 1 - Explorer" })).json;
  expect((await callApi(app, tokens.alice, "POST", `/notebooks/${notebook.id}/items`, { note: note.uri })).status).toBe(201);
  // alice reports bob's note (then a moderator resolves it, with a note of their own); bob reports alice's.
  const report = (await callApi(app, tokens.alice, "POST", "/reports", { target: bobs.uri, category: "spam", comment: "De la publicité déguisée." })).json;
  await services.db.updateTable("reports").set({ status: "resolved", resolution: "dismiss", resolution_note: "NOTE-INTERNE-du-moderateur", resolved_by: bob.id, resolved_at: "2026-12-04T05:00:00.000Z" }).where("id", "=", report.id).execute();
  expect((await callApi(app, tokens.bob, "POST", "/reports", { target: note.uri, category: "other", comment: "SIGNALEMENT-DE-BOB" })).status).toBe(201);
  return { note, other, bobs, zoe, notebook, report };
}

function unzip(bytes: Uint8Array): Record<string, Uint8Array> {
  return unzipSync(bytes);
}

/**
 * Offline: preloaded contexts only; any fetch fails the test. Relative ids
 * ("outbox.json", as in Mastodon's archive) resolve against the member's
 * server, so embedded activities are same-origin and Fedify keeps them as given.
 */
const PARSE = { baseUrl: new URL("https://test.example/"), documentLoader: offlineDocumentLoader, contextLoader: offlineDocumentLoader };

const json = (files: Record<string, Uint8Array>, name: string) => JSON.parse(strFromU8(files[name]!));

/** Everything the archive must hold, checked entry by entry and through Fedify's vocabulary. */
async function expectCompleteArchive(files: Record<string, Uint8Array>, seeded: Awaited<ReturnType<typeof aliceLivesHere>>) {
  const { note, other, bobs, zoe, notebook } = seeded;
  // actor.json: Mastodon's shape (outbox and likes are files of the archive), read by Fedify.
  const actorJson = json(files, "actor.json");
  expect(actorJson).toMatchObject({ id: alice.uri, type: "Person", preferredUsername: "alice", outbox: "outbox.json", likes: "likes.json" });
  const person = await Person.fromJsonLd(actorJson, PARSE);
  expect(person.id?.href).toBe(alice.uri);
  expect(person.preferredUsername).toBe("alice");

  // outbox.json: a Create per note (every field of the note), an Announce for the share.
  const outboxJson = json(files, "outbox.json");
  expect(outboxJson).toMatchObject({ type: "OrderedCollection", totalItems: 3 });
  const outbox = await OrderedCollection.fromJsonLd(outboxJson, PARSE);
  const items = [];
  for await (const item of outbox.getItems()) items.push(item);
  const creates = items.filter((i) => i instanceof Create) as Create[];
  expect(creates).toHaveLength(2);
  const article = (await creates[0]!.getObject(PARSE)) as Article;
  expect(article).toBeInstanceOf(Article);
  expect(article.id?.href).toBe(note.uri);
  expect(article.name?.toString()).toBe("Les semis d’avril");
  expect(article.content?.toString()).toContain("avril");
  expect(article.source?.content).toBe("Deuxième version : semer les **tomates** en avril.");
  const attachments = [];
  for await (const a of article.getAttachments(PARSE)) attachments.push(a);
  expect(attachments).toHaveLength(1);
  const mediaPath = (outboxJson.orderedItems[0].object.attachment[0].url as string);
  expect(mediaPath).toMatch(/^media\/.+\.png$/);
  expect(items.find((i) => i instanceof Announce)?.objectId?.href).toBe(bobs.uri);

  // The attachment itself, byte for byte.
  expect(files[mediaPath]).toEqual(png());
  // Each note in Markdown with front matter, and every revision.
  const markdown = strFromU8(files[`notes/${note.id}.md`]!);
  expect(markdown).toMatch(/^---\ntitle: "Les semis d’avril"\n/);
  expect(markdown).toContain(`id: "${note.uri}"`);
  expect(markdown).toContain('license: "cc-by-sa-4.0"');
  expect(markdown).toContain('tags: ["jardins"]');
  expect(markdown).toContain(`attachments: ["${mediaPath}"]`);
  expect(markdown).toContain("Deuxième version : semer les **tomates** en avril.");
  expect(strFromU8(files[`notes/${note.id}/revisions/1.md`]!)).toContain("Première version : semer les **tomates** en mars.");
  expect(strFromU8(files[`notes/${note.id}/revisions/2.md`]!)).toContain("Deuxième version");
  expect(files[`notes/${other.id}.md`]).toBeDefined();
  // Follows both ways, likes, notebooks.
  expect(json(files, "following.json").orderedItems).toEqual([bob.uri]);
  expect(json(files, "followers.json").orderedItems).toEqual([zoe.uri]);
  expect(strFromU8(files["following_accounts.csv"]!)).toBe("Account address,Show boosts,Notify on new posts,Languages\nbob@test.example,true,false,\n");
  expect(json(files, "likes.json")).toMatchObject({ type: "OrderedCollection", totalItems: 1, orderedItems: [bobs.uri] });
  const likes = await OrderedCollection.fromJsonLd(json(files, "likes.json"), PARSE);
  expect(likes.totalItems).toBe(1);
  expect(json(files, "notebooks.json").items).toEqual([expect.objectContaining({ id: notebook.id, title: "Atelier 1 - Explorer", items: [expect.objectContaining({ noteUri: note.uri })] })]);
  expect(json(files, "communities.json").items).toEqual([]);
  // The reports alice made: what she said and what became of it, nothing of anyone else's.
  expect(json(files, "reports.json").items).toEqual([
    {
      id: seeded.report.id,
      target: { type: "note", uri: bobs.uri },
      category: "spam",
      comment: "De la publicité déguisée.",
      forwardedAt: null,
      status: "resolved",
      createdAt: expect.any(String),
      resolvedAt: "2026-12-04T05:00:00.000Z",
    },
  ]);
  const reportsText = strFromU8(files["reports.json"]!);
  for (const secret of ["NOTE-INTERNE", "SIGNALEMENT-DE-BOB", "Bonjour.", bob.id]) expect(reportsText).not.toContain(secret);
  expect(strFromU8(files["README.txt"]!)).toContain("outbox.json");
  expect(strFromU8(files["README.txt"]!)).toContain("reports.json");
}

describe("the member's data export", () => {
  it("GET /api/v1/me/export: one zip with everything, ActivityPub JSON that Fedify reads", async () => {
    const seeded = await aliceLivesHere();
    const res = await app.request("/api/v1/me/export", { headers: { authorization: `Bearer ${tokens.alice}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="alice-\d{4}-\d{2}-\d{2}\.zip"$/);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const files = unzip(new Uint8Array(await res.arrayBuffer()));
    await expectCompleteArchive(files, seeded);
    // Only alice's: bob's note is a like and a share, not one of hers.
    expect(Object.keys(files).filter((name) => name.startsWith("notes/") && name.endsWith(".md") && !name.includes("/revisions/"))).toHaveLength(2);
    expect((await app.request("/api/v1/me/export")).status).toBe(401);
  });

  it("builds in the background with progress, then the download expires", async () => {
    const seeded = await aliceLivesHere();
    const started = await callApi(app, tokens.alice, "POST", "/me/exports");
    expect(started.status).toBe(202);
    expect(started.json).toMatchObject({ status: "pending", statusUrl: `/api/v1/me/exports/${started.json.id}`, downloadUrl: null });
    // Asking again while it runs gives the same export.
    expect((await callApi(app, tokens.alice, "POST", "/me/exports")).json.id).toBe(started.json.id);
    let status = started.json;
    for (let i = 0; i < 200 && status.status !== "ready"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      status = (await callApi(app, tokens.alice, "GET", `/me/exports/${started.json.id}`)).json;
    }
    // Two notes, one attachment, and the rest of the archive.
    expect(status).toMatchObject({ status: "ready", progress: { percent: 100, total: 4, done: 4 }, downloadUrl: `/api/v1/me/exports/${started.json.id}/archive` });
    expect(Date.parse(status.expiresAt) - Date.parse(status.finishedAt)).toBe(48 * 3_600_000);
    // Another member sees nothing of it.
    expect((await callApi(app, tokens.bob, "GET", `/me/exports/${started.json.id}`)).status).toBe(404);
    expect((await app.request(`/api/v1/me/exports/${started.json.id}/archive`, { headers: { authorization: `Bearer ${tokens.bob}` } })).status).toBe(404);

    const download = await app.request(status.downloadUrl, { headers: { authorization: `Bearer ${tokens.alice}` } });
    expect(download.status).toBe(200);
    await expectCompleteArchive(unzip(new Uint8Array(await download.arrayBuffer())), seeded);

    // Past its expiry the file is deleted and the link answers 410.
    const row = await services.db.selectFrom("data_exports").selectAll().where("id", "=", started.json.id).executeTakeFirstOrThrow();
    await services.db.updateTable("data_exports").set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where("id", "=", row.id).execute();
    expect((await app.request(status.downloadUrl, { headers: { authorization: `Bearer ${tokens.alice}` } })).status).toBe(410);
    expect(existsSync(join(dataDir, row.storage_path!))).toBe(false);
    expect((await callApi(app, tokens.alice, "GET", `/me/exports/${row.id}`)).json).toMatchObject({ status: "expired", downloadUrl: null });
  });

  it("the settings page asks for an archive and shows its progress and link, without JavaScript", async () => {
    await aliceLivesHere();
    const browser = new Browser(app);
    await browser.signIn("alice", PASSWORD);
    const { page } = await browser.get("/settings/export");
    expect(page).toContain('action="/settings/export"');
    const { res } = await browser.post("/settings/export", {});
    expect(res.status).toBe(303);
    const [row] = await services.db.selectFrom("data_exports").selectAll().execute();
    // While it is built, the page reloads itself and shows the progress.
    const building = (await browser.get("/settings/export")).page;
    if (!building.includes("/archive")) expect(building).toContain('<meta http-equiv="refresh" content="5">');
    let ready = building;
    for (let i = 0; i < 200 && !ready.includes("/archive"); i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      ready = (await browser.get("/settings/export")).page;
    }
    // Another builder (another process) cannot take a claimed export.
    await buildExport(services, row!.id);
    expect(ready).toContain(`href="/settings/export/${row!.id}/archive"`);
    const download = await browser.get(`/settings/export/${row!.id}/archive`);
    expect(download.res.status).toBe(200);
    expect(download.res.headers.get("content-type")).toBe("application/zip");
    // Not someone else's.
    const other = new Browser(app);
    await other.signIn("bob", PASSWORD);
    expect((await other.get(`/settings/export/${row!.id}/archive`)).res.status).toBe(404);
  });
});
