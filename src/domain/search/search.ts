// Full-text search over what this instance knows: notes (its own and those
// received from elsewhere), notebooks, terms, people, organizations and
// communities. Ranked by the database (FTS5's bm25 on SQLite, ts_rank on
// PostgreSQL), filtered, paged by offset, and never showing a note to
// someone who may not read it: the SQL keeps to what the viewer may read,
// and every restricted note is checked again with the visibility rules
// (canSeeNote) before it is shown. Blocked and limited hosts and accounts,
// and what the viewer muted or blocked, are left out (hidden-content.ts).
import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Dialect } from "../../db/database.ts";
import type { Database } from "../../db/schema.ts";
import type { SearchDocumentKind } from "../../db/search-schema.ts";
import { findActorByHandle, type ActorRow } from "../actors.ts";
import { handleKey, parseHandle } from "../handles.ts";
import { licenseById } from "../licenses.ts";
import type { NotebookRow } from "../notebooks.ts";
import { canSeeNote, type NoteRow, type TermRow } from "../notes.ts";
import { tagKey } from "../tags.ts";
import { regionFromText } from "../regions.ts";
import { excerptAround, highlight } from "./excerpt.ts";
import { hiddenContentConditions } from "./hidden-content.ts";
import { textOfHtml } from "./french-text.ts";
import { refreshSearchIndex } from "./indexing.ts";
import { parseSearchQuery, toFts5Match, toTsQuery, type SearchQuery } from "./query.ts";

export const SEARCH_KINDS: readonly SearchDocumentKind[] = ["note", "notebook", "term", "person", "organization", "community"];

export function isSearchKind(value: string | undefined): value is SearchDocumentKind {
  return SEARCH_KINDS.includes(value as SearchDocumentKind);
}

export interface SearchFilters {
  /** A tag, with or without `#`. */
  readonly tag?: string;
  /** A lexicon term's slug. */
  readonly term?: string;
  /** A community's handle (`name` here, `name@host` elsewhere). */
  readonly community?: string;
  /** A host (`example.org`): what comes from that instance. */
  readonly instance?: string;
  /** A language code (`fr` also finds `fr-CA`). */
  readonly language?: string;
  /** A licence id (src/domain/licenses.ts). */
  readonly license?: string;
  /** A Québec administrative region (its number or name, src/domain/regions.ts): notes by their authors' or organizations' region, people, organizations and communities by theirs. */
  readonly region?: string;
  /** Published on or after / on or before this day (`YYYY-MM-DD`). */
  readonly from?: string;
  readonly to?: string;
}

/** Filters that only notes carry: with one of them, the other kinds find nothing. */
const NOTE_ONLY_FILTERS = ["tag", "term", "community", "language", "license", "from", "to"] as const;

export function hasNoteOnlyFilter(filters: SearchFilters): boolean {
  return NOTE_ONLY_FILTERS.some((f) => !!filters[f]);
}

export interface SearchPageRequest {
  readonly viewerId: string | null;
  readonly filters: SearchFilters;
  readonly limit: number;
  readonly offset: number;
  /** SQLite: how many matches are ranked at most (SQLITE_RANKED_MATCHES; smaller in tests). */
  readonly rankedMatches?: number;
}

