// Full-text search (issue 13): 100,000 generated French notes on SQLite (a
// file, as deployed) and on PostgreSQL; the index's build time and size, then
// the latency of typical searches, anonymous and signed in, as the page runs
// them (one kind with 20 results, or the overview of every kind). Notes are
// written directly in batches (as bench/seed.ts does); the index is built by
// the same refresh the searches run.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql, type Insertable } from "kysely";
import pg from "pg";
import { openDatabase, type DatabaseHandle } from "../src/db/database.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import type { Database } from "../src/db/schema.ts";
import { isoNow } from "../src/domain/clock.ts";
import { newId } from "../src/domain/ids.ts";
import { optimizeSearchIndex, refreshWholeSearchIndex } from "../src/domain/search/indexing.ts";
import { searchText } from "../src/domain/search/search.ts";

const ORIGIN = "https://bench.example";
const MEMBERS = 40;

// A seeded generator: the same notes on every run and both databases.
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOPICS = (
  "communs agriculture urbaine jardins partagés économie sociale solidaire coopérative territoire savoirs entraide OpenStreetMap Ostrom gouvernance " +
  "cartographie logiciel libre données ouvertes licence Creative Commons mutualisation alimentation circuits courts compostage semences biodiversité " +
  "quartier citoyens municipalité budget participatif énergie renouvelable habitat logement mobilité vélo transport collectif éducation populaire " +
  "bibliothèque atelier réparation recyclerie monnaie locale financement bénévolat association fondation recherche université pédagogie numérique " +
  "santé communautaire soins aînés jeunesse culture patrimoine musique théâtre forêt eau rivière climat adaptation résilience sobriété Montréal Québec " +
  "Laurentides Gaspésie Outaouais Saguenay Abitibi Estrie Mauricie"
).split(" ");
const FILLER = (
  "nous avons appris que les membres du groupe ont partagé leurs expériences pendant la rencontre avec des partenaires et des voisins qui veulent " +
  "construire ensemble une démarche durable pour le projet ainsi que des outils simples afin de documenter chaque étape et rendre compte des résultats " +
  "obtenus dans la région cette année malgré les difficultés rencontrées lors des premières semaines de travail collectif"
).split(" ");

function sentence(next: () => number, words: number): string {
  const out: string[] = [];
  // About one word in twelve is a topic: a given topic word is in roughly one note in eight.
  for (let i = 0; i < words; i++) out.push(next() < 0.08 ? TOPICS[Math.floor(next() * TOPICS.length)]! : FILLER[Math.floor(next() * FILLER.length)]!);
  return out.join(" ");
}

async function seed(handle: DatabaseHandle, notes: number): Promise<string[]> {
  const { db } = handle;
  const now = isoNow();
  const members: string[] = [];
  const actorRows: Insertable<Database["actors"]>[] = [];
  for (let i = 0; i < MEMBERS; i++) {
    const id = newId();
    members.push(id);
    actorRows.push({ id, uri: `${ORIGIN}/actors/${id}`, type: "Person", is_local: 1, username: `membre${i}`, username_key: `membre${i}`, domain: "bench.example", name: `Membre ${i}`, summary: sentence(random(i), 20), icon_url: null, url: null, inbox_url: null, shared_inbox_url: null, outbox_url: null, followers_url: null, following_url: null, followers_count: null, following_count: null, fetched_at: null, created_at: now, updated_at: now, deleted_at: null });
  }
  await db.insertInto("actors").values(actorRows).execute();
  const next = random(42);
  const start = Date.parse("2023-01-01T00:00:00Z");
  for (let from = 0; from < notes; from += 500) {
    const noteRows: Insertable<Database["notes"]>[] = [];
    const authorRows: Insertable<Database["note_authors"]>[] = [];
    for (let i = from; i < Math.min(notes, from + 500); i++) {
      const at = new Date(start + i * 60_000).toISOString();
      const id = newId(start + i * 60_000);
      const body = `<p>${sentence(next, 40 + Math.floor(next() * 80))}</p><p>${sentence(next, 30)}</p>`;
      noteRows.push({
        id, uri: `${ORIGIN}/notes/${id}`, is_local: 1, url: null, title: sentence(next, 4 + Math.floor(next() * 5)), summary: sentence(next, 12), content_source: null,
        content_html: body, language: "fr", category: null, license: "https://creativecommons.org/licenses/by-sa/4.0/",
        visibility: i % 23 === 0 ? "followers" : i % 97 === 0 ? "unlisted" : "public", brought_in_by: null, in_reply_to_uri: null, context_uri: null,
        published_at: at, updated_at: at, created_at: at, fetched_at: null, deleted_at: null, backfilled_at: null,
      });
      authorRows.push({ note_id: id, actor_id: members[i % MEMBERS]!, position: 0 });
    }
    await db.transaction().execute(async (tx) => {
      await tx.insertInto("notes").values(noteRows).execute();
      await tx.insertInto("note_authors").values(authorRows).execute();
    });
  }
  return members;
}

