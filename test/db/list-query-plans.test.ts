// Lists scale with the page, not the database: the queries behind the notes
// index (and its filters) and a community's threads read an index in order,
// with no full scan and no temporary sort, on SQLite and on PostgreSQL. Paging
// by cursor returns every item exactly once.
import { beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import type { ActorRow } from "../../src/domain/actors.ts";
import { createCommunity, recordCommunityPost, type Community } from "../../src/domain/communities.ts";
import { listThreads } from "../../src/domain/community-threads.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import { blockOrMute } from "../../src/domain/member-blocks.ts";
import { setInstancePolicy } from "../../src/domain/moderation-policies.ts";
import { listPublicNotes } from "../../src/domain/notes.ts";
import { replyCounts } from "../../src/domain/threads.ts";
import type { TestServices } from "../helpers/services.ts";
import { DATABASES, useServices } from "../domain/on-databases.ts";
import { costlySteps, plansOf } from "./query-plans.ts";

describe.each(DATABASES)("list queries on $name", ({ open }) => {
  const current = useServices(open);
  let services: TestServices;
  let alice: ActorRow;
  let community: Community;

  beforeEach(async () => {
    services = current();
    alice = (await createUser(services.db, services.config.publicUrl, { handle: "alice", password: "un-mot-de-passe-solide", isAdmin: false })).actor;
    community = await createCommunity(services, alice, {
      handle: "jardins",
      name: "Jardins",
      summary: null,
      visibility: "public",
      rules: null,
      languages: ["fr"],
      topics: [],
      postingRestrictedToMods: false,
    });
  });

  async function handle() {
    // useServices hides the handle; the plans need its dialect and database.
    return { db: services.db, dialect: services.dialect, url: "", close: async () => {} };
  }

  /** The plans of the list queries themselves: the restrictions they read (blocks and limits, cached a second per process) are tiny tables. */
  const listPlans = async (work: Parameters<typeof plansOf>[1]) =>
    (await plansOf(await handle(), work)).filter((plan) => !/from "(federation_policy|moderation_policies|member_blocks)"/.test(plan.sql));

  it("read the notes index, its filters and its later pages from an index, with no sort", async () => {
    const cursor = "2026-01-01T00:00:00.000Z|01zzzzzzzzzzzzzzzzzzzzzzzz";
    const plans = await listPlans(async (db) => {
      await listPublicNotes(db, { limit: 20 });
      await listPublicNotes(db, { limit: 20, cursor });
      await listPublicNotes(db, { limit: 20, localOnly: true, cursor });
      await listPublicNotes(db, { limit: 20, tagKey: "jardins", cursor });
      await listPublicNotes(db, { limit: 20, termId: "01aaaaaaaaaaaaaaaaaaaaaaaa" });
      await listPublicNotes(db, { limit: 20, organizationId: "01aaaaaaaaaaaaaaaaaaaaaaaa" });
    });
    expect(plans).toHaveLength(6);
    for (const plan of plans) expect(costlySteps(plan), `${plan.sql}\n${plan.steps.join("\n")}`).toEqual([]);
  });

  it("read a community's threads, first and later pages, from an index, with no sort", async () => {
    const plans = await listPlans(async (db) => {
      await listThreads(db, community.actor.id, null, 30);
      await listThreads(db, community.actor.id, "0|2026-01-01T00:00:00.000Z|01zzzzzzzzzzzzzzzzzzzzzzzz", 30);
    });
    expect(plans).toHaveLength(2);
    for (const plan of plans) expect(costlySteps(plan), `${plan.sql}\n${plan.steps.join("\n")}`).toEqual([]);
  });

  it("still read an index in order while accounts and instances are blocked, limited or muted by the viewer", async () => {
    const admin = (await createUser(services.db, services.config.publicUrl, { handle: "gestion", password: "un-mot-de-passe-solide", isAdmin: true })).actor;
    await setInstancePolicy(services, { actor: admin, isAdmin: true }, "bloquee.example", { policy: "block" });
    await setInstancePolicy(services, { actor: admin, isAdmin: true }, "limitee.example", { policy: "limit" });
    await blockOrMute(services, alice, { host: "sourdine.example" }, "mute");
    const cursor = "2026-01-01T00:00:00.000Z|01zzzzzzzzzzzzzzzzzzzzzzzz";
    const plans = await listPlans(async (db) => {
      await listPublicNotes(db, { limit: 20, viewerId: alice.id });
      await listPublicNotes(db, { limit: 20, cursor, viewerId: alice.id });
      await listThreads(db, community.actor.id, null, 30);
    });
    expect(plans).toHaveLength(3);
    for (const plan of plans) expect(plan.sql).toMatch(/not exists/i);
    for (const plan of plans) expect(costlySteps(plan), `${plan.sql}\n${plan.steps.join("\n")}`).toEqual([]);
  });

  it("page through notes and threads by cursor: every item once, newest first, pinned threads first", async () => {
    const titles: string[] = [];
    for (let i = 0; i < 7; i++) {
      titles.push(`Note ${i}`);
      const { note } = await createNote(services, alice, { title: `Note ${i}`, content: "Des corvées partagées." });
      await recordCommunityPost(services.db, community.actor.id, note.id, true);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await listPublicNotes(services.db, { limit: 3, cursor });
      seen.push(...page.items.map((n) => n.title));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...titles].reverse());

    const pinnedId = (await listPublicNotes(services.db, { limit: 100 })).items.find((n) => n.title === "Note 2")!.id;
    await services.db.updateTable("community_posts").set({ pinned: 1 }).where("note_id", "=", pinnedId).execute();
    const threads: string[] = [];
    let threadCursor: string | null = null;
    do {
      const page = await listThreads(services.db, community.actor.id, threadCursor, 2);
      threads.push(...page.rows.map((r) => r.note.title));
      threadCursor = page.nextCursor;
    } while (threadCursor);
    expect(threads).toEqual(["Note 2", ...[...titles].reverse().filter((t) => t !== "Note 2")]);
  });

  it("count a page of threads' replies at any depth in one query, leaving out deleted and removed ones", async () => {
    const root = await createNote(services, alice, { title: "Racine", content: "Une question." });
    const other = await createNote(services, alice, { title: "Autre", content: "Une autre question." });
    const first = await createNote(services, alice, { content: "Une réponse.", inReplyTo: root.note.uri });
    const nested = await createNote(services, alice, { content: "Une réponse à la réponse.", inReplyTo: first.note.uri });
    await createNote(services, alice, { content: "Sous la réponse retirée.", inReplyTo: nested.note.uri });
    const removed = await createNote(services, alice, { content: "Retirée.", inReplyTo: root.note.uri });
    await services.db
      .insertInto("community_posts")
      .values({ community_id: community.actor.id, note_id: removed.note.id, is_thread: 0, created_at: new Date().toISOString(), removed_at: new Date().toISOString() })
      .onConflict((oc) => oc.columns(["community_id", "note_id"]).doUpdateSet({ removed_at: new Date().toISOString() }))
      .execute();
    await services.db.updateTable("notes").set({ deleted_at: new Date().toISOString() }).where("id", "=", nested.note.id).execute();
    const counts = await replyCounts(services.db, community.actor.id, [root.note, other.note]);
    // first, and the reply under the deleted one (deleted and removed replies are not counted).
    expect(counts.get(root.note.id)).toBe(2);
    expect(counts.get(other.note.id) ?? 0).toBe(0);
  });
});
