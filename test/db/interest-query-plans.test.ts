// The find view's list (findByInterests) reads each tag's rows in the
// (key, actor_id) index's order from the cursor and stops at the page's
// limit: no full scan of actors or interests, no temporary sort, on SQLite and
// PostgreSQL. The per-page relation counts look their rows up by index too.
import { beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import { updateLocalProfile } from "../../src/domain/actors.ts";
import { findByInterests } from "../../src/domain/find-by-interest.ts";
import { changePrivacyChoices } from "../../src/domain/privacy-choices.ts";
import type { TestServices } from "../helpers/services.ts";
import { DATABASES, useServices } from "../domain/on-databases.ts";
import { costlySteps, plansOf } from "./query-plans.ts";

describe.each(DATABASES)("the find view's queries on $name", ({ open }) => {
  const current = useServices(open);
  let services: TestServices;

  beforeEach(() => {
    services = current();
  });

  it("pages walk actor_interests_key_actor_idx in order, with a limit", async () => {
    const { actor } = await createUser(services.db, services.config.publicUrl, { handle: "alice", password: "correct horse battery staple", isAdmin: false });
    await updateLocalProfile(services.db, actor, { fields: { interests: ["communs", "jardins"], region: "Estrie" } });
    await changePrivacyChoices(services, actor, { profileDetailsPublic: true });
    const handle = { db: services.db, dialect: services.dialect, url: "", close: async () => {} };
    const plans = await plansOf(handle, async (db) => {
      await findByInterests(db, { tags: ["communs", "jardins"], viewerId: null, limit: 20 });
      await findByInterests(db, { tags: "communs", region: "05", viewerId: null, limit: 20, cursor: actor.id });
    });
    const lists = plans.filter((p) => /from "actor_interests" as "i"/.test(p.sql) && /order by "i"\."actor_id"/.test(p.sql));
    expect(lists).toHaveLength(3);
    for (const plan of lists) {
      expect(costlySteps(plan), `${plan.sql}\n${plan.steps.join("\n")}`).toEqual([]);
      expect(plan.steps.join("\n")).toMatch(/actor_interests_key_actor_idx/);
      expect(plan.sql).toMatch(/limit/i);
    }
    const counts = plans.filter((p) => /group by "(na|cp|no|nc|om|f)"\./.test(p.sql));
    expect(counts).toHaveLength(7); // the first page has alice; the second (after her) is empty and counts nothing
    for (const plan of counts) {
      // A GROUP BY over the few rows of one page may sort; what must not happen is reading a whole table.
      const scans = costlySteps(plan).filter((step) => !/TEMP B-TREE|Sort\b/.test(step));
      expect(scans, `${plan.sql}\n${plan.steps.join("\n")}`).toEqual([]);
    }
  });
});
