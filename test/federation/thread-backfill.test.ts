// Completing a thread whose root lives elsewhere, over a strict fake network:
// the root's context and the paged replies collections lead to the replies,
// each fetched from its own server; what answers no note of the thread, what
// is not public and what lies too deep is left out; a second reading within
// ten minutes fetches nothing. Also GET /api/v1/notes/:id/thread.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { THREAD_BACKFILL_MAX_OBJECTS } from "../../federation/thread-backfill.ts";
import { createUser } from "../../src/domain/accounts.ts";
import type { ActorRow } from "../../src/domain/actors.ts";
import { createApiToken } from "../../src/domain/api-tokens.ts";
import { createCommunity, recordCommunityPost } from "../../src/domain/communities.ts";
import { findNoteByUri, type NoteRow } from "../../src/domain/notes.ts";
import { createApp } from "../../src/http/app.ts";
import { fakeFederation, type FakeFederation } from "../helpers/fake-federation.ts";
import { loadFixture } from "../helpers/fixtures.ts";

const AS = "https://www.w3.org/ns/activitystreams";
const PUBLIC = `${AS}#Public`;
const A = "https://a.example";
const B = "https://b.example";
const ALICE = `${A}/u/alice`;
const BOB = `${B}/u/bob`;
const ROOT = `${A}/notes/root`;
const R1 = `${A}/notes/r1`;
const R2 = `${B}/notes/r2`;
const R3 = `${B}/notes/r3`;
const R4 = `${B}/notes/r4`;
const STRANGER = `${B}/notes/stranger`;
const PRIVATE = `${B}/notes/private`;
const SPAM = `${B}/notes/spam`;

let minute = 0;
function note(id: string, attributedTo: string, extra: Record<string, unknown> = {}) {
  minute++;
  return {
    "@context": AS,
    id,
    type: "Note",
    attributedTo,
    to: [PUBLIC],
    content: `<p>${id.split("/").pop()}</p>`,
    published: `2026-01-02T03:${String(minute).padStart(2, "0")}:00Z`,
    ...extra,
  };
}

let net: FakeFederation;
let alice: ActorRow;

beforeEach(async () => {
  vi.stubGlobal("fetch", async (input: unknown) => {
    throw new Error(`Unexpected fetch in a unit test: ${String(input)}`);
  });
  minute = 0;
  net = await fakeFederation();
  const person = loadFixture("lemmy/objects/person.json") as Record<string, unknown>;
  net.documents.set(ALICE, { ...person, id: ALICE, preferredUsername: "alice", inbox: `${ALICE}/inbox` });
  net.documents.set(BOB, { ...person, id: BOB, preferredUsername: "bob", inbox: `${BOB}/inbox` });
  ({ actor: alice } = await createUser(net.services.db, net.services.config.publicUrl, { handle: "lea", password: "un-mot-de-passe-solide", isAdmin: false }));
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await net.services.close();
});

/** A conversation on A and B: the root's replies in two pages, a nested reply, a context listing a reply before its parent. */
function serveConversation() {
  const docs = net.documents;
  docs.set(ROOT, note(ROOT, ALICE, { replies: `${ROOT}/replies`, context: `${ROOT}/context` }));
  docs.set(`${ROOT}/replies`, {
    "@context": AS,
    id: `${ROOT}/replies`,
    type: "Collection",
    first: { id: `${ROOT}/replies?page=1`, type: "CollectionPage", partOf: `${ROOT}/replies`, next: `${ROOT}/replies?page=2`, items: [R1] },
  });
  docs.set(`${ROOT}/replies?page=2`, { "@context": AS, id: `${ROOT}/replies?page=2`, type: "CollectionPage", partOf: `${ROOT}/replies`, items: [R2, STRANGER, PRIVATE] });
  docs.set(`${ROOT}/context`, { "@context": AS, id: `${ROOT}/context`, type: "OrderedCollection", orderedItems: [ROOT, R4, SPAM] });
  docs.set(R1, note(R1, ALICE, { inReplyTo: ROOT, replies: { id: `${R1}/replies`, type: "Collection", items: [R3] } }));
  docs.set(R2, note(R2, BOB, { inReplyTo: ROOT }));
  docs.set(R3, note(R3, BOB, { inReplyTo: R1 }));
  // Listed by the context only, before its parent is known.
  docs.set(R4, note(R4, BOB, { inReplyTo: R3 }));
  docs.set(STRANGER, note(STRANGER, BOB, { inReplyTo: `${B}/notes/elsewhere` }));
  docs.set(PRIVATE, note(PRIVATE, BOB, { inReplyTo: ROOT, to: [`${BOB}/followers`] }));
  docs.set(SPAM, note(SPAM, BOB));
}

async function keepRoot(): Promise<NoteRow> {
  const found = await net.services.lookup.resolve(ROOT);
  expect(found?.kind).toBe("note");
  net.fetched.length = 0;
  return (await findNoteByUri(net.services.db, ROOT))!;
}

/** A public community here that carries the thread. */
async function carriedByCommunity(root: NoteRow) {
  const settings = { handle: "jardins", name: null, summary: null, visibility: "public", rules: null, languages: [], topics: [], postingRestrictedToMods: false } as const;
  const community = await createCommunity(net.services, alice, { ...settings, languages: [], topics: [] });
  await recordCommunityPost(net.services.db, community.actor.id, root.id, true);
  return community;
}

const backfill = (uri = ROOT) => net.services.threadBackfill!.backfill(uri);