const QUERIES = [
  "communs", "agriculture urbaine", "économie sociale", "economie", "OpenStreetMap", "Ostrom", "jardins partagés", "\"budget participatif\"",
  "coopératives", "données ouvertes", "Gaspésie", "vélo", "logiciel libre licence", "résilience climat", "Saguenay forêt", "santé communautaire",
  "semences biodiversité", "recherche université", "monnaie locale", "atelier réparation",
  // Words in almost every note: the worst case.
  "projet", "membres du groupe",
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export interface SearchBenchRow {
  readonly database: string;
  readonly notes: number;
  readonly buildSeconds: number;
  readonly indexMb: number;
  /** Wall-clock latency, and this process's CPU time per search (what a search costs on an idle core: the bench machine is shared). */
  readonly cases: { name: string; p50: number; p95: number; cpuP50: number; cpuP95: number }[];
}

async function indexSize(handle: DatabaseHandle, file: string | null): Promise<number> {
  if (handle.dialect === "postgres") {
    const r = await sql<{ n: string }>`SELECT pg_total_relation_size('search_documents')::text AS n`.execute(handle.db);
    return Number(r.rows[0]!.n);
  }
  // FTS5's shadow tables and the document rows, page by page (dbstat), or failing that the growth of the file.
  try {
    const r = await sql<{ n: number }>`SELECT sum(pgsize) AS n FROM dbstat WHERE name LIKE 'search_%'`.execute(handle.db);
    return Number(r.rows[0]!.n);
  } catch {
    return file ? statSync(file).size : 0;
  }
}

async function measureOn(name: string, handle: DatabaseHandle, file: string | null, notes: number, rounds: number): Promise<SearchBenchRow> {
  await migrateToLatest(handle.db);
  const members = await seed(handle, notes);
  const began = performance.now();
  await refreshWholeSearchIndex(handle.db, handle.dialect);
  await optimizeSearchIndex(handle.db, handle.dialect);
  const buildSeconds = (performance.now() - began) / 1000;
  const indexMb = (await indexSize(handle, file)) / 1024 / 1024;
  const cases: SearchBenchRow["cases"] = [];
  for (const [label, kind, viewerId] of [
    ["notes, anonymous", "note", null],
    ["notes, signed in", "note", members[3]!],
    ["overview (6 kinds), anonymous", null, null],
  ] as const) {
    const times: number[] = [];
    const cpu: number[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const q of QUERIES) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        const answer = await searchText(handle.db, handle.dialect, q, kind, { viewerId, filters: {}, limit: kind ? 20 : 5, offset: 0 });
        times.push(performance.now() - t0);
        const used = process.cpuUsage(c0);
        cpu.push((used.user + used.system) / 1000);
        if (!answer.ok) throw new Error(`${q}: ${answer.problem}`);
      }
    }
    times.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    cases.push({ name: label, p50: percentile(times, 50), p95: percentile(times, 95), cpuP50: percentile(cpu, 50), cpuP95: percentile(cpu, 95) });
  }
  return { database: name, notes, buildSeconds, indexMb, cases };
}

export async function measureSearch(notes: number, rounds: number, postgresAdminUrl: string | null): Promise<SearchBenchRow[]> {
  const rows: SearchBenchRow[] = [];
  const dir = mkdtempSync(join(tmpdir(), "encommun-bench-search-"));
  const keep = process.env.BENCH_SEARCH_KEEP === "1";
  try {
    const file = join(dir, "encommun.sqlite");
    const handle = openDatabase(`sqlite:${file}`);
    try {
      rows.push(await measureOn("SQLite (file, WAL)", handle, file, notes, rounds));
    } finally {
      await handle.close();
    }
  } finally {
    if (keep) console.log(`SQLite database kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
  if (postgresAdminUrl) {
    const name = `encommun_bench_search_${Date.now()}`;
    const admin = new pg.Client({ connectionString: postgresAdminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(postgresAdminUrl);
    url.pathname = `/${name}`;
    const handle = openDatabase(url.toString());
    try {
      rows.push(await measureOn("PostgreSQL", handle, null, notes, rounds));
    } finally {
      await handle.close();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  }
  return rows;
}

export function searchTable(rows: readonly SearchBenchRow[]): string {
  const lines = ["| database | notes | index build | index size | searches | p50 | p95 | CPU p50 | CPU p95 |", "|---|---|---|---|---|---|---|---|---|"];
  for (const r of rows) {
    for (const [i, c] of r.cases.entries()) {
      const head = i === 0 ? `| ${r.database} | ${r.notes.toLocaleString("en")} | ${r.buildSeconds.toFixed(1)} s | ${r.indexMb.toFixed(1)} MB` : "| | | |";
      lines.push(`${head} | ${c.name} | ${c.p50.toFixed(1)} ms | ${c.p95.toFixed(1)} ms | ${c.cpuP50.toFixed(1)} ms | ${c.cpuP95.toFixed(1)} ms |`);
    }
  }
  return lines.join("\n");
}
