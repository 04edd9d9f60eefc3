// Only web addresses are kept from other servers: a `javascript:` URL in an
// actor's url or icon, a note's url or attachment, a notebook's url or image
// is dropped when stored, so the JSON API never hands one to a client.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import { createApiToken } from "../../src/domain/api-tokens.ts";
import { createApp } from "../../src/http/app.ts";
import { fakeFederation, type FakeFederation } from "../helpers/fake-federation.ts";

const AS = "https://www.w3.org/ns/activitystreams";
const ACTOR = "https://evil.example/users/mallory";
const NOTE = "https://evil.example/notes/1";
const NOTEBOOK = "https://evil.example/notebooks/1";
const JS = "javascript:alert(document.cookie)";

let net: FakeFederation;
let token: string;

beforeEach(async () => {
  vi.stubGlobal("fetch", async (input: unknown) => {
    throw new Error(`Unexpected fetch in a unit test: ${String(input)}`);
  });
  net = await fakeFederation();
  const { user } = await createUser(net.services.db, net.services.config.publicUrl, { handle: "alice", password: "un-mot-de-passe-solide", isAdmin: false });
  token = await createApiToken(net.services.db, user.actor_id, "test");
  net.documents.set(ACTOR, {
    "@context": AS,
    id: ACTOR,
    type: "Person",
    preferredUsername: "mallory",
    inbox: `${ACTOR}/inbox`,
    url: JS,
    icon: { type: "Image", url: JS },
  });
  net.documents.set(NOTE, {
    "@context": AS,
    id: NOTE,
    type: "Article",
    name: "Piège",
    content: "<p>Rien à voir</p>",
    attributedTo: ACTOR,
    to: `${AS}#Public`,
    url: JS,
    published: "2026-12-01T00:00:00Z",
    attachment: [
      { type: "Document", mediaType: "image/png", url: JS, name: "piège" },
      { type: "Document", mediaType: "image/png", url: "https://evil.example/ok.png", name: "image" },
    ],
  });
  net.documents.set(NOTEBOOK, {
    "@context": AS,
    id: NOTEBOOK,
    type: "OrderedCollection",
    name: "Carnet piégé",
    attributedTo: [ACTOR],
    url: JS,
    image: { type: "Image", url: JS },
    orderedItems: [JS, NOTE],
  });
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await net.services.close();
});

async function api(path: string): Promise<any> {
  const res = await createApp(net.services).request(path, { headers: { authorization: `Bearer ${token}`, accept: "application/json" } });
  expect(res.status, path).toBe(200);
  return res.json();
}

describe("URLs from other servers", () => {
  it("keeps only http(s) URLs of an actor", async () => {
    expect((await net.services.lookup.resolve(ACTOR))?.kind).toBe("actor");
    const actor = await api(`/api/v1/actors/lookup?q=${encodeURIComponent(ACTOR)}`);
    expect(actor.uri).toBe(ACTOR);
    expect(JSON.stringify(actor)).not.toContain("javascript:");
    expect(actor.iconUrl).toBeNull();
  });

  it("keeps only http(s) URLs of a note and its attachments", async () => {
    expect((await net.services.lookup.resolve(NOTE))?.kind).toBe("note");
    const note = await api(`/api/v1/notes/by-uri?uri=${encodeURIComponent(NOTE)}`);
    expect(JSON.stringify(note)).not.toContain("javascript:");
    expect(note.url).toBe(NOTE);
    expect(note.attachments.map((a: { url: string }) => a.url)).toEqual(["https://evil.example/ok.png"]);
  });

  it("keeps only http(s) URLs of a notebook and its items", async () => {
    const found = await net.services.lookup.resolve(NOTEBOOK);
    expect(found?.kind).toBe("notebook");
    const notebook = await api(`/api/v1/notebooks/${found?.kind === "notebook" ? found.notebook.id : ""}`);
    expect(JSON.stringify(notebook)).not.toContain("javascript:");
  });
});