describe("thread backfill", () => {
  it("stores the public replies the context and the replies collections lead to, and files them under the community", async () => {
    serveConversation();
    const root = await keepRoot();
    const community = await carriedByCommunity(root);

    expect(await backfill()).toBe(4);
    const db = net.services.db;
    for (const [uri, parent] of [[R1, ROOT], [R2, ROOT], [R3, R1], [R4, R3]] as const) {
      expect((await findNoteByUri(db, uri))?.in_reply_to_uri, uri).toBe(parent);
    }
    for (const uri of [STRANGER, PRIVATE, SPAM]) expect(await findNoteByUri(db, uri), uri).toBeUndefined();
    const filed = await db
      .selectFrom("community_posts")
      .innerJoin("notes", "notes.id", "community_posts.note_id")
      .select(["notes.uri", "community_posts.is_thread"])
      .where("community_posts.community_id", "=", community.actor.id)
      .orderBy("notes.uri")
      .execute();
    expect(filed).toEqual([
      { uri: R1, is_thread: 0 },
      { uri: ROOT, is_thread: 1 },
      { uri: R2, is_thread: 0 },
      { uri: R3, is_thread: 0 },
      { uri: R4, is_thread: 0 },
    ].sort((a, b) => a.uri.localeCompare(b.uri)));

    // Within ten minutes: nothing is fetched again.
    const before = net.fetched.length;
    expect(await backfill()).toBe(0);
    expect(net.fetched.length).toBe(before);

    // Later, the same conversation again: refetched, nothing added or filed twice.
    await db.updateTable("notes").set({ backfilled_at: new Date(Date.now() - 11 * 60 * 1000).toISOString() }).execute();
    expect(await backfill()).toBe(0);
    expect(net.fetched.length).toBeGreaterThan(before);
    expect(await db.selectFrom("notes").select("id").where("is_local", "=", 0).execute()).toHaveLength(5);
    expect(await db.selectFrom("community_posts").select("note_id").where("community_id", "=", community.actor.id).execute()).toHaveLength(5);
  });

  it("reads replies of replies six levels deep, no deeper", async () => {
    const chain = Array.from({ length: 8 }, (_, i) => `${A}/notes/c${i}`);
    chain.forEach((id, i) => {
      const extra: Record<string, unknown> = { replies: { id: `${id}/replies`, type: "Collection", items: chain[i + 1] ? [chain[i + 1]] : [] } };
      if (i > 0) extra.inReplyTo = chain[i - 1];
      net.documents.set(id, note(id, ALICE, extra));
    });
    expect((await net.services.lookup.resolve(chain[0]!))?.kind).toBe("note");
    expect(await backfill(chain[0])).toBe(6);
    expect(await findNoteByUri(net.services.db, chain[6]!)).toBeDefined();
    expect(await findNoteByUri(net.services.db, chain[7]!)).toBeUndefined();
  });

  it("stops after its budget of fetches", async () => {
    const many = Array.from({ length: THREAD_BACKFILL_MAX_OBJECTS + 50 }, (_, i) => `${B}/notes/missing-${i}`);
    net.documents.set(ROOT, note(ROOT, ALICE, { replies: { id: `${ROOT}/replies`, type: "Collection", items: many } }));
    await keepRoot();
    expect(await backfill()).toBe(0);
    expect(net.fetched.length).toBe(THREAD_BACKFILL_MAX_OBJECTS);
  });

  it("never asks other servers about a private thread, nor about our own notes", async () => {
    serveConversation();
    net.documents.set(ROOT, note(ROOT, ALICE, { to: [`${ALICE}/followers`], replies: `${ROOT}/replies` }));
    await keepRoot();
    expect(await backfill()).toBe(0);
    expect(net.fetched).toEqual([]);
    expect(await backfill("https://test.example/notes/nothing")).toBe(0);
    expect(net.fetched).toEqual([]);
  });

  it("survives a root whose server does not answer", async () => {
    serveConversation();
    await keepRoot();
    net.documents.clear();
    expect(await backfill()).toBe(0);
    expect(net.fetched).toEqual([ROOT]);
  });
});

describe("reading a thread", () => {
  it("the community thread page completes a remote thread before showing it", async () => {
    serveConversation();
    const root = await keepRoot();
    await carriedByCommunity(root);
    const res = await createApp(net.services).request(`/c/jardins/t/${root.id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const name of ["r1", "r2", "r3", "r4"]) expect(html, name).toContain(`<p>${name}</p>`);
    expect(html).not.toContain("<p>private</p>");
  });


  it("completes a remote thread first, then lists it in reading order; again within ten minutes, from the database", async () => {
    serveConversation();
    const root = await keepRoot();
    const app = createApp(net.services);
    const token = await createApiToken(net.services.db, alice.id, "test");
    const get = async (path: string) => {
      const res = await app.request(path, { headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, body: await res.json() };
    };
    const first = await get(`/api/v1/notes/${root.id}/thread`);
    expect(first.status).toBe(200);
    expect(first.body.root).toMatchObject({ uri: ROOT, inReplyTo: null, local: false });
    expect(first.body.replies.map((r: { uri: string; inReplyTo: string }) => [r.uri, r.inReplyTo])).toEqual([
      [R1, ROOT],
      [R3, R1],
      [R4, R3],
      [R2, ROOT],
    ]);
    const fetched = net.fetched.length;
    const again = await get(`/api/v1/notes/by-uri/thread?uri=${encodeURIComponent(ROOT)}`);
    expect(again.body).toEqual(first.body);
    expect(net.fetched.length).toBe(fetched);
    expect((await get("/api/v1/notes/01nothing000000000000000000/thread")).status).toBe(404);
  });
});
