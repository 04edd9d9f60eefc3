// The lexicon's index (the `/terms` page and GET /api/terms without a query)
// is keyset-paged by slug and reads terms_local_slug_unique in order: no full
// scan, no temporary sort, on SQLite and on PostgreSQL; paging past the end
// gives an empty page. (The tag page is listPublicNotes with a tag: see
// list-query-plans.test.ts.)
import { beforeEach, describe, expect, it } from "vitest";
import { createTerm, listTermsPage } from "../../src/domain/terms.ts";
import type { TestServices } from "../helpers/services.ts";
import { DATABASES, useServices } from "../domain/on-databases.ts";
import { costlySteps, plansOf } from "./query-plans.ts";

describe.each(DATABASES)("the lexicon's index on $name", ({ open }) => {
  const current = useServices(open);
  let services: TestServices;

  beforeEach(() => {
    services = current();
  });

  it("first and later pages walk the slug index in order", async () => {
    const handle = { db: services.db, dialect: services.dialect, url: "", close: async () => {} };
    const plans = await plansOf(handle, async (db) => {
      await listTermsPage(db, { limit: 20 });
      await listTermsPage(db, { limit: 20, cursor: "jardin" });
    });
    expect(plans).toHaveLength(2);
    for (const plan of plans) {
      expect(costlySteps(plan), `${plan.sql}\n${plan.steps.join("\n")}`).toEqual([]);
      expect(plan.steps.join("\n")).toMatch(/terms_local_slug_unique/);
      expect(plan.sql).toMatch(/limit/i);
    }
  });

  it("pages through every local term once, by slug, then an empty page", async () => {
    const labels = ["Verger", "Abeille", "Jardin partagé", "Compost", "Semis"];
    for (const label of labels) await createTerm(services.db, services.config.publicUrl, { labelFr: label });
    const seen: string[] = [];
    let cursor: string | null = null;
    let last: string | null = null;
    do {
      const page = await listTermsPage(services.db, { limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((t) => t.slug));
      last = page.items[page.items.length - 1]?.slug ?? last;
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["abeille", "compost", "jardin-partage", "semis", "verger"]);
    expect((await listTermsPage(services.db, { limit: 2, cursor: last })).items).toEqual([]);
  });
});
