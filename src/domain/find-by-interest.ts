// "Find people and groups" (issue 13, point 2): for one or more interest
// tags, the people, organizations and communities that chose them — of this
// instance and of the others it knows — grouped by Québec administrative
// region, each with what links them to the commons here (notes, citations,
// members, notebooks), and what the map needs (a count per region, the points
// some chose to give).
//
// Who appears: only those whose interests are public (`profile_details_public`;
// a person chooses it, docs/PRIVACY.md) and, for people, who agreed to be
// listed (`discoverable`, as the directory). Another instance's actor arrives
// with only what its owner made public (federation/actors/to-actor.ts).
// Suspended accounts, and hosts or accounts an administrator blocked or a
// viewer muted, are left out as in search (search/hidden-content.ts).
//
// Paging: each tag's rows are read in the (key, actor_id) index's order from
// the cursor, and merged (test/db/interest-query-plans.test.ts); the region
// counts and the points read only the rows of the tags asked for.
import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Database } from "../db/schema.ts";
import { profileFields, type ActorRow } from "./actors.ts";
import { interestKeys } from "./interests.ts";
import { regionByCode, type QuebecRegion } from "./regions.ts";
import { hiddenContentConditions } from "./search/hidden-content.ts";

export type FoundKind = "person" | "organization" | "community";

export interface RelationCounts {
  /** Public notes written (people, organizations), or threads started in it (communities). */
  readonly notes: number;
  /** Notes that link to one of theirs, or name the organization. */
  readonly citations: number;
  /** An organization's members, a community's (null for a person). */
  readonly members: number | null;
  /** Notebooks they curate. */
  readonly notebooks: number;
}

export interface FoundActor {
  readonly actor: ActorRow;
  readonly kind: FoundKind;
  readonly region: QuebecRegion | null;
  readonly interests: readonly string[];
  readonly counts: RelationCounts;
  /** The instance it comes from; null for this one. */
  readonly instance: string | null;
}

export interface RegionCount {
  /** Null: no region chosen, or one outside Québec's 17. */
  readonly region: QuebecRegion | null;
  readonly count: number;
}

export interface MapPoint {
  readonly latitude: number;
  readonly longitude: number;
  readonly label: string;
}

export interface FindRequest {
  /** Interest tags as typed (keys are derived); at most five. */
  readonly tags: string | readonly string[];
  /** A region's number: only those of that region. */
  readonly region?: string | null;
  readonly viewerId: string | null;
  readonly limit: number;
  readonly cursor?: string | null;
}

export interface FindResult {
  readonly keys: readonly string[];
  readonly items: readonly FoundActor[];
  readonly nextCursor: string | null;
  /** For every match (not only this page), by region in their official order, then "no region". */
  readonly regions: readonly RegionCount[];
  readonly points: readonly MapPoint[];
}

export const FIND_LIMITS = { page: 50, points: 500 } as const;

const KIND_OF_TYPE: Record<string, FoundKind> = { Person: "person", Organization: "organization", Group: "community" };

/** The conditions on `actors a` (joined to `actor_interests i`) for being shown at all. */
async function shownConditions(db: Kysely<Database>, request: FindRequest): Promise<RawBuilder<unknown>> {
  const conditions: RawBuilder<unknown>[] = [
    sql`a.deleted_at IS NULL`,
    sql`a.type IN ('Person', 'Organization', 'Group')`,
    sql`a.profile_details_public = 1`,
    sql`(a.type <> 'Person' OR a.discoverable = 1)`,
    sql`NOT EXISTS (SELECT 1 FROM users u WHERE u.actor_id = a.id AND u.suspended_at IS NOT NULL)`,
    ...(await hiddenContentConditions(db, "person", request.viewerId, sql`i.actor_id`)),
  ];
  if (request.region) conditions.push(sql`a.region = ${request.region}`);
  return sql.join(conditions, sql` AND `);
}

