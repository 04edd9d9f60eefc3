// Communities of practice (Passerelles): Group actors with members (accepted
// followers of the Group), moderators, bans and what is posted into them.
import { sql, type Kysely, type Selectable } from "kysely";
import type { CommunitiesTable, CommunityVisibility } from "../db/community-schema.ts";
import type { Database } from "../db/schema.ts";
import type { Services } from "../services.ts";
import { createLocalActor, findActorById, findActorByUri, findLocalActor, updateLocalProfile, type ActorRow } from "./actors.ts";
import { regionFromText } from "./regions.ts";
import { isoNow } from "./clock.ts";
import { DomainError, type FieldProblem } from "./errors.ts";
import { newId } from "./ids.ts";
import { noteAuthors, type NoteRow } from "./notes.ts";

export type CommunityRow = Selectable<CommunitiesTable>;

export interface Community {
  actor: ActorRow;
  settings: CommunityRow;
}

export interface NewCommunity {
  handle: string;
  name: string | null;
  summary: string | null;
  visibility: CommunityVisibility;
  rules: string | null;
  languages: string[];
  /** The community's interest tags. */
  topics: string[];
  /** A Québec administrative region's name (regions.ts), or null. */
  region?: string | null;
  postingRestrictedToMods: boolean;
}

export function parseNewCommunity(raw: Record<string, unknown>): NewCommunity {
  const problems: string[] = [];
  const fields: FieldProblem[] = [];
  const text = (key: string, max: number): string | null => {
    const value = raw[key];
    if (value == null || value === "") return null;
    if (typeof value !== "string" || value.length > max) {
      problems.push(`${key} must be a text of at most ${max} characters`);
      fields.push({ field: key, reason: "too_long", limit: max });
      return null;
    }
    return value.trim();
  };
  const list = (key: string): string[] => {
    const value = raw[key];
    if (value == null) return [];
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string" || v.length > 50) || value.length > 20) {
      problems.push(`${key} must be a list of at most 20 short texts`);
      fields.push({ field: key, reason: "too_many", limit: 20 });
      return [];
    }
    return value as string[];
  };
  const handle = typeof raw.handle === "string" ? raw.handle.trim().replace(/^@/, "") : "";
  if (!handle) {
    problems.push("handle is required");
    fields.push({ field: "handle", reason: "required" });
  }
  const visibility = raw.visibility ?? "public";
  if (visibility !== "public" && visibility !== "private") problems.push("visibility must be public or private");
  if (raw.postingRestrictedToMods != null && typeof raw.postingRestrictedToMods !== "boolean") problems.push("postingRestrictedToMods must be a boolean");
  const result: NewCommunity = {
    handle,
    name: text("name", 100),
    summary: text("summary", 2000),
    rules: text("rules", 5000),
    visibility: visibility as CommunityVisibility,
    languages: list("languages"),
    topics: list("topics"),
    postingRestrictedToMods: raw.postingRestrictedToMods === true,
  };
  const region = raw.region;
  if (region != null && region !== "") {
    const found = typeof region === "string" ? regionFromText(region) : undefined;
    if (found) result.region = found.name;
    else {
      problems.push("region must be one of Québec's 17 administrative regions (its number 01–17 or its name)");
      fields.push({ field: "region", reason: "bad_choice" });
    }
  }
  if (problems.length > 0) throw new DomainError("invalid", problems.join("; "), fields);
  return result;
}

