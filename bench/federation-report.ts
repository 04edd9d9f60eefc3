// `BENCH_ONLY=federation npm run bench` (or `node bench/federation-report.ts`):
// the RSA ceilings, then the inbox and the two fan-outs on each setup
// (BENCH_FED_SETUPS: sqlite, pg-1+1, pg-1+2), BENCH_FED_RUNS runs each
// (default 3), medians, and ratios to the ceilings of this run.
import { loadavg } from "node:os";
import { followedBy, measureFanout, measureInbox, median, rsaCeilings, startBench, type FanoutResult, type InboxResult, type Setup } from "./federation.ts";

const SETUPS: Record<string, Setup> = {
  sqlite: { label: "SQLite, one process", database: "sqlite" },
  "pg-1+1": { label: "PostgreSQL, 1 web + 1 worker", database: "postgres", workers: 1 },
  "pg-1+2": { label: "PostgreSQL, 1 web + 2 workers", database: "postgres", workers: 2 },
};

export interface SetupFigures {
  readonly setup: Setup;
  readonly inbox: InboxResult[];
  readonly personal: FanoutResult[];
  readonly shared: FanoutResult[];
}

export async function measureFederation(setup: Setup, runs: number, inboxCount: number): Promise<SetupFigures> {
  const bench = await startBench(setup);
  try {
    const personalAudience = await followedBy(bench, "personal", 1000, 40, false);
    const sharedAudience = await followedBy(bench, "shared", 1000, 40, true);
    const figures: SetupFigures = { setup, inbox: [], personal: [], shared: [] };
    for (let run = 0; run < runs; run++) {
      figures.inbox.push(await measureInbox(bench, run, inboxCount));
      figures.personal.push(await measureFanout(bench, personalAudience, run));
      figures.shared.push(await measureFanout(bench, sharedAudience, run));
    }
    return figures;
  } finally {
    await bench.stop();
  }
}

const m = (values: number[], digits = 0) => median(values).toFixed(digits);

export function federationTable(ceilings: { signPerSecond: number; verifyPerSecond: number }, all: SetupFigures[]): string {
  const lines = [
    `RSA-2048 on one core (this run): sign ${ceilings.signPerSecond.toFixed(0)}/s, verify ${ceilings.verifyPerSecond.toFixed(0)}/s; load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}`,
    "",
    "| setup | scenario | throughput (median) | ratio to ceiling | p50 / p99 | CPU per item | waiting for a CPU | runs |",
    "|---|---|---|---|---|---|---|---|",
  ];
  const wait = (results: { cpuWaitShare: number }[]) => `${(100 * median(results.map((r) => r.cpuWaitShare))).toFixed(0)} %`;
  for (const f of all) {
    const n = f.inbox.length;
    const stored = f.inbox.map((r) => r.storedPerSecond);
    lines.push(
      `| ${f.setup.label} | inbox, ${f.inbox[0]!.count} Create(Note)s from 200 actors: accepted | ${m(f.inbox.map((r) => r.acceptedPerSecond))}/s | ${((median(f.inbox.map((r) => r.acceptedPerSecond)) / ceilings.verifyPerSecond) * 100).toFixed(2)} % of verify | ${m(f.inbox.map((r) => r.p50Ms))} / ${m(f.inbox.map((r) => r.p99Ms))} ms | | | ${n} |`,
      `| | inbox: stored | ${m(stored)}/s | ${((median(stored) / ceilings.verifyPerSecond) * 100).toFixed(2)} % of verify | | ${m(f.inbox.map((r) => r.cpuMsPerActivity), 2)} ms | ${wait(f.inbox)} | ${n} |`,
      `| | fan-out, 1,000 personal inboxes on 40 hosts | ${m(f.personal.map((r) => r.deliveriesPerSecond))} deliveries/s (last at ${m(f.personal.map((r) => r.lastMs))} ms) | ${((median(f.personal.map((r) => r.deliveriesPerSecond)) / ceilings.signPerSecond) * 100).toFixed(1)} % of sign | | ${m(f.personal.map((r) => r.cpuMsPerDelivery), 2)} ms | ${wait(f.personal)} | ${n} |`,
      `| | fan-out, 1,000 followers on 40 shared inboxes | ${m(f.shared.map((r) => r.posts))} POSTs, last at ${m(f.shared.map((r) => r.lastMs))} ms | | | ${m(f.shared.map((r) => r.cpuMsPerDelivery), 2)} ms | ${wait(f.shared)} | ${n} |`,
    );
    const statuses = f.inbox.map((r) => Object.entries(r.statuses).map(([s, c]) => `${c}×${s}`).join(" ")).join("; ");
    lines.push(`| | inbox answers per run | ${statuses} | | | | | |`);
  }
  return lines.join("\n");
}

export async function federationReport(): Promise<string> {
  const runs = Number(process.env.BENCH_FED_RUNS ?? 3);
  const inboxCount = Number(process.env.BENCH_INBOX_COUNT ?? 2000);
  const names = (process.env.BENCH_FED_SETUPS ?? "sqlite,pg-1+1,pg-1+2").split(",").map((s) => s.trim());
  const ceilings = rsaCeilings();
  const all: SetupFigures[] = [];
  for (const name of names) {
    const setup = SETUPS[name];
    if (!setup) throw new Error(`unknown setup ${name} (${Object.keys(SETUPS).join(", ")})`);
    all.push(await measureFederation(setup, runs, inboxCount));
  }
  return federationTable(ceilings, all);
}

if (import.meta.main) console.log(await federationReport());