async function pageOfIds(db: Kysely<Database>, keys: readonly string[], shown: RawBuilder<unknown>, limit: number, cursor: string | null): Promise<string[]> {
  const ids = new Set<string>();
  for (const key of keys) {
    let query = db
      .selectFrom("actor_interests as i")
      .innerJoin("actors as a", "a.id", "i.actor_id")
      .select("i.actor_id")
      .where("i.key", "=", key)
      .where(sql<boolean>`${shown}`)
      .orderBy("i.actor_id")
      .limit(limit);
    if (cursor) query = query.where("i.actor_id", ">", cursor);
    for (const row of await query.execute()) ids.add(row.actor_id);
  }
  return [...ids].sort().slice(0, limit);
}

type CountRow = { actor_id: string; n: number | string | bigint };

function countsBy(rows: readonly CountRow[]): Map<string, number> {
  return new Map(rows.map((r) => [r.actor_id, Number(r.n)]));
}

/** Relation counts of a page of actors, one query per kind of relation, each by index on the actor. */
async function relationCounts(db: Kysely<Database>, actors: readonly ActorRow[]): Promise<Map<string, RelationCounts>> {
  const ids = actors.map((a) => a.id);
  const result = new Map<string, RelationCounts>();
  if (ids.length === 0) return result;
  const publicNote = (n: "n") => sql<boolean>`${sql.ref(`${n}.visibility`)} = 'public' AND ${sql.ref(`${n}.deleted_at`)} IS NULL`;
  const written = countsBy(
    await db.selectFrom("note_authors as na").innerJoin("notes as n", "n.id", "na.note_id")
      .select((eb) => ["na.actor_id", eb.fn.countAll().as("n")])
      .where("na.actor_id", "in", ids).where(publicNote("n")).where("n.in_reply_to_uri", "is", null)
      .groupBy("na.actor_id").execute(),
  );
  const threads = countsBy(
    await db.selectFrom("community_posts as cp")
      .select((eb) => ["cp.community_id as actor_id", eb.fn.countAll().as("n")])
      .where("cp.community_id", "in", ids).where("cp.is_thread", "=", 1).where("cp.removed_at", "is", null)
      .groupBy("cp.community_id").execute(),
  );
  const linked = countsBy(
    await db.selectFrom("note_authors as na").innerJoin("notes as n", "n.id", "na.note_id").innerJoin("note_links as l", "l.target_uri", "n.uri")
      .select((eb) => ["na.actor_id", eb.fn.count("l.note_id").distinct().as("n")])
      .where("na.actor_id", "in", ids).where(publicNote("n"))
      .groupBy("na.actor_id").execute(),
  );
  const named = countsBy(
    await db.selectFrom("note_organizations as no").innerJoin("notes as n", "n.id", "no.note_id")
      .select((eb) => ["no.actor_id", eb.fn.countAll().as("n")])
      .where("no.actor_id", "in", ids).where(publicNote("n"))
      .groupBy("no.actor_id").execute(),
  );
  const staff = countsBy(
    await db.selectFrom("organization_members as om")
      .select((eb) => ["om.organization_id as actor_id", eb.fn.countAll().as("n")])
      .where("om.organization_id", "in", ids).groupBy("om.organization_id").execute(),
  );
  const followers = countsBy(
    await db.selectFrom("follows as f")
      .select((eb) => ["f.following_id as actor_id", eb.fn.countAll().as("n")])
      .where("f.following_id", "in", ids).where("f.status", "=", "accepted").groupBy("f.following_id").execute(),
  );
  const curated = countsBy(
    await db.selectFrom("notebook_curators as nc").innerJoin("notebooks as nb", "nb.id", "nc.notebook_id")
      .select((eb) => ["nc.actor_id", eb.fn.countAll().as("n")])
      .where("nc.actor_id", "in", ids).where("nb.deleted_at", "is", null).groupBy("nc.actor_id").execute(),
  );
  for (const actor of actors) {
    const id = actor.id;
    const community = actor.type === "Group";
    // Another instance's community: its own count of followers, as it published it.
    const members = actor.type === "Organization" ? (staff.get(id) ?? 0) : community ? (actor.is_local === 1 ? (followers.get(id) ?? 0) : (actor.followers_count ?? followers.get(id) ?? 0)) : null;
    result.set(id, {
      notes: community ? (threads.get(id) ?? 0) : (written.get(id) ?? 0),
      citations: (linked.get(id) ?? 0) + (named.get(id) ?? 0),
      members,
      notebooks: curated.get(id) ?? 0,
    });
  }
  return result;
}

