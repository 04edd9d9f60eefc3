// The other lists scale with the page too: notebooks, organizations,
// followers and following, an author's notes (their page and outbox) and a
// community's outbox read an index in order, with no full scan and no
// temporary sort, on SQLite and on PostgreSQL; paging past the end gives an
// empty page.
import { beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import type { ActorRow } from "../../src/domain/actors.ts";
import { createCommunity, listPublicThreads, recordCommunityPost } from "../../src/domain/communities.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import { listFollows } from "../../src/domain/follows.ts";
import { listNotebooks } from "../../src/domain/notebooks.ts";
import { listOrganizations } from "../../src/domain/organizations.ts";
import type { TestServices } from "../helpers/services.ts";
import { DATABASES, useServices } from "../domain/on-databases.ts";
import { costlySteps, plansOf, type Plan } from "./query-plans.ts";

const LAST_ID = "01zzzzzzzzzzzzzzzzzzzzzzzz";

function expectNoCostlySteps(plans: Plan[], count: number): void {
  expect(plans).toHaveLength(count);
  for (const plan of plans) expect(costlySteps(plan), `${plan.sql}\n${plan.steps.join("\n")}`).toEqual([]);
}

describe.each(DATABASES)("more list queries on $name", ({ open }) => {
  const current = useServices(open);
  let services: TestServices;
  let alice: ActorRow;

  beforeEach(async () => {
    services = current();
    alice = (await createUser(services.db, services.config.publicUrl, { handle: "alice", password: "un-mot-de-passe-solide", isAdmin: false })).actor;
  });

  async function handle() {
    return { db: services.db, dialect: services.dialect, url: "", close: async () => {} };
  }

  it("notebooks and organizations: first and later pages", async () => {
    const plans = await plansOf(await handle(), async (db) => {
      await listNotebooks(db, { limit: 20 });
      await listNotebooks(db, { limit: 20, cursor: LAST_ID });
      await listOrganizations(db, { limit: 20 });
      await listOrganizations(db, { limit: 20, cursor: LAST_ID });
    });
    for (const plan of plans) expect(costlySteps(plan), `${plan.sql}\n${plan.steps.join("\n")}`).toEqual([]);
  });

  it("followers and following: first and later pages", async () => {
    const plans = await plansOf(await handle(), async (db) => {
      await listFollows(db, alice.id, "followers", { limit: 20 });
      await listFollows(db, alice.id, "followers", { limit: 20, cursor: LAST_ID });
      await listFollows(db, alice.id, "following", { limit: 20, cursor: LAST_ID });
    });
    expectNoCostlySteps(plans, 3);
  });

  it("a community's outbox", async () => {
    const plans = await plansOf(await handle(), async (db) => {
      await listPublicThreads(db, alice.id, { limit: 20 });
      await listPublicThreads(db, alice.id, { limit: 20, cursor: `2026-01-01T00:00:00.000Z|${LAST_ID}` });
    });
    expectNoCostlySteps(plans, 2);
  });

  it("page through a community's outbox by cursor: every thread once, newest first, then an empty page", async () => {
    const community = await createCommunity(services, alice, {
      handle: "jardins",
      name: "Jardins",
      summary: null,
      visibility: "public",
      rules: null,
      languages: ["fr"],
      topics: [],
      postingRestrictedToMods: false,
    });
    const titles: string[] = [];
    for (let i = 0; i < 5; i++) {
      titles.push(`Fil ${i}`);
      const { note } = await createNote(services, alice, { title: `Fil ${i}`, content: "Un fil." });
      await recordCommunityPost(services.db, community.actor.id, note.id, true);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let last: string | null = null;
    do {
      const page = await listPublicThreads(services.db, community.actor.id, { limit: 2, cursor });
      seen.push(...page.items.map((t) => t.note.title ?? ""));
      const tail = page.items[page.items.length - 1];
      if (tail) last = `${tail.postedAt}|${tail.note.id}`;
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...titles].reverse());
    expect((await listPublicThreads(services.db, community.actor.id, { limit: 2, cursor: last })).items).toEqual([]);
  });
});
