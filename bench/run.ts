// `npm run bench`: every benchmark, each against a baseline measured in the
// same run, reported as medians and ratios (docs/PERFORMANCE.md keeps the figures).
import { federationReport } from "./federation-report.ts";
import { measureInboxFuzz, printFuzzReport } from "./inbox-fuzz.ts";
import { measureInboxLimits } from "./inbox-limits.ts";
import { measurePages, pagesTable, startFlags, type Layout } from "./pages.ts";
import { measurePublish } from "./publish.ts";
import { measureSearch, searchTable } from "./search.ts";
import { measureSoak } from "./soak.ts";
import { measureStartup, type StartupSample } from "./startup.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** BENCH_ONLY=pages (comma-separated: startup, publish, pages, inbox, federation, fuzz, search, soak) runs a part of the suite. */
const ONLY = new Set((process.env.BENCH_ONLY ?? "startup,publish,pages,inbox,federation,fuzz,search,soak").split(",").map((s) => s.trim()));

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function samples(args: string[], env: Record<string, string> = {}): Promise<StartupSample[]> {
  const out: StartupSample[] = [];
  for (let i = 0; i < RUNS; i++) out.push(await measureStartup(args, env));
  return out;
}

if (ONLY.has("startup")) {
  const baseline = await samples(["bench/baseline-server.ts"]);
  const server = await samples([...startFlags(), "bin/encommun.ts", "start"]);

  const row = (name: string, s: StartupSample[]) => ({
    name,
    coldStartMs: median(s.map((x) => x.coldStartMs)),
    idleRssMb: median(s.map((x) => x.idleRssMb)),
  });
  const base = row("bare Hono server (baseline)", baseline);
  const ours = row("encommun start (SQLite, fresh data folder)", server);

  console.log(`Node ${process.version}, ${RUNS} runs each, medians\n`);
  console.log("| process | cold start to first WebFinger answer | idle RSS |");
  console.log("|---|---|---|");
  for (const r of [base, ours]) {
    console.log(`| ${r.name} | ${r.coldStartMs.toFixed(0)} ms | ${r.idleRssMb.toFixed(1)} MB |`);
}
console.log(`| ratio | ${(ours.coldStartMs / base.coldStartMs).toFixed(2)}× | ${(ours.idleRssMb / base.idleRssMb).toFixed(2)}× |`);

}

// Publishing a note: the transactional outbox against no outbox at all.
if (ONLY.has("publish")) {
  const publishRuns = [];
  for (let i = 0; i < RUNS; i++) publishRuns.push(await measurePublish());
  const publishBase = median(publishRuns.map((r) => r.baseline.medianMs));
  const publishOutbox = median(publishRuns.map((r) => r.outbox.medianMs));
  console.log("\n| createNote (SQLite file, median of 200 notes per run) | time per note |");
  console.log("|---|---|");
  console.log(`| no outbox (baseline) | ${publishBase.toFixed(2)} ms |`);
  console.log(`| intent recorded in the note's transaction | ${publishOutbox.toFixed(2)} ms |`);
  console.log(`| ratio | ${(publishOutbox / publishBase).toFixed(2)}× |`);
}

// Pages and objects under load, against a bare Hono hello in the same run.
if (ONLY.has("pages")) {
  for (const notes of (process.env.BENCH_NOTES ?? "10000").split(",").map(Number)) {
    const result = await measurePages({
      notes,
      runs: Number(process.env.BENCH_PAGE_RUNS ?? 3),
      seconds: Number(process.env.BENCH_SECONDS ?? 10),
      port: 18_400,
      database: process.env.BENCH_PAGES_DB === "postgres" ? "postgres" : "sqlite",
      layout: (process.env.BENCH_PAGES_LAYOUT ?? "all") as Layout,
    });
    console.log(`\n${pagesTable(result)}`);
  }
}

// The inbox (issue 9): what the worst body the limits accept costs Fedify's JSON-LD parsing, against a
// real Mastodon Create; then the fuzz run with /healthz timed against an idle server's.
if (ONLY.has("inbox")) {
  const limitRuns = [];
  for (let i = 0; i < RUNS; i++) limitRuns.push(await measureInboxLimits());
  const limitBase = median(limitRuns.map((r) => r.baseline.medianMs));
  console.log("\n| inbox body (Activity.fromJsonLd, medians) | size | time | ratio |");
  console.log("|---|---|---|---|");
  console.log(`| ${limitRuns[0]!.baseline.name} | ${limitRuns[0]!.baseline.bytes} B | ${limitBase.toFixed(1)} ms | 1.00× |`);
  for (const [i, sample] of limitRuns[0]!.worst.entries()) {
    const ms = median(limitRuns.map((r) => r.worst[i]!.medianMs));
    console.log(`| ${sample.name} | ${sample.bytes} B | ${ms.toFixed(1)} ms | ${(ms / limitBase).toFixed(2)}× |`);
  }
  const refusedMs = median(limitRuns.map((r) => r.refused.medianMs));
  console.log(`| ${limitRuns[0]!.refused.name} | ${limitRuns[0]!.refused.bytes} B | ${refusedMs.toFixed(1)} ms | ${(refusedMs / limitBase).toFixed(2)}× |`);
  const checkMs = median(limitRuns.map((r) => r.check.medianMs));
  console.log(`| ${limitRuns[0]!.check.name} (json-limits.ts, before any parsing) | ${limitRuns[0]!.check.bytes} B | ${checkMs.toFixed(2)} ms | ${(checkMs / limitBase).toFixed(2)}× |`);
}
// The inbox and the fan-out under load (issue 11), against the RSA ceilings of the same run.
if (ONLY.has("federation")) console.log(`\n${await federationReport()}`);
if (ONLY.has("fuzz")) printFuzzReport(await measureInboxFuzz(Number(process.env.BENCH_FUZZ_COUNT ?? 10_000)));

// Full-text search (issue 13): BENCH_SEARCH_NOTES notes on SQLite and PostgreSQL (BENCH_POSTGRES_URL, or the local test server; "none" skips it).
if (ONLY.has("search")) {
  const postgres = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const rows = await measureSearch(Number(process.env.BENCH_SEARCH_NOTES ?? 100_000), Number(process.env.BENCH_SEARCH_ROUNDS ?? 5), postgres === "none" ? null : postgres);
  const { loadavg } = await import("node:os");
  console.log(`\n${searchTable(rows)}\n\nLoad average at the end: ${loadavg().map((l) => l.toFixed(1)).join(", ")}`);
}

// Last: mixed load for BENCH_SOAK_MINUTES (default 30), start against end.
if (ONLY.has("soak")) console.log(`\n${await measureSoak(Number(process.env.BENCH_SOAK_MINUTES ?? 30))}`);
