import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import { createApiToken } from "../../src/domain/api-tokens.ts";
import { createApp } from "../../src/http/app.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { callApi } from "../helpers/api-client.ts";

let services: TestServices;
let app: ReturnType<typeof createApp>;
const tokens: Record<string, string> = {};

function call(method: string, path: string, who: string | null, body?: unknown) {
  return callApi(app, who ? tokens[who]! : null, method, path, body);
}

beforeEach(async () => {
  services = await testServices();
  app = createApp(services);
  for (const handle of ["alice", "bob"]) {
    const { actor } = await createUser(services.db, services.config.publicUrl, { handle, password: "correct horse battery", isAdmin: false });
    tokens[handle] = await createApiToken(services.db, actor.id, "test");
  }
  await call("POST", "/communities", "alice", { handle: "cercle", visibility: "private" });
  await call("POST", "/communities", "alice", { handle: "place", visibility: "public" });
});
afterEach(() => services.close());

describe("curator-driven sharing and linked communities", () => {
  it("lets moderators share a public note into a community, announced without a copy", async () => {
    const note = (await call("POST", "/notes", "bob", { title: "Guide", content: "Ouvert.", license: "cc-by-4.0" })).json;
    expect((await call("POST", "/communities/cercle/shares", "bob", { note: note.uri })).status).toBe(403);
    services.sent.length = 0;
    const shared = await call("POST", "/communities/cercle/shares", "alice", { note: note.uri });
    expect(shared).toMatchObject({ status: 201, json: { mode: "announce", warning: null, note: { id: note.id } } });
    expect(services.sent).toEqual([{ type: "community-share", communityId: expect.any(String), noteId: note.id }]);
    expect((await call("POST", "/communities/cercle/shares", "alice", { note: note.uri })).status).toBe(409);
    const posts = (await call("GET", "/communities/cercle/posts", "alice")).json.items.map((p: { id: string }) => p.id);
    expect(posts).toEqual([note.id]);
  });

  it("shares an 'all rights reserved' note as a link card, with a warning; refuses restricted notes", async () => {
    const closed = (await call("POST", "/notes", "bob", { title: "Réservé", content: "x", license: "all-rights-reserved" })).json;
    const card = await call("POST", "/communities/place/shares", "alice", { note: closed.uri });
    expect(card.status).toBe(201);
    expect(card.json.mode).toBe("link-card");
    expect(card.json.warning).toMatch(/all rights reserved/);
    expect(card.json.note.id).not.toBe(closed.id);
    expect(card.json.note.links).toEqual([closed.uri]);
    // A followers-only note alice cannot read is not there for her; one she can read is refused with the reason.
    const restricted = (await call("POST", "/notes", "bob", { title: "Abonnés", content: "x", visibility: "followers" })).json;
    expect((await call("POST", "/communities/place/shares", "alice", { note: restricted.uri })).status).toBe(404);
    const own = (await call("POST", "/notes", "alice", { title: "Mes abonnés", content: "x", visibility: "followers" })).json;
    const refused = await call("POST", "/communities/place/shares", "alice", { note: own.uri });
    expect(refused).toMatchObject({ status: 400, json: { message: "Only public notes can be shared into a community" } });
  });

  it("names public linked communities (moderators only); a private one cannot be linked", async () => {
    expect((await call("POST", "/communities/cercle/links", "bob", { community: "@place@test.example" })).status).toBe(403);
    const linked = await call("POST", "/communities/cercle/links", "alice", { community: "@place@test.example" });
    expect(linked.status).toBe(201);
    expect((await call("GET", "/communities/cercle/links", "alice")).json.items).toEqual([linked.json.uri]);
    expect((await call("POST", "/communities/place/links", "alice", { community: "@cercle@test.example" })).status).toBe(400);
    expect((await call("DELETE", `/communities/cercle/links?community=${encodeURIComponent(linked.json.uri)}`, "alice")).status).toBe(204);
    expect((await call("GET", "/communities/cercle/links", "alice")).json.items).toEqual([]);
  });
});
