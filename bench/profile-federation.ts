// Where the inbox's or the fan-out's CPU goes: one instance (SQLite, one process)
// started with `node --cpu-prof` by the harness, the scenario of bench/federation.ts
// run once to warm up and once measured, then the profile summarized from the
// measured run on (bench/cpu-profile.ts).
//   node bench/profile-federation.ts inbox|fanout|shared
// BENCH_INBOX_COUNT (1,000), BENCH_PROFILE_TOP (25); BENCH_PROFILE_DB=postgres
// runs PostgreSQL with 1 web + 1 worker process and summarizes each one's profile.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { profileTable, summarizeProfile } from "./cpu-profile.ts";
import { followedBy, measureFanout, measureInbox, startBench } from "./federation.ts";

const scenario = process.argv[2] ?? "inbox";
if (!["inbox", "fanout", "shared"].includes(scenario)) throw new Error("scenario: inbox, fanout or shared");
const count = Number(process.env.BENCH_INBOX_COUNT ?? 1000);
const profileDir = mkdtempSync(join(tmpdir(), "encommun-bench-fedprofile-"));
const postgres = process.env.BENCH_PROFILE_DB === "postgres";
const setup = postgres ? { label: "PostgreSQL, 1 web + 1 worker", database: "postgres" as const, workers: 1 } : { label: "SQLite, one process", database: "sqlite" as const };
const bench = await startBench(setup, { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` });
const roles = new Map(bench.instance.processes.map((child, i) => [child.pid, i === 0 ? "web (or all)" : `worker ${i}`]));
const measuredAt = { from: 0, to: 0 };
let measuredFromMicros = 0;
try {
  if (scenario === "inbox") {
    await measureInbox(bench, 0, 200);
    measuredFromMicros = Number(process.hrtime.bigint() / 1000n);
    measuredAt.from = performance.now();
    console.log(await measureInbox(bench, 1, count));
    measuredAt.to = performance.now();
  } else {
    const audience = await followedBy(bench, scenario, 1000, 40, scenario === "shared");
    await measureFanout(bench, audience, 0);
    measuredFromMicros = Number(process.hrtime.bigint() / 1000n);
    measuredAt.from = performance.now();
    for (let run = 1; run <= 3; run++) console.log(await measureFanout(bench, audience, run));
    measuredAt.to = performance.now();
  }
} finally {
  await bench.stop();
}
const profiles = readdirSync(profileDir).filter((f) => f.endsWith(".cpuprofile"));
if (profiles.length === 0) throw new Error(`no profile written in ${profileDir} (did the server stop cleanly?)`);
const wallSeconds = (measuredAt.to - measuredAt.from) / 1000;
for (const profile of profiles) {
  // CPU.<date>.<time>.<pid>.<tid>.<seq>.cpuprofile
  const pid = Number(profile.split(".")[3]);
  const summary = summarizeProfile(join(profileDir, profile), Number(process.env.BENCH_PROFILE_TOP ?? 25), measuredFromMicros);
  // Busy time of the main thread over the measured wall time: near 100 % means bound by the JavaScript thread's CPU, well under means waiting.
  console.log(`\n## ${roles.get(pid) ?? `process ${pid}`}: main thread busy ${(summary.totalMs / 1000).toFixed(1)} s of ${wallSeconds.toFixed(1)} s measured (${((100 * summary.totalMs) / 1000 / wallSeconds).toFixed(0)} %)\n`);
  console.log(profileTable(summary));
}
if (process.env.BENCH_PROFILE_KEEP) console.log(`\nprofiles kept in ${profileDir}`);
else rmSync(profileDir, { recursive: true, force: true });
