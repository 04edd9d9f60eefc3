// Pages and ActivityPub objects under load: an instance seeded with N notes
// (BENCH_NOTES, 10,000 by default) answers 50 concurrent clients, against a
// bare Hono "hello" on the same Node measured in the same run (the ceiling).
// Each scenario: BENCH_PAGE_RUNS runs of BENCH_SECONDS seconds, medians.
// BENCH_PAGES_DB=postgres seeds a throwaway PostgreSQL database instead of
// SQLite; BENCH_PAGES_LAYOUT=1+1 or 2+2 runs web and worker processes apart
// (N web processes on N ports, each loaded by its share of the connections,
// one autocannon per port at the same time; "all" is one process doing both).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { loadConfig } from "../src/config/config.ts";
import { openDatabase } from "../src/db/database.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import { createPostgresDatabase } from "../test/helpers/databases.ts";
import { cpuSeconds, rssMb } from "./proc-stats.ts";
import { seedInstance } from "./seed.ts";

const ROOT = join(import.meta.dirname, "..");
const CONNECTIONS = 50;

export interface PageScenario {
  readonly name: string;
  readonly requestsPerSecond: number;
  readonly p99Ms: number;
  readonly errors: number;
  /** 1-minute load average when the scenario started (the machine is shared). */
  readonly load: number;
  /** Cores busy during the run: the load tool (this process), the instance's processes, PostgreSQL's. */
  readonly cores: Cores;
}

export interface Cores {
  readonly loadTool: number;
  readonly instance: number;
  readonly postgres: number;
}

export interface PagesResult {
  readonly notes: number;
  readonly database: "sqlite" | "postgres";
  readonly layout: Layout;
  readonly ceiling: PageScenario;
  readonly scenarios: readonly PageScenario[];
  readonly idleRssMb: number;
  readonly peakRssMb: number;
}

export type Layout = "all" | "1+1" | "2+2";

function loadAverage(): number {
  return Number(readFileSync("/proc/loadavg", "utf8").split(" ")[0]);
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}



/** The PostgreSQL server's processes on this machine (its backends included). */
function postgresPids(): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "postgres";
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Measures the cores each side uses while `work` runs: what a scenario leaves to the instance on this machine. */
async function metered<T>(instancePids: readonly number[], work: () => Promise<T>): Promise<{ result: T; cores: Cores }> {
  const pg = postgresPids();
  const startedAt = performance.now();
  const tool = process.cpuUsage();
  const instance = cpuSeconds(instancePids);
  const postgres = cpuSeconds(pg);
  const result = await work();
  const seconds = (performance.now() - startedAt) / 1000;
  const toolUsage = process.cpuUsage(tool);
  return {
    result,
    cores: {
      loadTool: (toolUsage.user + toolUsage.system) / 1e6 / seconds,
      instance: (cpuSeconds(instancePids) - instance) / seconds,
      postgres: (cpuSeconds(pg) - postgres) / seconds,
    },
  };
}

/**
 * Waits until the instance has indexed the seeded notes for search (a batch at
 * a time, in the background): the load measures the steady state, not an
 * instance catching up on an import.
 */