/** Creates a community; its creator becomes its first moderator and member. */
export async function createCommunity(services: Services, creator: ActorRow, input: NewCommunity): Promise<Community> {
  if (creator.is_local !== 1 || creator.type !== "Person") throw new DomainError("forbidden", "Only people of this instance create communities");
  const now = isoNow();
  return services.db.transaction().execute(async (tx) => {
    const actor = await createLocalActor(tx, services.config.publicUrl, { username: input.handle, type: "Group", name: input.name, summary: input.summary });
    const group = await tx
      .updateTable("actors")
      .set({ manually_approves_followers: input.visibility === "private" ? 1 : 0 })
      .where("id", "=", actor.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const settings = await tx
      .insertInto("communities")
      .values({
        actor_id: actor.id,
        visibility: input.visibility,
        rules: input.rules,
        languages: JSON.stringify(input.languages),
        topics: JSON.stringify(input.topics),
        posting_restricted_to_mods: input.postingRestrictedToMods ? 1 : 0,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx.insertInto("community_moderators").values({ community_id: actor.id, actor_id: creator.id, created_at: now }).execute();
    // Topics are its interest tags; with its region, what the find view reads.
    const profiled = input.topics.length > 0 || input.region ? await updateLocalProfile(tx, group, { fields: { interests: input.topics, region: input.region ?? null } }) : group;
    await tx
      .insertInto("follows")
      .values({
        id: newId(),
        follower_id: creator.id,
        following_id: actor.id,
        activity_uri: `${actor.uri}#founder`,
        status: "accepted",
        created_at: now,
        accepted_at: now,
      })
      .execute();
    return { actor: profiled, settings };
  });
}

export async function findCommunity(db: Kysely<Database>, actorId: string): Promise<Community | undefined> {
  const settings = await db.selectFrom("communities").selectAll().where("actor_id", "=", actorId).executeTakeFirst();
  if (!settings) return undefined;
  const actor = await findActorById(db, actorId);
  return actor && actor.deleted_at == null ? { actor, settings } : undefined;
}

export async function findLocalCommunity(db: Kysely<Database>, origin: URL, handle: string): Promise<Community | undefined> {
  const actor = await findLocalActor(db, origin, handle.replace(/^@/, "").replace(/@.*$/, ""));
  return actor && actor.type === "Group" ? findCommunity(db, actor.id) : undefined;
}

export async function findCommunityByUri(db: Kysely<Database>, uri: string): Promise<Community | undefined> {
  const actor = await findActorByUri(db, uri);
  return actor && actor.is_local === 1 ? findCommunity(db, actor.id) : undefined;
}

export async function isModerator(db: Kysely<Database>, communityId: string, actorId: string): Promise<boolean> {
  const row = await db.selectFrom("community_moderators").select("actor_id").where("community_id", "=", communityId).where("actor_id", "=", actorId).executeTakeFirst();
  return row != null;
}

export async function moderators(db: Kysely<Database>, communityId: string): Promise<ActorRow[]> {
  return db
    .selectFrom("community_moderators")
    .innerJoin("actors", "actors.id", "community_moderators.actor_id")
    .selectAll("actors")
    .where("community_moderators.community_id", "=", communityId)
    .orderBy("community_moderators.created_at")
    .execute();
}

export async function isMember(db: Kysely<Database>, communityId: string, actorId: string): Promise<boolean> {
  const row = await db
    .selectFrom("follows")
    .select("id")
    .where("follower_id", "=", actorId)
    .where("following_id", "=", communityId)
    .where("status", "=", "accepted")
    .executeTakeFirst();
  return row != null;
}

/** A private community's members are seen by its members and moderators only; a public one's by anyone. */
export async function canSeeMembers(db: Kysely<Database>, community: Community, viewerId: string | null): Promise<boolean> {
  if (community.settings.visibility === "public") return true;
  if (viewerId == null) return false;
  return (await isMember(db, community.actor.id, viewerId)) || (await isModerator(db, community.actor.id, viewerId));
}

export async function isBanned(db: Kysely<Database>, communityId: string, actorId: string): Promise<boolean> {
  const row = await db.selectFrom("community_bans").select("actor_id").where("community_id", "=", communityId).where("actor_id", "=", actorId).executeTakeFirst();
  return row != null;
}

export type PostRefusal = "banned" | "not_member" | "moderators_only" | "locked";

/**
 * Whether an actor may post (a thread, or a reply) into a community: never
 * when banned; in a private community only members; when posting is
 * restricted, new threads only by moderators; never into a locked thread.
 */
export async function postingRefusal(db: Kysely<Database>, community: Community, actorId: string, options: { isThread: boolean; threadLocked?: boolean }): Promise<PostRefusal | null> {
  if (await isBanned(db, community.actor.id, actorId)) return "banned";
  const moderator = await isModerator(db, community.actor.id, actorId);
  if (community.settings.visibility === "private" && !moderator && !(await isMember(db, community.actor.id, actorId))) return "not_member";
  if (options.isThread && community.settings.posting_restricted_to_mods === 1 && !moderator) return "moderators_only";
  if (!options.isThread && options.threadLocked && !moderator) return "locked";
  return null;
}

/** Records that a community carries a note; returns false when it already did. */
export async function recordCommunityPost(db: Kysely<Database>, communityId: string, noteId: string, isThread: boolean): Promise<boolean> {
  const inserted = await db
    .insertInto("community_posts")
    .values({ community_id: communityId, note_id: noteId, is_thread: isThread ? 1 : 0, created_at: isoNow() })
    .onConflict((oc) => oc.doNothing())
    .returning("note_id")
    .executeTakeFirst();
  return inserted != null;
}

/** The communities (local or remote Group rows) that carry a note, not removed. */
export async function communitiesOfNote(db: Kysely<Database>, noteId: string): Promise<{ communityId: string; isThread: boolean; locked: boolean }[]> {
  const rows = await db
    .selectFrom("community_posts")
    .select(["community_id", "is_thread", "locked"])
    .where("note_id", "=", noteId)
    .where("removed_at", "is", null)
    .execute();
  return rows.map((r) => ({ communityId: r.community_id, isThread: r.is_thread === 1, locked: r.locked === 1 }));
}

export function communityLanguages(settings: CommunityRow): string[] {
  try {
    return JSON.parse(settings.languages) as string[];
  } catch {
    return [];
  }
}

export function communityTopics(settings: CommunityRow): string[] {
  try {
    return JSON.parse(settings.topics) as string[];
  } catch {
    return [];
  }
}

/** A community of another instance, as far as we know it from its Group actor. */
export function remoteCommunity(actor: ActorRow): Community {
  return {
    actor,
    settings: {
      actor_id: actor.id,
      visibility: actor.manually_approves_followers === 1 ? "private" : "public",
      rules: null,
      languages: "[]",
      topics: "[]",
      posting_restricted_to_mods: 0,
      label_vote_threshold: null,
      created_at: actor.created_at,
    },
  };
}

/** Whether the thread a reply would join is locked in a community (its root's post there). */
export async function isThreadLocked(db: Kysely<Database>, communityId: string, inReplyTo: string): Promise<boolean> {
  let uri: string | null = inReplyTo;
  for (let depth = 0; uri && depth < 50; depth++) {
    const parent = await db.selectFrom("notes").select(["id", "in_reply_to_uri"]).where("uri", "=", uri).executeTakeFirst();
    if (!parent) return false;
    const post = await db
      .selectFrom("community_posts")
      .select(["locked", "is_thread"])
      .where("community_id", "=", communityId)
      .where("note_id", "=", parent.id)
      .executeTakeFirst();
    if (post?.is_thread === 1) return post.locked === 1;
    uri = parent.in_reply_to_uri;
  }
  return false;
}

/** The communities of this instance that carry the thread a reply joins (nearest filed ancestor). */
export async function localThreadCommunities(db: Kysely<Database>, inReplyTo: string): Promise<Community[]> {
  let uri: string | null = inReplyTo;
  for (let depth = 0; uri && depth < 50; depth++) {
    const parent = await db.selectFrom("notes").select(["id", "in_reply_to_uri"]).where("uri", "=", uri).executeTakeFirst();
    if (!parent) return [];
    const found: Community[] = [];
    for (const post of await communitiesOfNote(db, parent.id)) {
      const community = await findCommunity(db, post.communityId);
      if (community && community.actor.is_local === 1) found.push(community);
    }
    if (found.length > 0) return found;
    uri = parent.in_reply_to_uri;
  }
  return [];
}

/**
 * A public community's threads that anyone may read (public or unlisted, not
 * removed, not deleted), newest first: its outbox, from which other servers
 * backfill. A private community lists none: its content stays with its members.
 * Keyset-paged on (posted at, note id), the order of community_posts_outbox_idx;
 * `cursor` is the previous page's `nextCursor`, past the end the page is empty.
 */
export async function listPublicThreads(
  db: Kysely<Database>,
  communityId: string,
  options: { limit: number; cursor?: string | null },
): Promise<{ items: { note: NoteRow; postedAt: string }[]; nextCursor: string | null }> {
  let query = publicThreads(db, communityId)
    .selectAll("notes")
    .select("community_posts.created_at as posted_at")
    .orderBy("community_posts.created_at", "desc")
    .orderBy("community_posts.note_id", "desc")
    .limit(options.limit + 1);
  const after = /^([^|]{1,40})\|([^|]{1,40})$/.exec(options.cursor ?? "");
  if (after) {
    query = query.where((eb) => eb(eb.refTuple("community_posts.created_at", "community_posts.note_id"), "<", eb.tuple(after[1]!, after[2]!)));
  }
  const rows = await query.execute();
  const items = rows.slice(0, options.limit).map(({ posted_at, ...note }) => ({ note, postedAt: posted_at }));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > options.limit && last ? `${last.postedAt}|${last.note.id}` : null };
}

export async function countPublicThreads(db: Kysely<Database>, communityId: string): Promise<number> {
  const row = await publicThreads(db, communityId).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

function publicThreads(db: Kysely<Database>, communityId: string) {
  return db
    .selectFrom("community_posts")
    .innerJoin("notes", "notes.id", "community_posts.note_id")
    .innerJoin("communities", "communities.actor_id", "community_posts.community_id")
    .where("community_posts.community_id", "=", communityId)
    .where("communities.visibility", "=", "public")
    // A literal, not a bound parameter: SQLite matches only literals against a partial index's condition.
    .where("community_posts.is_thread", "=", sql.lit(1))
    .where("community_posts.removed_at", "is", null)
    .where("notes.deleted_at", "is", null)
    .where("notes.visibility", "in", ["public", "unlisted"]);
}

/**
 * Who owns the conversation under a note (FEP-7888 `context`): the first local
 * community it was posted into, whose moderators keep that thread; otherwise
 * its first author.
 */
export async function conversationOwner(db: Kysely<Database>, note: Pick<NoteRow, "id">): Promise<ActorRow | undefined> {
  const [community] = await groupsCarrying(db, note.id, "here");
  return community ?? (await noteAuthors(db, note.id))[0];
}

/** The Group actors of this instance or of others that carry a note (not removed), first posted first. */
export async function groupsCarrying(db: Kysely<Database>, noteId: string, where: "here" | "elsewhere"): Promise<ActorRow[]> {
  return db
    .selectFrom("community_posts")
    .innerJoin("actors", "actors.id", "community_posts.community_id")
    .selectAll("actors")
    .where("community_posts.note_id", "=", noteId)
    .where("community_posts.removed_at", "is", null)
    .where("actors.is_local", "=", where === "here" ? 1 : 0)
    .orderBy("community_posts.created_at")
    .execute();
}
