// Issue 12, "writing without fear": attachments from the note form (alt text
// required, limits answered in the reader's language), the Markdown help and
// the preview, drafts, the pickers' suggestions, "add to a notebook" from a
// note, and creating an organization from the pages.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Hono } from "hono";
import { createUser } from "../../src/domain/accounts.ts";
import { createLocalActor, type ActorRow } from "../../src/domain/actors.ts";
import { recordFollow } from "../../src/domain/follows.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import { findNoteById, loadNoteDetails } from "../../src/domain/notes.ts";
import { createNotebook } from "../../src/domain/notebooks.ts";
import { createOrganization } from "../../src/domain/organizations.ts";
import { createTerm } from "../../src/domain/terms.ts";
import { createApp } from "../../src/http/app.ts";
import type { AppEnv } from "../../src/http/env.ts";
import { t } from "../../src/http/i18n/messages.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { callApi } from "../helpers/api-client.ts";
import { acceptCoauthorships } from "../helpers/coauthors.ts";
import { createApiToken } from "../../src/domain/api-tokens.ts";
import { Browser, HTML } from "./browser.ts";

const PASSWORD = "correct horse battery";
/** A 1×1 PNG: what file-type recognizes as an image. */
const PNG = Uint8Array.from(
  Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64"),
);
const MiB = 1024 * 1024;

