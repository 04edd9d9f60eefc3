// The delivery queue's two hot statements read an index in due order
// (fedify_queue_ready_idx, fedify_queue_unclaimed_due_idx) and stop at the first row they want, on SQLite and PostgreSQL: a claim
// and the look for the next delayed row cost what they skip, not the depth of
// the queue (a fan-out to 20,000 inboxes queues 20,000 rows; read in id order
// and sorted, each claim took 7.5 ms there).
import type { CompiledQuery } from "kysely";
import { describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../src/db/database.ts";
import { claimStatement, nextDelayedQuery } from "../../federation/stores/kysely-message-queue.ts";
import { DATABASES, useServices } from "../domain/on-databases.ts";
import { costlySteps, explain, type Plan } from "./query-plans.ts";

// The hosts at their share are grouped from the live leases only (the
// lease index's range `locked_until > now`: the deliveries in flight, a few
// dozen rows), once per claim; that grouping is the one temporary structure allowed.
const LIVE_LEASES_GROUPED = /GROUP BY|HashAggregate|GroupAggregate/;

describe.each(DATABASES)("the delivery queue's statements on $name", ({ open }) => {
  const current = useServices(open);

  function handle(): DatabaseHandle {
    const services = current();
    return { db: services.db, dialect: services.dialect, url: "", close: async () => {} };
  }

  async function planOf(compiled: CompiledQuery): Promise<Plan> {
    return { sql: compiled.sql, steps: await explain(handle(), compiled) };
  }

  it("a claim walks the ready index in due order and stops at the first eligible row", async () => {
    const statement = claimStatement(handle().dialect, { now: Date.now(), lease: new Date(Date.now() + 30_000).toISOString(), deliveriesPerHost: 2 });
    const plan = await planOf(statement.compile(handle().db));
    const costly = costlySteps(plan).filter((step) => !LIVE_LEASES_GROUPED.test(step));
    expect(costly, `${plan.sql}\n${plan.steps.join("\n")}`).toEqual([]);
    expect(plan.steps.join("\n")).toMatch(/fedify_queue_ready_idx/);
  });

  it("the next delayed row is the first of the unclaimed rows' due-time index, not a sort of them all", async () => {
    const plan = await planOf(nextDelayedQuery(handle().db, Date.now()).compile());
    expect(costlySteps(plan), `${plan.sql}\n${plan.steps.join("\n")}`).toEqual([]);
    // SQLite reads the unclaimed rows' index; PostgreSQL walks the ready index in due order and stops at the first unclaimed row.
    expect(plan.steps.join("\n")).toMatch(/fedify_queue_unclaimed_due_idx|Index Scan using fedify_queue_ready_idx/);
  });
});
