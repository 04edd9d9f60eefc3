// Where a page scenario's CPU goes: a data folder seeded as for bench/pages.ts,
// one server started with `node --cpu-prof`, one URL loaded at 50 connections,
// then the profile summarized (bench/cpu-profile.ts).
//   node bench/profile-pages.ts [path] [accept]   e.g. /notes text/html
// BENCH_NOTES (10,000), BENCH_SECONDS (10); the path may use {note} and {actor}.
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import autocannon from "autocannon";
import { profileTable, summarizeProfile } from "./cpu-profile.ts";
import { start, stop, waitForAnswer } from "./pages.ts";
import { seededSqliteFolder } from "./seed.ts";

const port = 18_480;
const notes = Number(process.env.BENCH_NOTES ?? 10_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const { dataDir, origin, env, seeded } = await seededSqliteFolder("encommun-bench-profile-", port, notes);
const profileDir = join(dataDir, "profiles");

const path = (process.argv[2] ?? "/notes").replace("{note}", seeded.notePath).replace("{actor}", seeded.actorPath);
const accept = process.argv[3] ?? "text/html";
const server = start(["--cpu-prof", "--cpu-prof-dir", profileDir, "bin/encommun.ts", "start"], env);
let loadStartedMicros = 0;
try {
  await waitForAnswer(`${origin}/healthz`);
  // A first request warms the route up; the profile counts from the load on.
  await (await fetch(`${origin}${path}`, { headers: { accept } })).arrayBuffer();
  loadStartedMicros = Number(process.hrtime.bigint() / 1000n);
  const result = await autocannon({ url: `${origin}${path}`, connections: 50, duration: seconds, headers: { accept } });
  console.log(`${path} (${accept}), ${notes} notes: ${result.requests.average.toFixed(0)} req/s, p99 ${result.latency.p99} ms\n`);
} finally {
  await stop(server);
}
const [profile] = readdirSync(profileDir);
console.log(profileTable(summarizeProfile(join(profileDir, profile!), 15, loadStartedMicros)));
rmSync(dataDir, { recursive: true, force: true });
