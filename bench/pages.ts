// Pages and ActivityPub objects under load: an instance seeded with N notes
// (BENCH_NOTES, 10,000 by default) answers 50 concurrent clients, against a
// bare Hono "hello" on the same Node measured in the same run (the ceiling).
// Each scenario: BENCH_PAGE_RUNS runs of BENCH_SECONDS seconds, medians.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { loadConfig } from "../src/config/config.ts";
import { openDatabase } from "../src/db/database.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import { seedInstance } from "./seed.ts";

const ROOT = join(import.meta.dirname, "..");
const CONNECTIONS = 50;

export interface PageScenario {
  readonly name: string;
  readonly requestsPerSecond: number;
  readonly p99Ms: number;
  readonly errors: number;
}

export interface PagesResult {
  readonly notes: number;
  readonly ceiling: PageScenario;
  readonly scenarios: readonly PageScenario[];
  readonly idleRssMb: number;
  readonly peakRssMb: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;
}

async function waitForAnswer(url: string): Promise<void> {
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

function start(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env, LOG_LEVEL: "error" }, stdio: "ignore" });
}

async function stop(child: ChildProcess): Promise<void> {
  child.kill("SIGTERM");
  await new Promise((resolve) => child.once("exit", resolve));
}

async function load(name: string, url: string, headers: Record<string, string>, seconds: number): Promise<PageScenario> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers });
  return { name, requestsPerSecond: result.requests.average, p99Ms: result.latency.p99, errors: result.errors + result.timeouts + result.non2xx };
}

async function loadRuns(name: string, url: string, headers: Record<string, string>, runs: number, seconds: number): Promise<PageScenario> {
  const samples: PageScenario[] = [];
  for (let i = 0; i < runs; i++) samples.push(await load(name, url, headers, seconds));
  return {
    name,
    requestsPerSecond: median(samples.map((s) => s.requestsPerSecond)),
    p99Ms: median(samples.map((s) => s.p99Ms)),
    errors: samples.reduce((sum, s) => sum + s.errors, 0),
  };
}

export async function measurePages(options: { notes: number; runs: number; seconds: number; port: number }): Promise<PagesResult> {
  const dataDir = mkdtempSync(join(tmpdir(), "encommun-bench-pages-"));
  const origin = `http://127.0.0.1:${options.port}`;
  const env = { PORT: String(options.port), HOST: "127.0.0.1", PUBLIC_URL: origin, DATA_DIR: dataDir };
  const loaded = loadConfig(env);
  if (!loaded.ok) throw new Error(loaded.problems.join("; "));
  const database = openDatabase(`sqlite:${join(dataDir, "encommun.sqlite")}`);
  await migrateToLatest(database.db);
  const seeded = await seedInstance(database, loaded.config, options.notes);
  await database.close();

  const hello = start(["bench/baseline-server.ts"], { PORT: String(options.port + 1) });
  const server = start(["bin/encommun.ts", "start"], env);
  try {
    const helloUrl = `http://127.0.0.1:${options.port + 1}/.well-known/webfinger?resource=acct:x@x`;
    await waitForAnswer(helloUrl);
    await waitForAnswer(`${origin}/healthz`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const idleRssMb = rssMb(server.pid!);
    const ceiling = await loadRuns("Hono hello (ceiling)", helloUrl, {}, options.runs, options.seconds);
    let peakRssMb = idleRssMb;
    const watch = setInterval(() => (peakRssMb = Math.max(peakRssMb, rssMb(server.pid!))), 200);
    const html = { accept: "text/html" };
    const json = { accept: "application/activity+json" };
    const scenarios = [];
    for (const [name, path, headers] of [
      ["/notes index page", "/notes", html],
      ["community page", `/c/${seeded.communityHandle}`, html],
      ["note page (HTML)", seeded.notePath, html],
      ["note as ActivityPub JSON", seeded.notePath, json],
      ["WebFinger", `/.well-known/webfinger?resource=acct:membre1@127.0.0.1:${options.port}`, {}],
    ] as const) {
      scenarios.push(await loadRuns(name, `${origin}${path}`, headers, options.runs, options.seconds));
    }
    clearInterval(watch);
    return { notes: options.notes, ceiling, scenarios, idleRssMb, peakRssMb };
  } finally {
    await stop(server);
    await stop(hello);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function pagesTable(result: PagesResult): string {
  const lines = [
    `| scenario (${result.notes.toLocaleString("en")} notes, ${CONNECTIONS} connections) | req/s | p99 | ratio to ceiling | errors |`,
    "|---|---|---|---|---|",
  ];
  for (const s of [result.ceiling, ...result.scenarios]) {
    const ratio = ((100 * s.requestsPerSecond) / result.ceiling.requestsPerSecond).toFixed(1);
    lines.push(`| ${s.name} | ${s.requestsPerSecond.toFixed(0)} | ${s.p99Ms.toFixed(0)} ms | ${ratio} % | ${s.errors} |`);
  }
  lines.push(`| server RSS idle / peak under load | ${result.idleRssMb.toFixed(0)} MB / ${result.peakRssMb.toFixed(0)} MB | | | |`);
  return lines.join("\n");
}