async function searchIndexCaughtUp(databaseUrl: string): Promise<void> {
  const database = openDatabase(databaseUrl);
  const started = Date.now();
  try {
    for (;;) {
      const row = await database.db.selectFrom("search_pending").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
      if (Number(row.n) === 0) break;
      if (Date.now() - started > 15 * 60_000) throw new Error(`search index still ${row.n} behind after 15 min`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await database.close();
  }
  console.log(`search index caught up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

export async function waitForAnswer(url: string): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 60_000) throw new Error(`${url} did not answer within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The Node flags `npm start` gives the server (package.json), so that the benches measure what production runs. */
export function startFlags(): string[] {
  const scripts = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
  const flags = /\bnode((?: --\S+)*) bin\/encommun\.ts start\b/.exec(scripts.start ?? "")?.[1] ?? "";
  return flags.split(" ").filter((flag) => flag !== "");
}

export function start(args: string[], env: Record<string, string>): ChildProcess {
  // BENCH_NODE_FLAGS (space-separated): V8/Node flags for the servers under test only, to weigh a flag's memory against its req/s.
  const flags = (process.env.BENCH_NODE_FLAGS ?? "").split(" ").filter((flag) => flag !== "");
  return spawn(process.execPath, [...flags, ...args], { cwd: ROOT, env: { ...process.env, ...env, LOG_LEVEL: "error" }, stdio: "ignore" });
}

export async function stop(child: ChildProcess): Promise<void> {
  child.kill("SIGTERM");
  await new Promise((resolve) => child.once("exit", resolve));
}

/** One run: the connections split evenly over the origins, loaded at the same time; req/s summed, the worst p99. */
async function load(name: string, urls: readonly string[], headers: Record<string, string>, seconds: number, pids: readonly number[], expect304 = false): Promise<PageScenario> {
  const loadAvg = loadAverage();
  const { result: results, cores } = await metered(pids, () => Promise.all(urls.map((url) => autocannon({ url, connections: CONNECTIONS / urls.length, duration: seconds, headers }))));
  return {
    cores,
    name,
    requestsPerSecond: results.reduce((sum, r) => sum + r.requests.average, 0),
    p99Ms: Math.max(...results.map((r) => r.latency.p99)),
    // A revalidation answers 304, which autocannon counts as non-2xx.
    errors: results.reduce((sum, r) => sum + r.errors + r.timeouts + (expect304 ? r["4xx"] + r["5xx"] : r.non2xx), 0),
    load: loadAvg,
  };
}

async function loadRuns(name: string, urls: readonly string[], headers: Record<string, string>, runs: number, seconds: number, pids: readonly number[], expect304 = false): Promise<PageScenario> {
  const samples: PageScenario[] = [];
  for (let i = 0; i < runs; i++) samples.push(await load(name, urls, headers, seconds, pids, expect304));
  return {
    cores: {
      loadTool: median(samples.map((s) => s.cores.loadTool)),
      instance: median(samples.map((s) => s.cores.instance)),
      postgres: median(samples.map((s) => s.cores.postgres)),
    },
    name,
    requestsPerSecond: median(samples.map((s) => s.requestsPerSecond)),
    p99Ms: median(samples.map((s) => s.p99Ms)),
    errors: samples.reduce((sum, s) => sum + s.errors, 0),
    load: median(samples.map((s) => s.load)),
  };
}

export async function measurePages(options: {
  notes: number;
  runs: number;
  seconds: number;
  port: number;
  database?: "sqlite" | "postgres";
  layout?: Layout;
}): Promise<PagesResult> {
  const databaseKind = options.database ?? "sqlite";
  const layout = options.layout ?? "all";
  const dataDir = mkdtempSync(join(tmpdir(), "encommun-bench-pages-"));
  const postgres = databaseKind === "postgres" ? await createPostgresDatabase() : null;
  const origin = `http://127.0.0.1:${options.port}`;
  const env: Record<string, string> = { PORT: String(options.port), HOST: "127.0.0.1", PUBLIC_URL: origin, DATA_DIR: dataDir };
  if (postgres) env.DATABASE_URL = postgres.url;
  const loaded = loadConfig(env);
  if (!loaded.ok) throw new Error(loaded.problems.join("; "));
  const database = openDatabase(postgres ? postgres.url : `sqlite:${join(dataDir, "encommun.sqlite")}`);
  await migrateToLatest(database.db);
  const seededAt = Date.now();
  const seeded = await seedInstance(database, loaded.config, options.notes);
  console.log(`seeded ${options.notes} notes on ${databaseKind} in ${((Date.now() - seededAt) / 1000).toFixed(1)} s`);
  await database.close();

  const hello = start(["bench/baseline-server.ts"], { PORT: String(options.port + 1) });
  // Every web process answers for the same PUBLIC_URL (as behind a proxy); each listens on its own port.
  const webPorts = layout === "2+2" ? [options.port, options.port + 2] : [options.port];
  const flags = startFlags();
  const servers = webPorts.map((port) => start([...flags, "bin/encommun.ts", "start", ...(layout === "all" ? [] : ["--role", "web"])], { ...env, PORT: String(port) }));
  const workers = layout === "all" ? [] : Array.from({ length: layout === "2+2" ? 2 : 1 }, () => start([...flags, "bin/encommun.ts", "start", "--role", "worker"], env));
  const origins = webPorts.map((port) => `http://127.0.0.1:${port}`);
  try {
    const helloUrl = `http://127.0.0.1:${options.port + 1}/.well-known/webfinger?resource=acct:x@x`;
    await waitForAnswer(helloUrl);
    for (const o of origins) await waitForAnswer(`${o}/healthz`);
    await searchIndexCaughtUp(postgres ? postgres.url : `sqlite:${join(dataDir, "encommun.sqlite")}`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const rss = () => servers.reduce((sum, server) => sum + rssMb([server.pid!]), 0);
    const idleRssMb = rss();
    const ceiling = await loadRuns("Hono hello (ceiling)", [helloUrl], {}, options.runs, options.seconds, [hello.pid!]);
    const instancePids = [...servers, ...workers].map((child) => child.pid!);
    let peakRssMb = idleRssMb;
    const watch = setInterval(() => (peakRssMb = Math.max(peakRssMb, rss())), 200);
    const html = { accept: "text/html" };
    const json = { accept: "application/activity+json" };
    const etag = (await fetch(`${origin}${seeded.notePath}`, { headers: html })).headers.get("etag") ?? "";
    const scenarios = [];
    for (const [name, path, headers, expect304] of [
      ["/notes index page", "/notes", html, false],
      ["community page", `/c/${seeded.communityHandle}`, html, false],
      ["note page (HTML)", seeded.notePath, html, false],
      ["note page revalidated (If-None-Match, 304)", seeded.notePath, { ...html, "if-none-match": etag }, true],
      ["note as ActivityPub JSON", seeded.notePath, json, false],
      ["actor as ActivityPub JSON", seeded.actorPath, json, false],
      ["profile page", "/@membre1", html, false],
      ["WebFinger", `/.well-known/webfinger?resource=acct:membre1@127.0.0.1:${options.port}`, {}, false],
    ] as const) {
      scenarios.push(await loadRuns(name, origins.map((o) => `${o}${path}`), headers, options.runs, options.seconds, instancePids, expect304));
    }
    clearInterval(watch);
    return { notes: options.notes, database: databaseKind, layout, ceiling, scenarios, idleRssMb, peakRssMb };
  } finally {
    for (const child of [...servers, ...workers]) await stop(child);
    await stop(hello);
    rmSync(dataDir, { recursive: true, force: true });
    await postgres?.drop();
  }
}

export function pagesTable(result: PagesResult): string {
  const lines = [
    `| scenario (${result.notes.toLocaleString("en")} notes, ${result.database}, ${result.layout}, ${CONNECTIONS} connections) | req/s | p99 | ratio to ceiling | errors | load avg | cores: load tool / instance / PostgreSQL |`,
    "|---|---|---|---|---|---|---|",
  ];
  for (const s of [result.ceiling, ...result.scenarios]) {
    const ratio = ((100 * s.requestsPerSecond) / result.ceiling.requestsPerSecond).toFixed(1);
    const cores = `${s.cores.loadTool.toFixed(2)} / ${s.cores.instance.toFixed(2)} / ${s.cores.postgres.toFixed(2)}`;
    lines.push(`| ${s.name} | ${s.requestsPerSecond.toFixed(0)} | ${s.p99Ms.toFixed(0)} ms | ${ratio} % | ${s.errors} | ${s.load.toFixed(1)} | ${cores} |`);
  }
  lines.push(`| web RSS idle / peak under load (all web processes) | ${result.idleRssMb.toFixed(0)} MB / ${result.peakRssMb.toFixed(0)} MB | | | | | |`);
  return lines.join("\n");
}
