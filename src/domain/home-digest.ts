// What the home page shows besides the latest notes: the communities where
// something is happening, a member's news from the communities they belong
// to, the sister instances, and a few counts. Each list reads an index in
// order and stops at a limit (test/db/home-query-plans.test.ts): the home is
// the most visited page and must stay cheap however big the instance grows.
import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { findActorById, type ActorRow } from "./actors.ts";
import { currentRestrictions, listedContentFilter, visibleContentFilter } from "./content-restrictions.ts";
import { hiddenAuthorsFilter, hiddenFor } from "./member-blocks.ts";
import { canSeeNote, type NoteRow } from "./notes.ts";
import { findKnownInstance, sisterLinks } from "./network.ts";
import { INSTANCE_ACTOR_ID } from "./paths.ts";
import { perDatabaseCache } from "./per-database-cache.ts";
import { isPubliclyReadable } from "./visibility.ts";

type Db = Kysely<Database>;

export interface CommunityThreads {
  readonly community: ActorRow;
  /** Newest first. */
  readonly threads: readonly NoteRow[];
}

/**
 * This instance's public communities, the most recently active first, each
 * with its newest public threads. Reads the newest `scan` threads of all
 * communities (community_posts_recent_idx) and groups them: a community
 * quiet for longer than that is not "active".
 */
export async function activeCommunities(
  db: Db,
  options: { readonly viewerId: string | null; readonly communities: number; readonly threadsEach: number; readonly scan?: number },
): Promise<CommunityThreads[]> {
  const rows = await db
    .selectFrom("community_posts")
    .innerJoin("notes", "notes.id", "community_posts.note_id")
    .innerJoin("communities", "communities.actor_id", "community_posts.community_id")
    .selectAll("notes")
    .select("community_posts.community_id as posted_in")
    // Literals, as the partial index's condition says them (SQLite matches only literals).
    .where("community_posts.is_thread", "=", sql.lit(1))
    .where("community_posts.removed_at", "is", null)
    .where("communities.visibility", "=", "public")
    .where("notes.deleted_at", "is", null)
    .where("notes.visibility", "=", "public")
    .where(listedContentFilter(await currentRestrictions(db)))
    .where(hiddenAuthorsFilter(await hiddenFor(db, options.viewerId)))
    .orderBy("community_posts.created_at", "desc")
    .orderBy("community_posts.note_id", "desc")
    .limit(options.scan ?? 60)
    .execute();
  const grouped = new Map<string, NoteRow[]>();
  for (const { posted_in, ...note } of rows) {
    const threads = grouped.get(posted_in) ?? [];
    if (!grouped.has(posted_in) && grouped.size >= options.communities) continue;
    if (threads.length < options.threadsEach) threads.push(note);
    grouped.set(posted_in, threads);
  }
  const found: CommunityThreads[] = [];
  for (const [id, threads] of grouped) {
    const community = await findActorById(db, id);
    if (community && community.deleted_at == null) found.push({ community, threads });
  }
  return found;
}

export interface NewsItem {
  readonly community: ActorRow;
  readonly note: NoteRow;
  /** When it was posted into the community. */
  readonly postedAt: string;
}

/**
 * The newest threads of the communities a member belongs to (here or on
 * other instances), newest first: the `communities` they joined last, the
 * `perCommunity` newest threads of each (community_posts_outbox_idx), merged.
 */
export async function communityNews(
  db: Db,
  memberId: string,
  options: { readonly communities: number; readonly perCommunity: number; readonly limit: number },
): Promise<NewsItem[]> {
  const memberships = await db
    .selectFrom("follows")
    .innerJoin("actors", "actors.id", "follows.following_id")
    .selectAll("actors")
    .where("follows.follower_id", "=", memberId)
    .where("follows.status", "=", "accepted")
    .where("actors.type", "=", "Group")
    .where("actors.deleted_at", "is", null)
    .orderBy("follows.id", "desc")
    .limit(options.communities)
    .execute();
  const restrictions = visibleContentFilter(await currentRestrictions(db));
  const hidden = hiddenAuthorsFilter(await hiddenFor(db, memberId));
  const perCommunity = await Promise.all(
    memberships.map(async (community) => {
      const rows = await db
        .selectFrom("community_posts")
        .innerJoin("notes", "notes.id", "community_posts.note_id")
        .selectAll("notes")
        .select("community_posts.created_at as posted_at")
        .where("community_posts.community_id", "=", community.id)
        .where("community_posts.is_thread", "=", sql.lit(1))
        .where("community_posts.removed_at", "is", null)
        .where("notes.deleted_at", "is", null)
        .where(restrictions)
        .where(hidden)
        .orderBy("community_posts.created_at", "desc")
        .orderBy("community_posts.note_id", "desc")
        .limit(options.perCommunity)
        .execute();
      const items: NewsItem[] = [];
      for (const { posted_at, ...note } of rows) {
        // A member reads what is posted into their community; a followers-only note stays with its author's followers.
        if (isPubliclyReadable(note.visibility) || (await canSeeNote(db, note, memberId))) items.push({ community, note, postedAt: posted_at });
      }
      return items;
    }),
  );
  return perCommunity
    .flat()
    .sort((a, b) => (a.postedAt < b.postedAt ? 1 : a.postedAt > b.postedAt ? -1 : 0))
    .slice(0, options.limit);
}

export interface SisterInstance {
  readonly host: string;
  /** From its NodeInfo; null until it was read. */
  readonly name: string | null;
  readonly region: string | null;
  readonly sector: string | null;
}

/** The sister instances both sides agreed to (administrators connect them: /network). */
export async function sisterInstances(db: Db): Promise<SisterInstance[]> {
  const sisters: SisterInstance[] = [];
  for (const [host, link] of await sisterLinks(db)) {
    if (link.outgoing?.follow.status !== "accepted" && !link.incoming) continue;
    const known = await findKnownInstance(db, host);
    sisters.push({ host, name: known?.name ?? null, region: known?.region ?? null, sector: known?.sector ?? null });
  }
  return sisters.sort((a, b) => (a.name ?? a.host).localeCompare(b.name ?? b.host, "fr"));
}

export interface InstanceCounts {
  readonly people: number;
  readonly notes: number;
  readonly communities: number;
}

async function readCounts(db: Db): Promise<InstanceCounts> {
  const [people, notes, communities] = await Promise.all([
    db
      .selectFrom("users")
      .innerJoin("actors", "actors.id", "users.actor_id")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("actors.deleted_at", "is", null)
      .where("users.suspended_at", "is", null)
      .where("actors.id", "!=", INSTANCE_ACTOR_ID)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("notes")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("is_local", "=", 1)
      .where("deleted_at", "is", null)
      .where("visibility", "=", "public")
      .where("in_reply_to_uri", "is", null)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("communities")
      .innerJoin("actors", "actors.id", "communities.actor_id")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("actors.deleted_at", "is", null)
      .executeTakeFirstOrThrow(),
  ]);
  return { people: Number(people.n), notes: Number(notes.n), communities: Number(communities.n) };
}

// Counting reads whole tables: the home shows counts at most a minute old.
const counts = perDatabaseCache(readCounts, 60_000);

/** Members, public notes and communities of this instance (at most a minute old). */
export function instanceCounts(db: Db): Promise<InstanceCounts> {
  return counts.get(db);
}
