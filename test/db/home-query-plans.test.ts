// The home page and a profile's lists read an index in order and stop at
// their limit, on SQLite and PostgreSQL: the active communities (the newest
// threads of every community, community_posts_recent_idx), a member's news
// (each community's newest threads), their communities and the notebooks
// they curate (notebook_curators_actor_idx). No full scan, no temporary sort.
import { beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import type { ActorRow } from "../../src/domain/actors.ts";
import { createCommunity } from "../../src/domain/communities.ts";
import { listFollows } from "../../src/domain/follows.ts";
import { activeCommunities, communityNews } from "../../src/domain/home-digest.ts";
import { listNotebooks } from "../../src/domain/notebooks.ts";
import type { TestServices } from "../helpers/services.ts";
import { DATABASES, useServices } from "../domain/on-databases.ts";
import { costlySteps, plansOf, type Plan } from "./query-plans.ts";

const LAST_ID = "01zzzzzzzzzzzzzzzzzzzzzzzz";

function expectNoCostlySteps(plans: Plan[]): void {
  expect(plans.length).toBeGreaterThan(0);
  for (const plan of plans) expect(costlySteps(plan), `${plan.sql}\n${plan.steps.join("\n")}`).toEqual([]);
}

describe.each(DATABASES)("home and profile lists on $name", ({ open }) => {
  const current = useServices(open);
  let services: TestServices;
  let alice: ActorRow;

  beforeEach(async () => {
    services = current();
    alice = (await createUser(services.db, services.config.publicUrl, { handle: "alice", password: "un-mot-de-passe-solide", isAdmin: false })).actor;
    // A community alice belongs to, so that the news reads its threads.
    await createCommunity(services, alice, { handle: "jardins", name: "Jardins", summary: null, visibility: "public", rules: null, languages: ["fr"], topics: [], postingRestrictedToMods: false });
  });

  async function handle() {
    return { db: services.db, dialect: services.dialect, url: "", close: async () => {} };
  }

  it("the active communities: the newest threads of all communities", async () => {
    const plans = await plansOf(await handle(), (db) => activeCommunities(db, { viewerId: alice.id, communities: 4, threadsEach: 3 }));
    // The threads' query; the communities' actors are then read by key.
    expectNoCostlySteps(plans.filter((p) => p.sql.includes("community_posts")));
  });

  it("a member's news: their communities, then each one's newest threads", async () => {
    const plans = await plansOf(await handle(), (db) => communityNews(db, alice.id, { communities: 12, perCommunity: 3, limit: 8 }));
    expect(plans.some((p) => p.sql.includes("community_posts"))).toBe(true);
    // The memberships and each community's threads (the administrators' and the member's blocks are short lists, read whole and cached).
    expectNoCostlySteps(plans.filter((p) => p.sql.includes("community_posts") || p.sql.includes('from "follows"')));
  });

  it("a person's communities and notebooks: first and later pages", async () => {
    const plans = await plansOf(await handle(), async (db) => {
      await listFollows(db, alice.id, "following", { limit: 8, onlyGroups: true, seenBy: { actorId: null } });
      await listFollows(db, alice.id, "following", { limit: 8, onlyGroups: true, cursor: LAST_ID });
      await listNotebooks(db, { limit: 5, curatorId: alice.id });
      await listNotebooks(db, { limit: 5, curatorId: alice.id, cursor: LAST_ID });
    });
    expectNoCostlySteps(plans);
  });
});
