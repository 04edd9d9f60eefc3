// What a database will do with the queries a function sends: every SELECT it
// runs is captured and EXPLAINed on the same database, so a test can say "no
// full scan, no temporary sort" and be right on SQLite and on PostgreSQL.
import { CompiledQuery, type Kysely, type KyselyPlugin } from "kysely";
import type { DatabaseHandle } from "../../src/db/database.ts";
import type { Database } from "../../src/db/schema.ts";

export interface Plan {
  readonly sql: string;
  /** One line per plan step (SQLite's EXPLAIN QUERY PLAN details, PostgreSQL's EXPLAIN lines). */
  readonly steps: readonly string[];
}

/** Runs `work` on a database that records each SELECT, then returns their plans. */
export async function plansOf(handle: DatabaseHandle, work: (db: Kysely<Database>) => Promise<unknown>): Promise<Plan[]> {
  const captured: CompiledQuery[] = [];
  const recorder: KyselyPlugin = {
    transformQuery(args) {
      if (args.node.kind === "SelectQueryNode") captured.push(handle.db.getExecutor().compileQuery(args.node, args.queryId));
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  await work(handle.db.withPlugin(recorder));
  const plans: Plan[] = [];
  for (const query of captured) plans.push({ sql: query.sql, steps: await explain(handle, query) });
  return plans;
}

/** The plan of one compiled statement (a write's too: EXPLAIN does not run it). */
export async function explain(handle: DatabaseHandle, query: CompiledQuery): Promise<string[]> {
  if (handle.dialect === "sqlite") {
    const { rows } = await handle.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]));
    return rows.map((row) => row.detail);
  }
  // On a small test table PostgreSQL rightly prefers a sequential scan and a
  // sort; switching both off shows whether an index *can* give the rows in
  // order (if none can, the plan still has to sort, and says so).
  return handle.db.transaction().execute(async (tx) => {
    await tx.executeQuery(CompiledQuery.raw("set local enable_seqscan = off"));
    await tx.executeQuery(CompiledQuery.raw("set local enable_sort = off"));
    const { rows } = await tx.executeQuery<{ "QUERY PLAN": string }>(CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]));
    return rows.map((row) => row["QUERY PLAN"]);
  });
}

/** The steps that read a whole table or sort rows in a temporary structure. */
export function costlySteps(plan: Plan): string[] {
  return plan.steps.filter((raw) => {
    const step = raw.trim().replace(/^->\s*/, "");
    // SQLite: "SCAN t" reads the table; "SCAN t USING INDEX i" walks an index in its order (and stops at the LIMIT).
    if (/^SCAN /.test(step)) return !/ USING (COVERING )?INDEX /.test(step);
    return /^USE TEMP B-TREE|^Seq Scan|^(Incremental )?Sort\b/.test(step);
  });
}