async function regionCounts(db: Kysely<Database>, keys: readonly string[], shown: RawBuilder<unknown>): Promise<RegionCount[]> {
  const rows = (await sql<{ region: string | null; n: number | string }>`SELECT a.region, count(DISTINCT a.id) AS n FROM actor_interests i
      INNER JOIN actors a ON a.id = i.actor_id WHERE i.key IN (${sql.join(keys)}) AND ${shown} GROUP BY a.region`.execute(db)).rows;
  const counts = rows.map((r) => ({ region: regionByCode(r.region) ?? null, count: Number(r.n) }));
  const merged = new Map<string, RegionCount>();
  for (const c of counts) {
    const key = c.region?.code ?? "";
    merged.set(key, { region: c.region, count: (merged.get(key)?.count ?? 0) + c.count });
  }
  // Official order, then those without one.
  return [...merged].sort(([a], [b]) => (a === "" ? 1 : b === "" ? -1 : a < b ? -1 : 1)).map(([, c]) => c);
}

async function mapPoints(db: Kysely<Database>, keys: readonly string[], shown: RawBuilder<unknown>): Promise<MapPoint[]> {
  const rows = (await sql<{ latitude: number; longitude: number; name: string | null; username: string; domain: string }>`SELECT DISTINCT a.latitude, a.longitude, a.name, a.username, a.domain
      FROM actor_interests i INNER JOIN actors a ON a.id = i.actor_id
      WHERE i.key IN (${sql.join(keys)}) AND a.latitude IS NOT NULL AND a.longitude IS NOT NULL AND ${shown} LIMIT ${FIND_LIMITS.points}`.execute(db)).rows;
  return rows.map((r) => ({ latitude: Number(r.latitude), longitude: Number(r.longitude), label: r.name || `@${r.username}@${r.domain}` }));
}

/** One page of who chose these interests; empty when no tag was given. */
export async function findByInterests(db: Kysely<Database>, request: FindRequest): Promise<FindResult> {
  const keys = interestKeys(request.tags);
  if (keys.length === 0) return { keys, items: [], nextCursor: null, regions: [], points: [] };
  const limit = Math.max(1, Math.min(request.limit, FIND_LIMITS.page));
  const shown = await shownConditions(db, request);
  const ids = await pageOfIds(db, keys, shown, limit + 1, request.cursor ?? null);
  const pageIds = ids.slice(0, limit);
  const rows = pageIds.length === 0 ? [] : await db.selectFrom("actors").selectAll().where("id", "in", pageIds).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const actors = pageIds.flatMap((id) => byId.get(id) ?? []);
  const counts = await relationCounts(db, actors);
  const items = actors.map((actor) => ({
    actor,
    kind: KIND_OF_TYPE[actor.type] ?? "person",
    region: regionByCode(actor.region) ?? null,
    interests: profileFields(actor).interests,
    counts: counts.get(actor.id)!,
    instance: actor.is_local === 1 ? null : actor.domain,
  }));
  return {
    keys,
    items,
    nextCursor: ids.length > limit ? pageIds[pageIds.length - 1]! : null,
    regions: await regionCounts(db, keys, shown),
    points: await mapPoints(db, keys, shown),
  };
}

/** A page's results by region, in the official order, then those without one. */
export function groupedByRegion(items: readonly FoundActor[]): { region: QuebecRegion | null; items: FoundActor[] }[] {
  const groups = new Map<string, { region: QuebecRegion | null; items: FoundActor[] }>();
  for (const item of items) {
    const key = item.region?.code ?? "";
    const group = groups.get(key) ?? { region: item.region, items: [] };
    group.items.push(item);
    groups.set(key, group);
  }
  return [...groups].sort(([a], [b]) => (a === "" ? 1 : b === "" ? -1 : a < b ? -1 : 1)).map(([, g]) => g);
}