let services: TestServices;
let app: Hono<AppEnv>;
let alice: ActorRow;
let bob: ActorRow;
let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "encommun-writing-"));
  // 1 MiB uploads: the limits are reached with small test files.
  services = await testServices({ INSTANCE_NAME: "Praxis", DATA_DIR: dataDir, MAX_UPLOAD_MB: "1" });
  app = createApp(services);
  const origin = services.config.publicUrl;
  ({ actor: alice } = await createUser(services.db, origin, { handle: "alice", password: PASSWORD, isAdmin: false }));
  ({ actor: bob } = await createUser(services.db, origin, { handle: "bob", password: PASSWORD, isAdmin: false }));
});
afterEach(async () => {
  await services.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function signedIn(actor: ActorRow, lang: "fr" | "en" = "fr"): Promise<Browser> {
  const browser = new Browser(app);
  browser.cookies.set("lang", lang);
  await browser.signIn(actor.username, PASSWORD);
  return browser;
}

/** The note form's fields, as a browser sends them, with the button pressed. */
function noteForm(fields: Record<string, string>, action?: string): FormData {
  const form = new FormData();
  const all = { title: "Jardins partagés", content: "Un **texte** sur les jardins.", language: "fr", license: "cc-by-4.0", visibility: "public", ...fields };
  for (const [name, value] of Object.entries(all)) form.append(name, value);
  if (action) form.append("action", action);
  return form;
}

function withFile(form: FormData, bytes: Uint8Array, name: string, type: string, description = ""): FormData {
  form.append("file", new File([bytes as Uint8Array<ArrayBuffer>], name, { type }));
  form.append("fileDescription", description);
  return form;
}

async function countNotes(): Promise<number> {
  const row = await services.db.selectFrom("notes").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A message as the pages write it (apostrophes escaped). */
function shown(message: string): string {
  return message.replace(/'/g, "&#39;");
}

function fieldMessage(page: string, field: string): string | undefined {
  return new RegExp(`<span class="field-error" id="field-${field}-error">([^<]*)</span>`).exec(page)?.[1];
}

describe("attachments from the note form", () => {
  for (const lang of ["fr", "en"] as const) {
    it(`keeps an image sent without alt text and asks for it on its field (${lang})`, async () => {
      const browser = await signedIn(alice, lang);
      await browser.get("/notes/new");
      const { res, page } = await browser.postMultipart("/notes/new", withFile(noteForm({}, "publish"), PNG, "jardin.png", "image/png"));
      expect(res.status).toBe(400);
      expect(await countNotes()).toBe(0);
      const media = await services.db.selectFrom("media").selectAll().executeTakeFirstOrThrow();
      expect(media.kind).toBe("image");
      // Listed in the form again (nothing to send twice), its alt text field marked, in the reader's language.
      expect(page).toContain(`<input type="hidden" name="attachments" value="${media.id}">`);
      expect(page).toMatch(new RegExp(`name="alt-${media.id}" value="" maxlength="1500" required id="field-alt-${media.id}" aria-invalid="true"`));
      expect(fieldMessage(page, `alt-${media.id}`)).toBe(shown(t(lang, "writing.altRequired")));
      expect(page).toContain('class="error-summary"');
      expect(page).toContain('value="Jardins partagés"');
    });
  }

  it("publishes the note with its image and alt text, shown on the note page", async () => {
    const browser = await signedIn(alice);
    await browser.get("/notes/new");
    const attached = await browser.postMultipart("/notes/new", withFile(noteForm({}, "attach"), PNG, "jardin.png", "image/png", "Des bacs de tomates au soleil"));
    expect(attached.res.status).toBe(200);
    expect(attached.page).toContain(shown(t("fr", "writing.fileAttached")));
    const media = await services.db.selectFrom("media").selectAll().executeTakeFirstOrThrow();
    expect(media.name).toBe("Des bacs de tomates au soleil");
    expect(await countNotes()).toBe(0);

    const form = noteForm({ attachments: media.id, [`alt-${media.id}`]: "Des bacs de tomates, au soleil" }, "publish");
    const { res } = await browser.postMultipart("/notes/new", form);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/\?saved=published$/);
    const note = await page(res.headers.get("location")!);
    expect(note).toContain(`src="${media.url}"`);
    expect(note).toContain('alt="Des bacs de tomates, au soleil"');
    expect(services.sent.map((i) => i.type)).toEqual(["note-published"]);
  });

  it("lets a co-author edit a note whose image another author uploaded", async () => {
    const browser = await signedIn(alice);
    await browser.get("/notes/new");
    await browser.postMultipart("/notes/new", withFile(noteForm({}, "attach"), PNG, "a.png", "image/png", "Un potager"));
    const media = await services.db.selectFrom("media").selectAll().executeTakeFirstOrThrow();
    const { res } = await browser.postMultipart("/notes/new", noteForm({ attachments: media.id, [`alt-${media.id}`]: "Un potager", authors: "@alice\n@bob" }, "publish"));
    const path = res.headers.get("location")!.split("?")[0]!;
    await acceptCoauthorships(services, bob);
    const other = await signedIn(bob);
    const form = await other.get(`${path}/edit`);
    expect(form.page).toContain(`name="alt-${media.id}" value="Un potager"`);
    const saved = await other.postMultipart(`${path}/edit`, noteForm({ title: "Modifiée par Bob", attachments: media.id, [`alt-${media.id}`]: "Un potager en été", authors: "@alice\n@bob" }, "save"));
    expect(saved.res.status).toBe(303);
    const note = (await findNoteById(services.db, path.split("/")[2]!))!;
    expect((await loadNoteDetails(services.db, note)).media.map((m) => [m.id, m.name])).toEqual([[media.id, "Un potager en été"]]);
  });

  it("removes an attachment when asked, and refuses the media of someone else", async () => {
    const browser = await signedIn(alice);
    const other = await signedIn(bob);
    await other.get("/notes/new");
    await other.postMultipart("/notes/new", withFile(noteForm({}, "attach"), PNG, "b.png", "image/png", "Bob's"));
    const bobs = await services.db.selectFrom("media").selectAll().executeTakeFirstOrThrow();
    await browser.get("/notes/new");
    const { page } = await browser.postMultipart("/notes/new", withFile(noteForm({ attachments: bobs.id }, "attach"), PNG, "a.png", "image/png", "Alice's"));
    const mine = await services.db.selectFrom("media").selectAll().where("uploader_id", "=", alice.id).executeTakeFirstOrThrow();
    expect(page).not.toContain(bobs.id);
    expect(page).toContain(`value="${mine.id}"`);
    const removed = noteForm({ attachments: mine.id, remove: mine.id }, "publish");
    const { res } = await browser.postMultipart("/notes/new", removed);
    expect(res.status).toBe(303);
    const note = await findNoteById(services.db, res.headers.get("location")!.split("/")[2]!.split("?")[0]!);
    expect((await loadNoteDetails(services.db, note!)).media).toEqual([]);
  });

  for (const lang of ["fr", "en"] as const) {
    it(`answers a refused type and a file over its kind's limit on the file field, in the reader's language (${lang})`, async () => {
      const browser = await signedIn(alice, lang);
      await browser.get("/notes/new");
      const exe = await browser.postMultipart("/notes/new", withFile(noteForm({}, "attach"), Uint8Array.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0, 0, 0, 0xff, 0xfe]), "x.exe", "application/octet-stream"));
      expect(exe.res.status).toBe(415);
      expect(fieldMessage(exe.page, "file")).toBe(shown(t(lang, "writing.fileUnsupported")));
      expect(exe.page).toMatch(/id="field-file" aria-invalid="true"/);

      // 1.5 MiB: under the request's limit (file + text), over the 1 MiB upload limit.
      const big = new Uint8Array(1.5 * MiB);
      big.set(PNG);
      const large = await browser.postMultipart("/notes/new", withFile(noteForm({}, "attach"), big, "grand.png", "image/png", "Grand"));
      expect(large.res.status).toBe(413);
      expect(fieldMessage(large.page, "file")).toBe(shown(t(lang, "writing.fileTooLarge", { size: 1 })));
      expect(large.page).toContain('value="Jardins partagés"');
      expect(await services.db.selectFrom("media").selectAll().execute()).toEqual([]);
    });

    it(`answers a request over the upload limit with a page in the reader's language, not a 500 (${lang})`, async () => {
      const browser = await signedIn(alice, lang);
      await browser.get("/notes/new");
      const { res, page } = await browser.postMultipart("/notes/new", withFile(noteForm({}, "attach"), new Uint8Array(4 * MiB), "huge.png", "image/png", "x"));
      expect(res.status).toBe(413);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      expect(page).toContain(`<html lang="${lang}">`);
      expect(page).toContain(shown(t(lang, "writing.requestTooLarge", { size: 1 })));
    });
  }

  it("offers the upload progress script, which the page's policy lets run", async () => {
    const browser = await signedIn(alice);
    const { res, page } = await browser.get("/notes/new");
    const src = /<script src="(\/assets\/upload-progress\.js\?v=[0-9a-f]+)" defer><\/script>/.exec(page)?.[1];
    expect(src).toBeDefined();
    expect(res.headers.get("content-security-policy")).toMatch(/script-src 'self'/);
    const script = await app.request(src!);
    expect(script.status).toBe(200);
    expect(await script.text()).toContain("upload.addEventListener");
  });
});

async function page(path: string, browser?: Browser): Promise<string> {
  if (browser) return (await browser.get(path)).page;
  const b = await signedIn(alice);
  return (await b.get(path)).page;
}

describe("Markdown help and preview", () => {
  it("shows the help folded next to the editor", async () => {
    const browser = await signedIn(alice);
    const { page: form } = await browser.get("/notes/new");
    expect(form).toContain(`<details class="markdown-help">\n<summary>${t("fr", "writing.markdownHelp")}</summary>`);
    expect(form).toContain(`<code>${t("fr", "writing.mdBoldSample")}</code>`);
  });

  it("renders the preview above the form, sanitized, keeping everything typed and saving nothing", async () => {
    const browser = await signedIn(alice);
    await browser.get("/notes/new");
    const typed = noteForm({ content: "Du **gras** et <script>alert(1)</script> rien d'autre.", summary: "En bref", tags: "jardins, communs" }, "preview");
    const { res, page: preview } = await browser.postMultipart("/notes/new", withFile(typed, PNG, "p.png", "image/png", "Un plant"));
    expect(res.status).toBe(200);
    const section = /<section class="note-preview"[\s\S]*?<\/section>/.exec(preview)?.[0] ?? "";
    expect(section).toContain("<strong>gras</strong>");
    expect(section).not.toContain("<script>");
    expect(section).toContain("Jardins partagés");
    expect(preview.indexOf('class="note-preview"')).toBeLessThan(preview.indexOf('class="form wide note-form"'));
    expect(preview).toContain("Du **gras** et &lt;script&gt;alert(1)&lt;/script&gt; rien d&#39;autre.</textarea>");
    expect(preview).toContain('name="tags" value="jardins, communs"');
    const media = await services.db.selectFrom("media").selectAll().executeTakeFirstOrThrow();
    expect(preview).toContain(`<input type="hidden" name="attachments" value="${media.id}">`);
    expect(preview).toContain(`name="alt-${media.id}" value="Un plant"`);
    expect(await countNotes()).toBe(0);
    expect(services.sent).toEqual([]);
  });
});

describe("drafts", () => {
  it("keeps a draft unpublished, unlisted, unfederated, seen by its author only; publishing sends the Create", async () => {
    const browser = await signedIn(alice);
    await browser.get("/notes/new");
    const { res } = await browser.postMultipart("/notes/new", noteForm({ title: "Brouillon secret", visibility: "unlisted" }, "draft"));
    expect(res.status).toBe(303);
    const location = res.headers.get("location")!;
    expect(location).toMatch(/\?saved=draft$/);
    const path = location.split("?")[0]!;
    const id = path.split("/")[2]!;
    const stored = (await findNoteById(services.db, id))!;
    expect(stored.visibility).toBe("draft");
    expect(stored.draft_visibility).toBe("unlisted");
    expect(services.sent).toEqual([]);

    // Its author sees it, with the banner and the publish button, and in "My drafts".
    const own = await browser.get(location);
    expect(own.page).toContain(shown(t("fr", "writing.draftSaved")));
    expect(own.page).toContain(`action="${path}/publish"`);
    expect((await browser.get("/drafts")).page).toContain("Brouillon secret");
    // Nobody else: not another member, not a visitor, not the lists.
    const other = await signedIn(bob);
    expect((await other.get(path)).res.status).toBe(404);
    expect((await other.get("/drafts")).page).not.toContain("Brouillon secret");
    expect((await app.request(path, { headers: HTML })).status).toBe(404);
    expect(await (await app.request("/notes", { headers: HTML })).text()).not.toContain("Brouillon secret");
    expect(await (await app.request("/@alice/notes", { headers: HTML })).text()).not.toContain("Brouillon secret");

    // Saving it again keeps it a draft and sends nothing; its form offers "Save draft" and "Publish".
    const edit = await browser.get(`${path}/edit`);
    expect(edit.page).toContain('value="draft"');
    expect(edit.page).toContain('<option value="unlisted" selected>');
    const again = await browser.postMultipart(`${path}/edit`, noteForm({ title: "Brouillon secret", content: "Deuxième jet", visibility: "unlisted" }, "draft"));
    expect(again.res.headers.get("location")).toBe(`${path}?saved=draft`);
    expect((await findNoteById(services.db, id))!.visibility).toBe("draft");
    expect(services.sent).toEqual([]);

    await browser.get(path);
    const published = await browser.post(`${path}/publish`, {});
    expect(published.res.status).toBe(303);
    const note = (await findNoteById(services.db, id))!;
    expect(note.visibility).toBe("unlisted");
    expect(note.draft_visibility).toBeNull();
    expect(note.revision).toBe(1);
    expect(services.sent).toEqual([{ type: "note-published", noteId: id }]);
    expect((await other.get(path)).res.status).toBe(200);
  });

  it("publishes a draft from its form, with the edits made there", async () => {
    const draft = await createNote(services, alice, { title: "Avant", content: "Premier jet" }, { draft: true });
    const browser = await signedIn(alice);
    await browser.get(`/notes/${draft.note.id}/edit`);
    const { res } = await browser.postMultipart(`/notes/${draft.note.id}/edit`, noteForm({ title: "Après", content: "Version finale" }, "publish"));
    expect(res.headers.get("location")).toBe(`/notes/${draft.note.id}?saved=published`);
    const note = (await findNoteById(services.db, draft.note.id))!;
    expect([note.visibility, note.title, note.revision]).toEqual(["public", "Après", 1]);
    // The drafting stays private: the public history starts at publication.
    const revisions = await services.db.selectFrom("note_revisions").select("number").where("note_id", "=", note.id).execute();
    expect(revisions.map((r) => r.number)).toEqual([1]);
    expect(services.sent).toEqual([{ type: "note-published", noteId: note.id }]);
  });

  it("deletes a draft without telling anyone", async () => {
    const draft = await createNote(services, alice, { title: "À jeter", content: "x" }, { draft: true });
    const browser = await signedIn(alice);
    await browser.get(`/notes/${draft.note.id}`);
    expect((await browser.post(`/notes/${draft.note.id}/delete`, {})).res.status).toBe(200);
    expect(services.sent).toEqual([]);
  });

  it("keeps and publishes drafts through the API too", async () => {
    const token = await createApiToken(services.db, alice.id, "test");
    const created = await callApi(app, token, "POST", "/notes", { title: "Par l'API", content: "x", visibility: "followers", draft: true });
    expect(created.status).toBe(201);
    expect([created.json.visibility, created.json.draftVisibility]).toEqual(["draft", "followers"]);
    expect(services.sent).toEqual([]);
    const published = await callApi(app, token, "PATCH", `/notes/${created.json.id}`, { publish: true });
    expect([published.json.visibility, published.json.draftVisibility]).toEqual(["followers", null]);
    expect(services.sent).toEqual([{ type: "note-published", noteId: created.json.id }]);
  });

  it("refuses to keep a reply as a draft", async () => {
    const parent = await createNote(services, bob, { title: "Question", content: "?" });
    await expect(createNote(services, alice, { content: "Réponse", inReplyTo: parent.note.uri }, { draft: true })).rejects.toMatchObject({ code: "invalid" });
  });
});

describe("pickers", () => {
  it("suggests existing terms, organizations and people", async () => {
    const origin = services.config.publicUrl;
    await createTerm(services.db, origin, { slug: "jardin-partage", labelFr: "Jardin partagé", labelEn: "Shared garden" });
    await createOrganization(services, alice, { username: "voisins", name: "Les Voisins" });
    await createLocalActor(services.db, origin, { username: "carole", type: "Person", name: "Carole" });
    const browser = await signedIn(alice);
    const { page: form } = await browser.get("/notes/new");
    expect(form).toContain('<datalist id="terms-choices"><option value="jardin-partage">Jardin partagé</option></datalist>');
    expect(form).toContain('<datalist id="organizations-choices"><option value="@voisins">Les Voisins</option></datalist>');
    expect(form).toMatch(/<datalist id="authors-choices">[^]*<option value="@carole">Carole<\/option>/);
    expect(form).toMatch(/<input name="terms" value="" list="terms-choices"/);
    expect(form).toMatch(/<input name="organizations" value="" list="organizations-choices"/);
  });

  it("puts the people one follows first among the co-authors", async () => {
    const origin = services.config.publicUrl;
    const zoe = await createLocalActor(services.db, origin, { username: "zoe", type: "Person", name: "Zoé" });
    await recordFollow(services.db, origin, alice, zoe, { accepted: true });
    const browser = await signedIn(alice);
    const { page: form } = await browser.get("/notes/new");
    const list = /<datalist id="authors-choices">([^]*?)<\/datalist>/.exec(form)![1]!;
    expect(list.indexOf("@zoe")).toBeLessThan(list.indexOf("@bob"));
    expect(list).not.toContain('"@alice"');
  });
});

describe("add to a notebook from a note", () => {
  it("lists the member's notebooks, adds to one, or to a new one", async () => {
    const note = await createNote(services, bob, { title: "Compost", content: "Du compost." });
    const mine = await createNotebook(services, alice, { title: "Mes lectures" });
    const browser = await signedIn(alice);
    const { page: form } = await browser.get(`/notes/${note.note.id}`);
    expect(form).toContain(`<option value="${mine.id}">Mes lectures</option>`);
    const added = await browser.post(`/notes/${note.note.id}/notebooks`, { notebook: mine.id });
    expect(added.res.headers.get("location")).toBe(`/notes/${note.note.id}?notebook=added#add-to-notebook`);
    expect((await browser.get(added.res.headers.get("location")!)).page).toContain(shown(t("fr", "writing.notebookAdded")));
    const again = await browser.post(`/notes/${note.note.id}/notebooks`, { notebook: mine.id });
    expect(again.res.headers.get("location")).toContain("notebook=already");

    const fresh = await browser.post(`/notes/${note.note.id}/notebooks`, { notebook: "new", title: "Jardinage" });
    expect(fresh.res.headers.get("location")).toContain("notebook=added");
    const created = await services.db.selectFrom("notebooks").selectAll().where("title", "=", "Jardinage").executeTakeFirstOrThrow();
    const items = await services.db.selectFrom("notebook_items").select("note_uri").where("notebook_id", "=", created.id).execute();
    expect(items).toEqual([{ note_uri: note.note.uri }]);
    expect((await browser.post(`/notes/${note.note.id}/notebooks`, { notebook: "new", title: "" })).res.headers.get("location")).toContain("notebook=title");
  });

  it("offers nothing for a note not everyone may read, and refuses someone else's notebook", async () => {
    const hidden = await createNote(services, alice, { title: "Entre nous", content: "x", visibility: "followers" });
    const browser = await signedIn(alice);
    expect((await browser.get(`/notes/${hidden.note.id}`)).page).not.toContain('id="add-to-notebook"');
    const note = await createNote(services, alice, { title: "Publique", content: "x" });
    const bobs = await createNotebook(services, bob, { title: "De Bob" });
    await browser.get(`/notes/${note.note.id}`);
    const { res } = await browser.post(`/notes/${note.note.id}/notebooks`, { notebook: bobs.id });
    expect(res.headers.get("location")).toContain("notebook=forbidden");
  });
});

describe("creating an organization from the pages", () => {
  for (const lang of ["fr", "en"] as const) {
    it(`marks every problem in the reader's language (${lang})`, async () => {
      const browser = await signedIn(alice, lang);
      await browser.get("/organizations/new");
      const empty = await browser.post("/organizations/new", { handle: "", name: "x".repeat(101), summary: "" });
      expect(empty.res.status).toBe(400);
      expect(fieldMessage(empty.page, "handle")).toBe(shown(t(lang, "form.required", { label: t(lang, "writing.organizationHandle") })));
      expect(fieldMessage(empty.page, "name")).toBe(shown(t(lang, "form.tooLong", { label: t(lang, "writing.organizationName"), limit: 100 })));
      await browser.get("/organizations/new");
      const taken = await browser.post("/organizations/new", { handle: "bob", name: "Bob inc." });
      expect(taken.res.status).toBe(409);
      expect(fieldMessage(taken.page, "handle")).toBe(shown(t(lang, "form.handleTaken", { label: t(lang, "writing.organizationHandle") })));
      expect(taken.page).toContain('value="Bob inc."');
    });
  }

  it("creates it, says so, and makes its creator an administrator", async () => {
    const browser = await signedIn(alice);
    expect((await browser.get("/organizations")).page).toContain('href="/organizations/new"');
    await browser.get("/organizations/new");
    const { res } = await browser.post("/organizations/new", { handle: "@cuisine-collective", name: "Cuisine collective", summary: "On cuisine ensemble." });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/organizations/cuisine-collective?saved=created");
    const created = await browser.get(res.headers.get("location")!);
    expect(created.page).toContain(shown(t("fr", "writing.organizationCreated")));
    const org = await services.db.selectFrom("actors").selectAll().where("username", "=", "cuisine-collective").executeTakeFirstOrThrow();
    const member = await services.db.selectFrom("organization_members").selectAll().where("organization_id", "=", org.id).executeTakeFirstOrThrow();
    expect([member.member_id, member.role]).toEqual([alice.id, "admin"]);
  });

  it("asks a visitor to sign in first", async () => {
    const res = await app.request("/organizations/new", { headers: HTML });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/^\/signin\?next=/);
  });
});
