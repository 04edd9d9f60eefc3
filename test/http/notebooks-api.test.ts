import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import type { ActorRow } from "../../src/domain/actors.ts";
import { createApiToken } from "../../src/domain/api-tokens.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import { notebookRoutes } from "../../src/http/api/notebooks.ts";
import { createApp } from "../../src/http/app.ts";
import { testServices, type TestServices } from "../helpers/services.ts";

let services: TestServices;
let app: ReturnType<typeof createApp>;
let alice: ActorRow;
let aliceToken: string;
let bobToken: string;

/** The app as the lead mounts it: under /api/v1, behind the bearer check. */
function appWith(s: TestServices) {
  const app = createApp(s);
  app.route("/api/v1", notebookRoutes());
  return app;
}

async function call(method: string, path: string, token: string | null, body?: unknown) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await app.request(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

beforeEach(async () => {
  services = await testServices();
  app = appWith(services);
  const origin = services.config.publicUrl;
  ({ actor: alice } = await createUser(services.db, origin, { handle: "alice", password: "correct horse battery", isAdmin: false }));
  const { actor: bob } = await createUser(services.db, origin, { handle: "bob", password: "correct horse battery", isAdmin: false });
  aliceToken = await createApiToken(services.db, alice.id, "test");
  bobToken = await createApiToken(services.db, bob.id, "test");
});
afterEach(() => services.close());

describe("notebooks API", () => {
  it("needs a bearer token", async () => {
    expect((await call("POST", "/notebooks", null, { title: "x" })).status).toBe(401);
  });

  it("creates, reads, updates and deletes a notebook", async () => {
    const created = await call("POST", "/notebooks", aliceToken, { title: "Atelier 1 - Explorer", summary: "Parcours", coverUrl: "https://img.example/c.png" });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    expect(created.json).toMatchObject({
      uri: `https://test.example/notebooks/${id}`,
      url: `https://test.example/notebooks/${id}`,
      title: "Atelier 1 - Explorer",
      summary: "Parcours",
      coverUrl: "https://img.example/c.png",
      local: true,
      items: [],
      sections: [],
    });
    expect(created.json.curators.map((c: { handle: string }) => c.handle)).toEqual(["@alice@test.example"]);

    expect((await call("POST", "/notebooks", aliceToken, { title: "" })).json).toMatchObject({ error: "invalid" });
    const patched = await call("PATCH", `/notebooks/${id}`, aliceToken, { title: "Atelier 1" });
    expect(patched.json).toMatchObject({ title: "Atelier 1", summary: "Parcours" });
    expect((await call("PATCH", `/notebooks/${id}`, bobToken, { title: "À moi" })).status).toBe(403);
    expect((await call("DELETE", `/notebooks/${id}`, bobToken)).status).toBe(403);

    const list = await call("GET", "/notebooks", bobToken);
    expect(list.json.items.map((n: { title: string; itemCount: number }) => [n.title, n.itemCount])).toEqual([["Atelier 1", 0]]);
    expect((await call("GET", "/notebooks?curator=@bob@test.example", bobToken)).json.items).toEqual([]);
    expect((await call("GET", "/notebooks?limit=0", bobToken)).status).toBe(400);

    expect((await call("DELETE", `/notebooks/${id}`, aliceToken)).status).toBe(204);
    expect(await call("GET", `/notebooks/${id}`, aliceToken)).toMatchObject({ status: 410, json: { error: "gone" } });
    expect((await call("GET", "/notebooks/nope", aliceToken)).status).toBe(404);
    expect(services.sent).toEqual([{ type: "notebook-updated", notebookId: id }]);
  });

  it("manages curators by handle", async () => {
    const { json } = await call("POST", "/notebooks", aliceToken, { title: "Carnet" });
    const added = await call("POST", `/notebooks/${json.id}/curators`, aliceToken, { curator: "@bob@test.example" });
    expect(added.json.curators.map((c: { username: string }) => c.username)).toEqual(["alice", "bob"]);
    expect((await call("PATCH", `/notebooks/${json.id}`, bobToken, { summary: "Par Bob aussi" })).status).toBe(200);
    const removed = await call("DELETE", `/notebooks/${json.id}/curators?curator=${encodeURIComponent("@alice@test.example")}`, bobToken);
    expect(removed.json.curators.map((c: { username: string }) => c.username)).toEqual(["bob"]);
    expect((await call("PATCH", `/notebooks/${json.id}`, aliceToken, { summary: "x" })).status).toBe(403);
  });

  it("adds, moves and removes items and sections, in order, with intents", async () => {
    const { note } = await createNote(services, alice, { title: "Jardins collectifs", content: "Texte" });
    const { json: notebook } = await call("POST", "/notebooks", aliceToken, { title: "Carnet" });
    const id = notebook.id as string;
    services.sent.length = 0;

    const section = await call("POST", `/notebooks/${id}/sections`, aliceToken, { title: "Atelier 1 - Explorer" });
    expect(section).toMatchObject({ status: 201, json: { title: "Atelier 1 - Explorer", position: 0 } });
    const local = await call("POST", `/notebooks/${id}/items`, aliceToken, { note: note.uri, section: section.json.id });
    expect(local.status).toBe(201);
    expect(local.json).toMatchObject({
      noteUri: note.uri,
      sectionId: section.json.id,
      position: 0,
      available: true,
      note: { id: note.id, uri: note.uri, url: note.uri, local: true, title: "Jardins collectifs", authors: [{ handle: "@alice@test.example" }] },
    });
    const remote = await call("POST", `/notebooks/${id}/items`, aliceToken, { note: "https://remote.example/notes/1", section: section.json.id, position: 0 });
    expect(remote.json).toMatchObject({ noteUri: "https://remote.example/notes/1", position: 0, note: null, available: true });
    expect((await call("POST", `/notebooks/${id}/items`, aliceToken, { note: note.id })).status).toBe(409);
    expect((await call("POST", `/notebooks/${id}/items`, bobToken, { note: "https://remote.example/notes/2" })).status).toBe(403);
    expect((await call("POST", `/notebooks/${id}/items`, aliceToken, {})).status).toBe(400);

    let read = await call("GET", `/notebooks/${id}`, bobToken);
    expect(read.json.sections[0].items.map((i: { noteUri: string }) => i.noteUri)).toEqual(["https://remote.example/notes/1", note.uri]);

    const moved = await call("PATCH", `/notebooks/${id}/items/${remote.json.id}`, aliceToken, { section: null });
    expect(moved.json).toMatchObject({ sectionId: null, position: 0 });
    expect((await call("PATCH", `/notebooks/${id}/sections/${section.json.id}`, aliceToken, { title: "Explorer" })).json.title).toBe("Explorer");
    expect((await call("PATCH", `/notebooks/${id}/sections/${section.json.id}`, bobToken, { title: "x" })).status).toBe(403);
    read = await call("GET", `/notebooks/${id}`, bobToken);
    expect(read.json.items.map((i: { noteUri: string }) => i.noteUri)).toEqual(["https://remote.example/notes/1"]);
    expect(read.json.sections).toMatchObject([{ title: "Explorer", items: [{ noteUri: note.uri, position: 0 }] }]);

    expect((await call("DELETE", `/notebooks/${id}/sections/${section.json.id}`, aliceToken)).status).toBe(204);
    read = await call("GET", `/notebooks/${id}`, bobToken);
    expect(read.json.sections).toEqual([]);
    expect(read.json.items.map((i: { noteUri: string; position: number }) => [i.noteUri, i.position])).toEqual([
      ["https://remote.example/notes/1", 0],
      [note.uri, 1],
    ]);

    expect((await call("DELETE", `/notebooks/${id}/items/${remote.json.id}`, aliceToken)).status).toBe(204);
    expect((await call("DELETE", `/notebooks/${id}/items/${remote.json.id}`, aliceToken)).status).toBe(404);
    expect(services.sent).toEqual([
      { type: "notebook-updated", notebookId: id },
      { type: "notebook-item-added", notebookId: id, noteUri: note.uri },
      { type: "notebook-item-added", notebookId: id, noteUri: "https://remote.example/notes/1" },
      { type: "notebook-updated", notebookId: id },
      { type: "notebook-updated", notebookId: id },
      { type: "notebook-updated", notebookId: id },
      { type: "notebook-item-removed", notebookId: id, noteUri: "https://remote.example/notes/1" },
    ]);
  });
});
