// HTTP caching of the ActivityPub documents, through the real Fedify runtime
// and Hono app: a public note and an actor carry validators and a public
// Cache-Control and answer 304s; a note not addressed to everyone and the
// collections are private, no-store; notes and actors are kept a few seconds
// in the stampede cache, emptied by a local write.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createFederationRuntime } from "../../federation/runtime.ts";
import { isPublicDocument } from "../../federation/document-caching.ts";
import { loadConfig, type Config } from "../../src/config/config.ts";
import { openDatabase, type DatabaseHandle } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { createUser } from "../../src/domain/accounts.ts";
import { ensureInstanceActor, type ActorRow } from "../../src/domain/actors.ts";
import { createNote, updateNote } from "../../src/domain/note-writing.ts";
import { createApp } from "../../src/http/app.ts";
import { PublicResponses, usePublicResponses } from "../../src/http/cache/public-responses.ts";
import type { FederationRuntime } from "../../src/runtime.ts";

const AP = { Accept: "application/activity+json" };

describe("caching of served ActivityPub documents", () => {
  let database: DatabaseHandle;
  let runtime: FederationRuntime;
  let app: ReturnType<typeof createApp>;
  let config: Config;
  let alice: ActorRow;
  let now: number;

  beforeEach(async () => {
    const result = loadConfig({ PUBLIC_URL: "https://laurentides.example", INSTANCE_NAME: "En commun Laurentides" });
    if (!result.ok) throw new Error(result.problems.join());
    config = result.config;
    database = openDatabase("sqlite::memory:");
    await migrateToLatest(database.db);
    runtime = await createFederationRuntime(config, database);
    now = Date.parse("2026-12-04T10:00:00Z");
    usePublicResponses(runtime.services, new PublicResponses({ ttlMs: 5_000, maxEntries: 100, maxBytes: 1024 * 1024, maxValidators: 1000, now: () => now }));
    await ensureInstanceActor(database.db, config.publicUrl, config.instance.name);
    app = createApp(runtime.services, { federation: runtime.middleware });
    ({ actor: alice } = await createUser(database.db, config.publicUrl, { handle: "alice", password: "un-mot-de-passe-solide", isAdmin: false }));
  });

  afterEach(async () => {
    await runtime.close();
    await database.close();
  });

  const request = (path: string, headers: Record<string, string> = {}) => app.request(`https://laurentides.example${path}`, { headers: { ...AP, ...headers } });

  it("a public note and an actor: weak ETag, Last-Modified, public max-age, Vary: Accept, and a 304 with no body", async () => {
    const { note } = await createNote(runtime.services, alice, { title: "Les corvées", content: "Un texte." });
    for (const path of [`/notes/${note.id}`, `/actors/${alice.id}`]) {
      const res = await request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type"), path).toMatch(/activity\+json/);
      expect(res.headers.get("cache-control"), path).toBe("public, max-age=60");
      expect(res.headers.get("vary"), path).toMatch(/Accept/);
      expect(Date.parse(res.headers.get("last-modified")!), path).toBe(now);
      const etag = res.headers.get("etag")!;
      expect(etag, path).toMatch(/^W\/"/);
      const again = await request(path, { "If-None-Match": etag });
      expect(again.status, path).toBe(304);
      expect(await again.text(), path).toBe("");
      expect((await request(path, { "If-Modified-Since": res.headers.get("last-modified")! })).status, path).toBe(304);
    }
  });

  it("keeps WebFinger answers a few seconds too, with validators", async () => {
    const path = "/.well-known/webfinger?resource=acct:alice@laurentides.example";
    const first = await request(path, { Accept: "application/jrd+json" });
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("public, max-age=60");
    expect((await request(path, { Accept: "application/jrd+json", "If-None-Match": first.headers.get("etag")! })).status).toBe(304);
    await sql`update actors set deleted_at = ${new Date().toISOString()} where id = ${alice.id}`.execute(database.db);
    expect((await request(path, { Accept: "application/jrd+json" })).status).toBe(200); // from memory
    now += 6_000;
    expect((await request(path, { Accept: "application/jrd+json" })).status).toBe(404);
  });

  it("a changed note changes its ETag (past the few seconds it is kept)", async () => {
    const { note } = await createNote(runtime.services, alice, { title: "Les corvées", content: "Un texte." });
    const before = await request(`/notes/${note.id}`);
    await updateNote(runtime.services, alice, note.id, { title: "Les corvées partagées" });
    now += 6_000;
    const after = await request(`/notes/${note.id}`, { "If-None-Match": before.headers.get("etag")! });
    expect(after.status).toBe(200);
    expect((await after.json()).name).toBe("Les corvées partagées");
    expect(after.headers.get("etag")).not.toBe(before.headers.get("etag"));
  });

  it("keeps an actor's document a few seconds, and a local write through the site empties the cache", async () => {
    const first = await (await request(`/actors/${alice.id}`)).json();
    expect(first.name ?? null).not.toBe("Alice Tremblay");
    // Written by another process (raw SQL here): the stored document is answered until a local write.
    await sql`update actors set name = ${"Alice Tremblay"} where id = ${alice.id}`.execute(database.db);
    expect((await (await request(`/actors/${alice.id}`)).json()).name).toBe(first.name);
    const signIn = await app.request("https://laurentides.example/signin", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://laurentides.example" },
      body: new URLSearchParams({ handle: "alice", password: "un-mot-de-passe-solide" }),
    });
    expect(signIn.status).toBe(303);
    expect((await (await request(`/actors/${alice.id}`)).json()).name).toBe("Alice Tremblay");
  });

  it("a followers-only note is never public: anonymous fetchers get no public Cache-Control", async () => {
    const { note } = await createNote(runtime.services, alice, { title: "Entre nous", content: "Un texte.", visibility: "followers" });
    const res = await request(`/notes/${note.id}`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.headers.get("cache-control") ?? "").not.toMatch(/public/);
    expect(res.headers.get("etag")).toBeNull();
  });

  it("collections (their pages may depend on who asks) are private, no-store", async () => {
    const res = await request(`/actors/${alice.id}/followers`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
  });

  it("calls public only an actor or what is addressed to as:Public", () => {
    const PUBLIC = "https://www.w3.org/ns/activitystreams#Public";
    expect(isPublicDocument({ type: "Article", to: [PUBLIC] })).toBe(true);
    expect(isPublicDocument({ type: "Note", to: "https://a.example/followers", cc: PUBLIC })).toBe(true);
    expect(isPublicDocument({ type: "Group" })).toBe(true);
    expect(isPublicDocument({ type: "Article", to: ["https://laurentides.example/actors/x/followers"] })).toBe(false);
    expect(isPublicDocument({ type: "Note", to: ["https://laurentides.example/actors/x"], cc: [] })).toBe(false);
    expect(isPublicDocument({ type: "OrderedCollection", totalItems: 3 })).toBe(false);
  });
});
