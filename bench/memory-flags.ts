// V8 flag sets for the web process, weighed on the page load: req/s, the
// server's own CPU time per request (user + system, from /proc: on a shared
// machine it moves far less than req/s does), and peak RSS. The flag sets take
// turns (A B C A B C…) so that a noisy minute hurts them all alike; medians.
//
//   node bench/memory-flags.ts "" "--max-semi-space-size=16" "--max-semi-space-size=8"
//
// BENCH_NOTES (10,000), BENCH_RUNS (3), BENCH_SECONDS (12, split over the four pages) as elsewhere.
import { rmSync } from "node:fs";
import { join } from "node:path";
import autocannon from "autocannon";
import { start, stop, waitForAnswer } from "./pages.ts";
import { cpuSeconds, rssMb } from "./proc-stats.ts";
import { seededSqliteFolder } from "./seed.ts";

const NOTES = Number(process.env.BENCH_NOTES ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 12);
const PORT = 18_600 + Math.floor(Math.random() * 1000);
const flagSets = process.argv.slice(2);
if (flagSets.length === 0) flagSets.push("");



const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const { dataDir, origin, env, seeded } = await seededSqliteFolder("encommun-bench-flags-", PORT, NOTES);

const paths = [
  ["/notes", { accept: "text/html" }],
  [seeded.notePath, { accept: "text/html" }],
  [seeded.notePath, { accept: "application/activity+json" }],
  [`/c/${seeded.communityHandle}`, { accept: "text/html" }],
] as const;

interface Sample {
  idleMb: number;
  peakMb: number;
  rps: number;
  cpuMsPerRequest: number;
}
const samples = new Map<string, Sample[]>(flagSets.map((flags) => [flags, []]));

try {
  for (let run = 0; run < RUNS; run++) {
    for (const flags of flagSets) {
      const child = start([...flags.split(" ").filter((f) => f !== ""), "bin/encommun.ts", "start"], env);
      try {
        await waitForAnswer(`${origin}/healthz`);
        await new Promise((resolve) => setTimeout(resolve, 2000));
        const idleMb = rssMb([child.pid!]);
        let peakMb = idleMb;
        const watch = setInterval(() => (peakMb = Math.max(peakMb, rssMb([child.pid!]))), 200);
        const cpuBefore = cpuSeconds([child.pid!]);
        let requests = 0;
        let rps = 0;
        for (const [path, headers] of paths) {
          const result = await autocannon({ url: `${origin}${path}`, connections: 50, duration: SECONDS / paths.length, headers: { ...headers } });
          requests += result.requests.total;
          rps += result.requests.average / paths.length;
        }
        const cpuMsPerRequest = ((cpuSeconds([child.pid!]) - cpuBefore) * 1000) / requests;
        clearInterval(watch);
        samples.get(flags)!.push({ idleMb, peakMb, rps, cpuMsPerRequest });
        console.log(`run ${run + 1} [${flags || "default"}] idle ${idleMb.toFixed(0)} MB, peak ${peakMb.toFixed(0)} MB, ${rps.toFixed(0)} req/s, ${cpuMsPerRequest.toFixed(3)} CPU ms/request`);
      } finally {
        await stop(child);
      }
    }
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

console.log(`\n| flags (${NOTES} notes, 50 connections, ${RUNS} runs, medians) | idle RSS | peak RSS | req/s (4 pages) | server CPU per request |`);
console.log("|---|---|---|---|---|");
for (const [flags, list] of samples) {
  console.log(
    `| ${flags || "(default)"} | ${median(list.map((s) => s.idleMb)).toFixed(0)} MB | ${median(list.map((s) => s.peakMb)).toFixed(0)} MB | ${median(list.map((s) => s.rps)).toFixed(0)} | ${median(list.map((s) => s.cpuMsPerRequest)).toFixed(3)} ms |`,
  );
}
