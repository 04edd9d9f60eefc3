// The soak (issue 11): one instance (SQLite) under mixed load for
// BENCH_SOAK_MINUTES (default 30): pages and WebFinger read 8 at a time,
// signed Create(Note)s from 200 actors POSTed to the inbox 4 at a time, and a
// note published every 5 s to 200 followers on 10 hosts (personal inboxes).
// Reports, first minute against last minute: latency of the pages and of
// the inbox, RSS of the server; and minute by minute, with what the instance
// holds by then (notes, queued deliveries, database and WAL sizes) and the
// machine's load, so that a slower end can be told apart from a busier
// machine. `BENCH_ONLY=soak npm run bench` or `node bench/soak.ts`.
import { statSync } from "node:fs";
import { loadavg } from "node:os";
import { signRequest } from "@fedify/fedify";
import { followedBy, startBench, type Bench } from "./federation.ts";
import { rssMb } from "./proc-stats.ts";
import { startFakeServer } from "../test/e2e/support/fake-server.ts";
import { standInPerson } from "../test/e2e/support/stand-in-follower.ts";

const CONTEXT = ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"];

interface Sample {
  readonly at: number;
  readonly ms: number;
  readonly ok: boolean;
}

function summary(samples: readonly Sample[]): { count: number; p50: number; p99: number; errors: number } {
  const sorted = samples.map((s) => s.ms).sort((x, y) => x - y);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  return { count: samples.length, p50: at(0.5), p99: at(0.99), errors: samples.filter((s) => !s.ok).length };
}

const MINUTE_HEADER = [
  "| minute | pages: req, p50 / p99 ms | inbox: req, p50 / p99 ms | RSS MB | notes | queued (ready) | database + WAL MB | load 1 min |",
  "|---|---|---|---|---|---|---|---|",
].join("\n");

/** One minute of the soak: its latencies, and what the instance holds at its end. */
async function minuteRow(bench: Bench, minute: number, pages: readonly Sample[], inbox: readonly Sample[], rss: number): Promise<string> {
  const within = (s: readonly Sample[]) => summary(s.filter((x) => x.at >= (minute - 1) * 60_000 && x.at < minute * 60_000));
  const p = within(pages);
  const i = within(inbox);
  const db = bench.db.db;
  const notes = await db.selectFrom("notes").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const queue = await db
    .selectFrom("fedify_queue")
    .select((eb) => [eb.fn.countAll<number>().as("all"), eb.fn.sum<number>(eb.case().when("deliver_at", "<=", new Date().toISOString()).then(1).else(0).end()).as("ready")])
    .executeTakeFirstOrThrow();
  const file = bench.instance.databaseUrl.replace(/^sqlite:/, "");
  const size = (path: string) => {
    try {
      return statSync(path).size / 1024 / 1024;
    } catch {
      return 0;
    }
  };
  const errors = p.errors + i.errors ? ` (${p.errors + i.errors} errors)` : "";
  return `| ${minute} | ${p.count}, ${p.p50.toFixed(0)} / ${p.p99.toFixed(0)} | ${i.count}, ${i.p50.toFixed(0)} / ${i.p99.toFixed(0)}${errors} | ${rss.toFixed(0)} | ${notes.n} | ${queue.all} (${queue.ready ?? 0}) | ${size(file).toFixed(0)} + ${size(`${file}-wal`).toFixed(0)} | ${loadavg()[0]!.toFixed(1)} |`;
}