interface Hit {
  readonly refId: string;
  readonly listed: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function licenseUris(id: string): (string | null)[] | null {
  const license = licenseById(id);
  if (!license) return null;
  if (license.uri == null) return [null, "urn:encommun:license:all-rights-reserved"];
  const bare = license.uri.replace(/\/$/, "");
  return [license.uri, bare, license.uri.replace(/^https:/, "http:"), bare.replace(/^https:/, "http:")];
}

/** The SQL conditions for a viewer and filters; null when the filters cannot match anything. */
async function conditions(db: Kysely<Database>, kind: SearchDocumentKind, request: SearchPageRequest): Promise<RawBuilder<unknown>[] | null> {
  const { filters, viewerId } = request;
  const where: RawBuilder<unknown>[] = [sql`d.kind = ${kind}`];
  if (kind !== "note" && hasNoteOnlyFilter(filters)) return null;
  if (viewerId == null || kind !== "note") where.push(sql`d.listed = 1`);
  else {
    // What canShowTo (visibility.ts) allows, as SQL, for the notes not everyone may find.
    where.push(sql`(d.listed = 1 OR EXISTS (SELECT 1 FROM notes n WHERE n.id = d.ref_id AND (
      n.brought_in_by = ${viewerId}
      OR EXISTS (SELECT 1 FROM note_authors na WHERE na.note_id = n.id AND na.actor_id = ${viewerId})
      OR (n.visibility = 'followers' AND EXISTS (SELECT 1 FROM note_authors na JOIN follows f ON f.following_id = na.actor_id
          WHERE na.note_id = n.id AND f.follower_id = ${viewerId} AND f.status = 'accepted'))
      OR (n.visibility = 'community' AND EXISTS (SELECT 1 FROM community_posts cp JOIN follows f ON f.following_id = cp.community_id
          WHERE cp.note_id = n.id AND cp.removed_at IS NULL AND f.follower_id = ${viewerId} AND f.status = 'accepted')))))`);
  }
  where.push(...(await hiddenContentConditions(db, kind, viewerId)));
  if (filters.region) {
    const region = regionCondition(kind, filters.region);
    if (!region) return null;
    where.push(region);
  }
  if (filters.instance) {
    const host = filters.instance.trim().toLowerCase().replace(/^https?:\/\//, "").replace(/\/.*$/, "");
    where.push(sql`d.domain = ${host}`);
  }
  if (filters.tag) where.push(sql`EXISTS (SELECT 1 FROM note_tags t WHERE t.note_id = d.ref_id AND t.key = ${tagKey(filters.tag)})`);
  if (filters.term) {
    where.push(sql`EXISTS (SELECT 1 FROM note_terms nt JOIN terms tm ON tm.id = nt.term_id WHERE nt.note_id = d.ref_id AND tm.slug = ${filters.term.trim().toLowerCase()} AND tm.deleted_at IS NULL)`);
  }
  if (filters.community) {
    const community = await findCommunityByHandle(db, filters.community);
    if (!community) return null;
    where.push(sql`EXISTS (SELECT 1 FROM community_posts cp WHERE cp.note_id = d.ref_id AND cp.community_id = ${community.id} AND cp.removed_at IS NULL)`);
  }
  if (filters.language) {
    const language = filters.language.trim().toLowerCase();
    where.push(sql`(d.language = ${language} OR d.language LIKE ${`${language}-%`})`);
  }
  if (filters.license) {
    const uris = licenseUris(filters.license);
    if (!uris) return null;
    const named = uris.filter((u): u is string => u != null);
    where.push(uris.includes(null) ? sql`(d.license IS NULL OR d.license IN (${sql.join(named)}))` : sql`d.license IN (${sql.join(named)})`);
  }
  if (filters.from && DAY.test(filters.from)) where.push(sql`d.published_at >= ${filters.from}`);
  // The whole last day: every timestamp of that day sorts before the day followed by "U".
  if (filters.to && DAY.test(filters.to)) where.push(sql`d.published_at < ${`${filters.to}U`}`);
  return where;
}

/**
 * Region: only a region its holder made public counts (a person's region is
 * private by default, docs/PRIVACY.md). Notebooks and terms have none.
 */
function regionCondition(kind: SearchDocumentKind, text: string): RawBuilder<unknown> | null {
  const region = regionFromText(text);
  if (!region || kind === "notebook" || kind === "term") return null;
  const inRegion = sql`r.region = ${region.code} AND r.profile_details_public = 1`;
  if (kind !== "note") return sql`EXISTS (SELECT 1 FROM actors r WHERE r.id = d.ref_id AND ${inRegion})`;
  return sql`(EXISTS (SELECT 1 FROM note_authors ra JOIN actors r ON r.id = ra.actor_id WHERE ra.note_id = d.ref_id AND ${inRegion})
    OR EXISTS (SELECT 1 FROM note_organizations ro JOIN actors r ON r.id = ro.actor_id WHERE ro.note_id = d.ref_id AND ${inRegion}))`;
}

async function findCommunityByHandle(db: Kysely<Database>, text: string): Promise<ActorRow | undefined> {
  const bare = text.trim().replace(/^@/, "");
  const handle = parseHandle(bare);
  if (handle) return findActorByHandle(db, handle.username, handle.host).then((a) => (a?.type === "Group" ? a : undefined));
  // A bare name is a community of this instance.
  return db.selectFrom("actors").selectAll().where("username_key", "=", handleKey(bare)).where("is_local", "=", 1).where("type", "=", "Group").executeTakeFirst();
}

/**
 * SQLite ranks at most this many matches of one search: for words found in
 * more documents than that (a word nearly every note has), the most recently
 * indexed ones are ranked. Ranking costs per match; counting is cheap.
 */
export const SQLITE_RANKED_MATCHES = 10_000;

async function sqliteHits(db: Kysely<Database>, query: SearchQuery, kind: SearchDocumentKind, filters: RawBuilder<unknown>, limit: number, offset: number, rankedMatches: number): Promise<Hit[]> {
  const match = toFts5Match(query, kind === "note" ? null : kind);
  const count = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM search_fts WHERE search_fts MATCH ${match}`.execute(db)).rows[0]?.n ?? 0);
  if (count === 0) return [];
  let floor = 0;
  if (count > rankedMatches) {
    const edge = await sql<{ id: number }>`SELECT rowid AS id FROM search_fts WHERE search_fts MATCH ${match} ORDER BY rowid DESC LIMIT 1 OFFSET ${rankedMatches - 1}`.execute(db);
    floor = Number(edge.rows[0]?.id ?? 0);
  }
  const ranked = Math.min(count, rankedMatches);
  // CROSS JOIN keeps SQLite from driving the join from search_documents' (kind, ref_id)
  // index, which reads every document of the kind. The best-ranked candidates first, then the filters on them: most matches
  // pass the filters, so a few more than a page are enough. When they are
  // not (a narrow filter), every match is ranked.
  const candidates = Math.max(2 * (offset + limit), offset + limit + 100);
  const run = (cap: number | null) =>
    sql<{ ref_id: string; listed: number }>`SELECT d.ref_id, d.listed FROM (
        SELECT rowid AS id, bm25(search_fts, 0.0, 4.0, 1.0) AS score FROM search_fts
        WHERE search_fts MATCH ${match} AND rowid >= ${floor} ORDER BY score ${cap == null ? sql`` : sql`LIMIT ${cap}`}) AS c
      CROSS JOIN search_documents d ON d.id = c.id
      WHERE ${filters}
      ORDER BY c.score, d.published_at DESC LIMIT ${limit} OFFSET ${offset}`.execute(db);
  let rows = (await run(candidates < ranked ? candidates : null)).rows;
  if (rows.length < limit && candidates < ranked) rows = (await run(null)).rows;
  return rows.map((r) => ({ refId: r.ref_id, listed: Number(r.listed) }));
}

async function matchingHits(db: Kysely<Database>, dialect: Dialect, query: SearchQuery, kind: SearchDocumentKind, where: RawBuilder<unknown>[], limit: number, offset: number, rankedMatches: number): Promise<Hit[]> {
  const filters = sql.join(where, sql` AND `);
  // Title words weigh more than body words; ties go to the newest.
  if (dialect === "sqlite") return sqliteHits(db, query, kind, filters, limit, offset, rankedMatches);
  const result = await sql<{ ref_id: string; listed: number }>`SELECT d.ref_id, d.listed FROM search_documents d, to_tsquery('french', search_unaccent(${toTsQuery(query)})) AS q(query)
      WHERE d.tsv @@ q.query AND ${filters}
      ORDER BY ts_rank(d.tsv, q.query) DESC, d.published_at DESC LIMIT ${limit} OFFSET ${offset}`.execute(db);
  return result.rows.map((r) => ({ refId: r.ref_id, listed: Number(r.listed) }));
}

export type SearchItem =
  | { readonly kind: "note"; readonly note: NoteRow; readonly authors: ActorRow[]; readonly titleHtml: string; readonly excerpt: string }
  | { readonly kind: "notebook"; readonly notebook: NotebookRow; readonly titleHtml: string; readonly excerpt: string }
  | { readonly kind: "term"; readonly term: TermRow; readonly titleHtml: string; readonly excerpt: string }
  | { readonly kind: "person" | "organization" | "community"; readonly actor: ActorRow; readonly titleHtml: string; readonly excerpt: string };

export interface SearchResultPage {
  readonly items: SearchItem[];
  /** Whether a next page exists. */
  readonly more: boolean;
}

function byIds<T extends { id: string }>(rows: readonly T[], ids: readonly string[]): T[] {
  const map = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => map.get(id) ?? []);
}

async function loadItems(db: Kysely<Database>, kind: SearchDocumentKind, hits: readonly Hit[], query: SearchQuery, viewerId: string | null): Promise<SearchItem[]> {
  const ids = hits.map((h) => h.refId);
  if (ids.length === 0) return [];
  const stems = query.stems;
  switch (kind) {
    case "note": {
      const notes = byIds(await db.selectFrom("notes").selectAll().where("id", "in", ids).where("deleted_at", "is", null).execute(), ids);
      const restricted = new Set(hits.filter((h) => h.listed !== 1).map((h) => h.refId));
      const authors = await db
        .selectFrom("note_authors")
        .innerJoin("actors", "actors.id", "note_authors.actor_id")
        .selectAll("actors")
        .select("note_authors.note_id")
        .where("note_authors.note_id", "in", ids)
        .orderBy("note_authors.position")
        .execute();
      const items: SearchItem[] = [];
      for (const note of notes) {
        if (restricted.has(note.id) && !(await canSeeNote(db, note, viewerId))) continue;
        const body = textOfHtml(note.content_html);
        // A summary drawn from the text's start is not said twice.
        const summary = note.summary?.trim();
        const text = summary && !body.startsWith(summary.replace(/…$/, "")) ? `${summary} — ${body}` : body;
        const by = authors.filter((a) => a.note_id === note.id).map(({ note_id: _, ...actor }) => actor);
        items.push({ kind, note, authors: by, titleHtml: highlight(note.title, stems), excerpt: excerptAround(text, stems) });
      }
      return items;
    }
    case "notebook": {
      const rows = byIds(await db.selectFrom("notebooks").selectAll().where("id", "in", ids).execute(), ids);
      return rows.map((notebook) => ({ kind, notebook, titleHtml: highlight(notebook.title, stems), excerpt: excerptAround(notebook.summary ?? "", stems) }));
    }
    case "term": {
      const rows = byIds(await db.selectFrom("terms").selectAll().where("id", "in", ids).execute(), ids);
      return rows.map((term) => ({
        kind,
        term,
        titleHtml: highlight(term.label_fr ?? term.label_en ?? term.slug, stems),
        excerpt: excerptAround([term.definition_fr, term.definition_en].filter(Boolean).join(" — "), stems),
      }));
    }
    default: {
      const rows = byIds(await db.selectFrom("actors").selectAll().where("id", "in", ids).execute(), ids);
      return rows.map((actor) => ({
        kind,
        actor,
        titleHtml: highlight(actor.name || actor.username, stems),
        excerpt: excerptAround(actor.summary ? textOfHtml(actor.summary) : "", stems),
      }));
    }
  }
}

/** One page of one kind's results. Past the last page: an empty page. */
export async function searchKind(db: Kysely<Database>, dialect: Dialect, query: SearchQuery, kind: SearchDocumentKind, request: SearchPageRequest): Promise<SearchResultPage> {
  const where = await conditions(db, kind, request);
  if (!where) return { items: [], more: false };
  const hits = await matchingHits(db, dialect, query, kind, where, request.limit + 1, request.offset, request.rankedMatches ?? SQLITE_RANKED_MATCHES);
  const items = await loadItems(db, kind, hits.slice(0, request.limit), query, request.viewerId);
  return { items, more: hits.length > request.limit };
}

/** Every kind's page at once (the overview), after bringing the index up to date. */
export async function searchEverything(
  db: Kysely<Database>,
  dialect: Dialect,
  query: SearchQuery,
  kinds: readonly SearchDocumentKind[],
  request: SearchPageRequest,
): Promise<Map<SearchDocumentKind, SearchResultPage>> {
  await refreshSearchIndex(db, dialect);
  const pages = new Map<SearchDocumentKind, SearchResultPage>();
  for (const kind of kinds) pages.set(kind, await searchKind(db, dialect, query, kind, request));
  return pages;
}

export type SearchAnswer =
  | { readonly ok: true; readonly query: SearchQuery; readonly pages: Map<SearchDocumentKind, SearchResultPage> }
  | { readonly ok: false; readonly problem: "too-long" | "empty" };

/** What someone typed, searched in one kind or in all of them (each its own page). */
export async function searchText(
  db: Kysely<Database>,
  dialect: Dialect,
  text: string,
  kind: SearchDocumentKind | null,
  request: SearchPageRequest,
): Promise<SearchAnswer> {
  const parsed = parseSearchQuery(text);
  if (!parsed.ok) return parsed;
  return { ok: true, query: parsed.query, pages: await searchEverything(db, dialect, parsed.query, kind ? [kind] : SEARCH_KINDS, request) };
}
