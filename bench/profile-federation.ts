// Where the inbox's or the fan-out's CPU goes: one instance (SQLite, one process)
// started with `node --cpu-prof` by the harness, the scenario of bench/federation.ts
// run once to warm up and once measured, then the profile summarized from the
// measured run on (bench/cpu-profile.ts).
//   node bench/profile-federation.ts inbox|fanout|shared
// BENCH_INBOX_COUNT (1,000), BENCH_PROFILE_TOP (25).
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { profileTable, summarizeProfile } from "./cpu-profile.ts";
import { followedBy, measureFanout, measureInbox, startBench } from "./federation.ts";

const scenario = process.argv[2] ?? "inbox";
if (!["inbox", "fanout", "shared"].includes(scenario)) throw new Error("scenario: inbox, fanout or shared");
const count = Number(process.env.BENCH_INBOX_COUNT ?? 1000);
const profileDir = mkdtempSync(join(tmpdir(), "encommun-bench-fedprofile-"));
const bench = await startBench({ label: "SQLite, one process", database: "sqlite" }, { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` });
let measuredFromMicros = 0;
try {
  if (scenario === "inbox") {
    await measureInbox(bench, 0, 200);
    measuredFromMicros = Number(process.hrtime.bigint() / 1000n);
    console.log(await measureInbox(bench, 1, count));
  } else {
    const audience = await followedBy(bench, scenario, 1000, 40, scenario === "shared");
    await measureFanout(bench, audience, 0);
    measuredFromMicros = Number(process.hrtime.bigint() / 1000n);
    for (let run = 1; run <= 3; run++) console.log(await measureFanout(bench, audience, run));
  }
} finally {
  await bench.stop();
}
const [profile] = readdirSync(profileDir).filter((f) => f.endsWith(".cpuprofile"));
if (!profile) throw new Error(`no profile written in ${profileDir} (did the server stop cleanly?)`);
console.log(profileTable(summarizeProfile(join(profileDir, profile), Number(process.env.BENCH_PROFILE_TOP ?? 25), measuredFromMicros)));
rmSync(profileDir, { recursive: true, force: true });