export async function measureSoak(minutes: number): Promise<string> {
  const bench = await startBench({ label: "soak", database: "sqlite" });
  try {
    const { instance, cluster } = bench;
    const audience = await followedBy(bench, "soaker", 200, 10, false);
    const me = (await instance.api("GET", "/api/v1/me", undefined, audience.token)).body.uri as string;
    const authors = await startFakeServer(cluster, "soak-authors");
    bench.servers.push(authors);
    const people = Array.from({ length: 200 }, (_, i) => standInPerson(authors, `p${i}`));
    const first = (await instance.api("POST", "/api/v1/notes", { title: "Première", content: "Le début." }, audience.token)).body;
    const pages = [`${instance.origin}/notes`, first.url ?? first.uri, `${instance.origin}/.well-known/webfinger?resource=acct:soaker@${instance.host}`];

    const pageSamples: Sample[] = [];
    const inboxSamples: Sample[] = [];
    const rss: { at: number; mb: number }[] = [];
    const pids = instance.processes.map((p) => p.pid!);
    const start = Date.now();
    const end = start + minutes * 60_000;
    let sent = 0;
    const timed = async (into: Sample[], work: () => Promise<Response>) => {
      const t = performance.now();
      let ok = false;
      try {
        const response = await work();
        await response.arrayBuffer();
        ok = response.status < 500;
      } catch {
        ok = false;
      }
      into.push({ at: Date.now() - start, ms: performance.now() - t, ok });
    };
    const readers = Array.from({ length: 8 }, async (_, r) => {
      for (let i = r; Date.now() < end; i++) await timed(pageSamples, () => cluster.fetch(pages[i % pages.length]!));
    });
    const posters = Array.from({ length: 4 }, async () => {
      while (Date.now() < end) {
        const n = sent++;
        const actor = people[n % people.length]!;
        const id = `${authors.origin}/notes/soak-${n}`;
        const body = JSON.stringify({
          "@context": CONTEXT,
          id: `${id}/activity`,
          type: "Create",
          actor,
          to: ["https://www.w3.org/ns/activitystreams#Public"],
          cc: [me],
          object: { id, type: "Note", attributedTo: actor, to: ["https://www.w3.org/ns/activitystreams#Public"], cc: [me], content: `<p>Soak ${n}</p>`, published: new Date().toISOString() },
        });
        const signed = await signRequest(new Request(`${instance.origin}/inbox`, { method: "POST", headers: { "Content-Type": "application/activity+json" }, body }), authors.privateKey, new URL(`${actor}#main-key`));
        await timed(inboxSamples, () => cluster.fetch(`${instance.origin}/inbox`, { method: "POST", headers: signed.headers, body }));
      }
    });
    const publisher = (async () => {
      for (let i = 0; Date.now() < end; i++) {
        await instance.api("POST", "/api/v1/notes", { title: `Soak ${i}`, content: "Pour les 200." }, audience.token);
        await new Promise((r) => setTimeout(r, 5_000));
      }
    })();
    const sampler = (async () => {
      while (Date.now() < end) {
        rss.push({ at: Date.now() - start, mb: rssMb(pids) });
        await new Promise((r) => setTimeout(r, 5_000));
      }
    })();
    const minutesLog: string[] = [];
    const logger = (async () => {
      for (let minute = 1; Date.now() < end; minute++) {
        await new Promise((r) => setTimeout(r, Math.max(0, start + minute * 60_000 - Date.now())));
        const line = await minuteRow(bench, minute, pageSamples, inboxSamples, rssMb(pids));
        minutesLog.push(line);
        console.error(line);
      }
    })();
    await Promise.all([...readers, ...posters, publisher, sampler, logger]);
    const window = Math.min(60_000, (minutes * 60_000) / 3);
    const firstOf = (s: readonly Sample[]) => s.filter((x) => x.at < window);
    const lastOf = (s: readonly Sample[]) => s.filter((x) => x.at >= minutes * 60_000 - window);
    const delivered = bench.servers.reduce((n, s) => n + s.received.filter((r) => r.body.type === "Create").length, 0);
    const row = (name: string, s: readonly Sample[]) => {
      const a = summary(firstOf(s));
      const b = summary(lastOf(s));
      return `| ${name} | ${a.count} req, p50 ${a.p50.toFixed(0)} / p99 ${a.p99.toFixed(0)} ms, ${a.errors} errors | ${b.count} req, p50 ${b.p50.toFixed(0)} / p99 ${b.p99.toFixed(0)} ms, ${b.errors} errors |`;
    };
    const rssStart = rss.find((r) => r.at >= window)?.mb ?? rss[0]!.mb;
    return [
      `Soak: ${minutes} min, load average at the end ${loadavg().map((l) => l.toFixed(1)).join(" ")}; ${inboxSamples.length} inbox POSTs, ${pageSamples.length} page reads, ${delivered} deliveries received by the stand-ins`,
      "",
      `| (first ${window / 1000} s vs last ${window / 1000} s) | start | end |`,
      "|---|---|---|",
      row("pages and WebFinger (8 at a time)", pageSamples),
      row("inbox POSTs (4 at a time)", inboxSamples),
      `| server RSS | ${rssStart.toFixed(0)} MB (after ${window / 1000} s) | ${rss.at(-1)!.mb.toFixed(0)} MB (peak ${Math.max(...rss.map((r) => r.mb)).toFixed(0)} MB) |`,
      "",
      MINUTE_HEADER,
      ...minutesLog,
    ].join("\n");
  } finally {
    await bench.stop();
  }
}

if (import.meta.main) console.log(await measureSoak(Number(process.env.BENCH_SOAK_MINUTES ?? 30)));
