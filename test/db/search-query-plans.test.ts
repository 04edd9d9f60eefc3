// Full-text search of notes on PostgreSQL reads the GIN index
// (search_documents_tsv_idx) for a selective word, signed in as well as
// anonymous: the signed-in SQL adds `EXISTS` checks for the notes not
// everyone may find, and they must not turn the plan into a scan of every
// document. Seeded with a few thousand documents and ANALYZEd, explained with
// the planner's default settings (docs/PERFORMANCE.md, 2026-12-04 perf-lists).
import { CompiledQuery, sql, type KyselyPlugin } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../src/db/database.ts";
import { parseSearchQuery } from "../../src/domain/search/query.ts";
import { searchKind } from "../../src/domain/search/search.ts";
import { freshPostgres } from "../helpers/databases.ts";

describe("full-text search of notes on PostgreSQL", () => {
  let handle: DatabaseHandle;

  beforeEach(async () => {
    handle = await freshPostgres();
    // 6,000 note documents: everyday words in all of them, `rarissime` in one in 500, one in 23 restricted.
    await sql`INSERT INTO search_documents (kind, ref_id, title, body, listed, published_at, language, license, domain)
      SELECT 'note', 'n' || i, 'Titre ' || (i % 90),
        repeat('le projet des membres du groupe travaille au jardin ', 8) || CASE WHEN i % 500 = 0 THEN ' rarissime' ELSE '' END,
        CASE WHEN i % 23 = 0 THEN 0 ELSE 1 END, to_char(timestamp '2026-01-01' + i * interval '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS.000"Z"'), 'fr', NULL, 'test.example'
      FROM generate_series(1, 6000) AS i`.execute(handle.db);
    await sql`ANALYZE`.execute(handle.db);
  });
  afterEach(() => handle.close());

  for (const viewerId of ["01signedinviewer0000000000", null]) {
    it(`reads the GIN index ${viewerId ? "signed in" : "anonymous"}`, async () => {
      const parsed = parseSearchQuery("rarissime");
      if (!parsed.ok) throw new Error("the query should parse");
      const ranked: CompiledQuery[] = [];
      const recorder: KyselyPlugin = {
        transformQuery(args) {
          const compiled = handle.db.getExecutor().compileQuery(args.node, args.queryId);
          if (/ts_rank/.test(compiled.sql)) ranked.push(compiled);
          return args.node;
        },
        transformResult: async (args) => args.result,
      };
      const page = await searchKind(handle.db.withPlugin(recorder), "postgres", parsed.query, "note", { viewerId, filters: {}, limit: 20, offset: 0 });
      expect(page.items).toEqual([]); // documents without notes behind them: the plan is what is tested
      expect(ranked).toHaveLength(1);
      const { rows } = await handle.db.executeQuery<{ "QUERY PLAN": string }>(CompiledQuery.raw(`explain ${ranked[0]!.sql}`, [...ranked[0]!.parameters]));
      const plan = rows.map((r) => r["QUERY PLAN"]).join("\n");
      expect(plan, plan).toMatch(/Bitmap Index Scan on search_documents_tsv_idx/);
      expect(plan, plan).not.toMatch(/Seq Scan on search_documents/);
    });
  }
});
