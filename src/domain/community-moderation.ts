// What the moderators of a local community do: remove posts, lock and pin
// threads, ban actors, change the moderators and the community's profile.
// The same functions serve the JSON API (local moderators) and the inbox
// (remote moderators' activities), so the checks live here, once. Each
// change commits with its intent for the outbox, for the Group to federate.
import type { Kysely, Selectable } from "kysely";
import type { CommunityPostsTable } from "../db/community-schema.ts";
import type { Database } from "../db/schema.ts";
import type { Services } from "../services.ts";
import { checkProfileChange, updateLocalProfile, type ActorRow, type ProfileChange } from "./actors.ts";
import { regionFromText } from "./regions.ts";
import { isoNow } from "./clock.ts";
import { findCommunity, isBanned, isModerator, type Community } from "./communities.ts";
import { DomainError, type FieldProblem } from "./errors.ts";
import { listFollows, type FollowRow } from "./follows.ts";
import { recordModerationAction } from "./moderation-log.ts";
import type { NoteRow } from "./notes.ts";

type Db = Kysely<Database>;
export type CommunityPostRow = Selectable<CommunityPostsTable>;

async function requireModerator(db: Db, moderator: ActorRow, community: Community): Promise<void> {
  // Only local communities have settings rows, but a caller may hand us anything.
  if (community.actor.is_local !== 1) throw new DomainError("invalid", "A community of another instance is moderated there");
  if (!(await isModerator(db, community.actor.id, moderator.id))) {
    throw new DomainError("forbidden", "Only the community's moderators may do this");
  }
}

/** The community's record of a post; removed posts are gone for everything but the queue. */
async function livePost(db: Db, community: Community, noteId: string): Promise<CommunityPostRow> {
  const post = await db
    .selectFrom("community_posts")
    .selectAll()
    .where("community_id", "=", community.actor.id)
    .where("note_id", "=", noteId)
    .executeTakeFirst();
  if (!post || post.removed_at != null) throw new DomainError("not_found", "No such post in this community");
  return post;
}

async function updatePost(db: Db, community: Community, noteId: string, change: Partial<Pick<CommunityPostRow, "locked" | "pinned" | "removed_at">>): Promise<CommunityPostRow> {
  return db
    .updateTable("community_posts")
    .set(change)
    .where("community_id", "=", community.actor.id)
    .where("note_id", "=", noteId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface PostChange {
  post: CommunityPostRow;
  /** False when the post already was in that state (nothing was sent). */
  changed: boolean;
}

/**
 * Removes a post or a reply from the community (the note itself stays with
 * its authors). Removing twice is not an error: the second time changes nothing.
 */
export async function removePost(services: Services, moderator: ActorRow, community: Community, noteId: string): Promise<PostChange> {
  await requireModerator(services.db, moderator, community);
  const existing = await services.db
    .selectFrom("community_posts")
    .selectAll()
    .where("community_id", "=", community.actor.id)
    .where("note_id", "=", noteId)
    .executeTakeFirst();
  if (!existing) throw new DomainError("not_found", "No such post in this community");
  if (existing.removed_at != null) return { post: existing, changed: false };
  const post = await services.db.transaction().execute(async (tx) => {
    const post = await updatePost(tx, community, noteId, { removed_at: isoNow() });
    await services.outbox.send({ type: "community-post-removed", communityId: community.actor.id, noteId, moderatorId: moderator.id }, tx);
    return post;
  });
  return { post, changed: true };
}

/**
 * Puts a removed post back in the community (the moderator changed their mind,
 * or a report was unfounded), and logs it; the Group tells the servers that
 * hid their copy (the moderator's Undo(Delete), as Lemmy sends it:
 * FEDERATION.md, "Restoring a removed post"). `remote`: the moderator acted on
 * their own server (their Undo(Delete) reached our Group): the inbox
 * re-announces it, nothing is queued here. Restoring a post that is not
 * removed changes nothing.
 */
export async function restorePost(services: Services, moderator: ActorRow, community: Community, noteId: string, options: { remote?: boolean } = {}): Promise<PostChange> {
  await requireModerator(services.db, moderator, community);
  const existing = await services.db
    .selectFrom("community_posts")
    .selectAll()
    .where("community_id", "=", community.actor.id)
    .where("note_id", "=", noteId)
    .executeTakeFirst();
  if (!existing) throw new DomainError("not_found", "No such post in this community");
  if (existing.removed_at == null) return { post: existing, changed: false };
  const post = await services.db.transaction().execute(async (tx) => {
    const post = await updatePost(tx, community, noteId, { removed_at: null });
    const note = await tx.selectFrom("notes").select("uri").where("id", "=", noteId).executeTakeFirstOrThrow();
    await recordModerationAction(tx, { moderatorId: moderator.id, action: "post-restored", targetType: "note", targetUri: note.uri, communityId: community.actor.id, details: options.remote ? { remote: true } : {} });
    if (!options.remote) await services.outbox.send({ type: "community-post-restored", communityId: community.actor.id, noteId, moderatorId: moderator.id }, tx);
    return post;
  });
  return { post, changed: true };
}

async function threadPost(db: Db, community: Community, noteId: string): Promise<CommunityPostRow> {
  const post = await livePost(db, community, noteId);
  if (post.is_thread !== 1) throw new DomainError("invalid", "Only threads are locked or pinned, not replies");
  return post;
}

/**
 * Locks a thread (no new replies but the moderators') or unlocks it, and logs
 * it. `remote`: the moderator acted on their own server (a Lemmy `Lock` that
 * reached our Group): the inbox re-announces their activity, nothing is queued here.
 */
export async function setThreadLocked(
  services: Services,
  moderator: ActorRow,
  community: Community,
  noteId: string,
  locked: boolean,
  options: { reason?: string | null; remote?: boolean } = {},
): Promise<PostChange> {
  await requireModerator(services.db, moderator, community);
  const existing = await threadPost(services.db, community, noteId);
  if ((existing.locked === 1) === locked) return { post: existing, changed: false };
  const reason = cleanReason(options.reason);
  const post = await services.db.transaction().execute(async (tx) => {
    const post = await updatePost(tx, community, noteId, { locked: locked ? 1 : 0 });
    await logThreadLock(tx, { moderatorId: moderator.id, communityId: community.actor.id, noteId, locked, reason, remote: options.remote === true });
    if (!options.remote) await services.outbox.send({ type: "community-thread-locked", communityId: community.actor.id, noteId, locked, moderatorId: moderator.id, ...(reason ? { reason } : {}) }, tx);
    return post;
  });
  return { post, changed: true };
}

function cleanReason(reason: unknown): string | null {
  if (reason == null) return null;
  if (typeof reason !== "string" || reason.length > MAX_REASON) throw new DomainError("invalid", `reason must be a text of at most ${MAX_REASON} characters`);
  return reason.trim() || null;
}

async function logThreadLock(db: Db, entry: { moderatorId: string | null; communityId: string; noteId: string; locked: boolean; reason: string | null; remote: boolean }): Promise<void> {
  const note = await db.selectFrom("notes").select("uri").where("id", "=", entry.noteId).executeTakeFirstOrThrow();
  await recordModerationAction(db, {
    moderatorId: entry.moderatorId,
    action: entry.locked ? "thread-locked" : "thread-unlocked",
    targetType: "note",
    targetUri: note.uri,
    communityId: entry.communityId,
    reason: entry.reason,
    details: { remote: entry.remote },
  });
}

/**
 * A community of another instance locked or unlocked one of its threads (its
 * Group announced the moderator's `Lock`): our copy follows, so that replies
 * are not offered here. Trusts the caller to have checked the Group is the
 * thread's community. Returns false when we do not carry that thread.
 */
export async function mirrorRemoteThreadLock(db: Db, communityId: string, noteId: string, locked: boolean, moderatorId: string | null, reason: string | null): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const post = await tx
      .selectFrom("community_posts")
      .select(["locked", "is_thread"])
      .where("community_id", "=", communityId)
      .where("note_id", "=", noteId)
      .executeTakeFirst();
    if (!post || post.is_thread !== 1) return false;
    if ((post.locked === 1) === locked) return true;
    await tx.updateTable("community_posts").set({ locked: locked ? 1 : 0 }).where("community_id", "=", communityId).where("note_id", "=", noteId).execute();
    await logThreadLock(tx, { moderatorId, communityId, noteId, locked, reason: cleanReason(typeof reason === "string" ? reason.slice(0, MAX_REASON) : null), remote: true });
    return true;
  });
}

/**
 * A community of another instance put back a post its moderator had removed
 * (its Group announced the moderator's Undo(Delete)): our copy shows again.
 * Returns false when we do not carry that post there or it was not removed.
 */
export async function mirrorRemoteRestore(db: Db, communityId: string, noteId: string): Promise<boolean> {
  const result = await db
    .updateTable("community_posts")
    .set({ removed_at: null })
    .where("community_id", "=", communityId)
    .where("note_id", "=", noteId)
    .where("removed_at", "is not", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * A community of another instance pinned or unpinned one of its threads (its
 * Group announced the moderator's Add / Remove on `featured`): our copy
 * follows. Returns false when we do not carry that thread.
 */
export async function mirrorRemotePin(db: Db, communityId: string, noteId: string, pinned: boolean): Promise<boolean> {
  const result = await db
    .updateTable("community_posts")
    .set({ pinned: pinned ? 1 : 0 })
    .where("community_id", "=", communityId)
    .where("note_id", "=", noteId)
    .where("is_thread", "=", 1)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A community of another instance named or dropped one of its moderators (its Group announced the change): ours follows. */
export async function mirrorRemoteModerator(db: Db, communityId: string, actorId: string, added: boolean): Promise<void> {
  if (!added) {
    await db.deleteFrom("community_moderators").where("community_id", "=", communityId).where("actor_id", "=", actorId).execute();
    return;
  }
  await db
    .insertInto("community_moderators")
    .values({ community_id: communityId, actor_id: actorId, created_at: isoNow() })
    .onConflict((oc) => oc.columns(["community_id", "actor_id"]).doNothing())
    .execute();
}

/** Pins a thread to the top of the community (its `featured` collection) or unpins it. */
export async function setPinned(services: Services, moderator: ActorRow, community: Community, noteId: string, pinned: boolean): Promise<PostChange> {
  await requireModerator(services.db, moderator, community);
  const existing = await threadPost(services.db, community, noteId);
  if ((existing.pinned === 1) === pinned) return { post: existing, changed: false };
  const post = await services.db.transaction().execute(async (tx) => {
    const post = await updatePost(tx, community, noteId, { pinned: pinned ? 1 : 0 });
    await services.outbox.send({ type: "community-post-pinned", communityId: community.actor.id, noteId, pinned, moderatorId: moderator.id }, tx);
    return post;
  });
  return { post, changed: true };
}

/**
 * The actor a moderation action is about: a row the inbox already has, or
 * what the API was given (a handle, a bare local name or an actor URL).
 * Local and remote actors alike.
 */
export type ActorRef = ActorRow | string;

async function resolveTarget(services: Services, target: ActorRef): Promise<ActorRow> {
  if (typeof target !== "string") return target;
  if (!target.trim()) throw new DomainError("invalid", 'Give "actor": a handle (@name@host) or an actor URL');
  const query = target.trim();
  // A bare name is someone of this instance.
  const actor = await services.directory.resolve(/^[\w.-]+$/.test(query) ? `@${query}@${services.config.publicUrl.host}` : query);
  if (!actor || actor.deleted_at != null) throw new DomainError("not_found", `Nobody found for ${query}`);
  return actor;
}

export interface BanRow {
  actor: ActorRow;
  reason: string | null;
  createdAt: string;
}

const MAX_REASON = 1000;

/**
 * Bans an actor: it may no longer post, reply or join, and its membership
 * (or pending request) ends. Moderators are removed from the moderators
 * before they can be banned. Banning again only updates the reason.
 */
export async function banMember(
  services: Services,
  moderator: ActorRow,
  community: Community,
  target: ActorRef,
  reason: string | null = null,
): Promise<{ ban: BanRow; created: boolean }> {
  await requireModerator(services.db, moderator, community);
  if (reason != null && (typeof reason !== "string" || reason.length > MAX_REASON)) {
    throw new DomainError("invalid", `reason must be a text of at most ${MAX_REASON} characters`);
  }
  const actor = await resolveTarget(services, target);
  if (actor.id === community.actor.id) throw new DomainError("invalid", "A community cannot ban itself");
  if (await isModerator(services.db, community.actor.id, actor.id)) {
    throw new DomainError("conflict", "This actor is a moderator of the community: remove them from the moderators first");
  }
  const cleanReason = reason?.trim() || null;
  const now = isoNow();
  const created = await services.db.transaction().execute(async (tx) => {
    const existing = await isBanned(tx, community.actor.id, actor.id);
    if (existing) {
      await tx.updateTable("community_bans").set({ reason: cleanReason }).where("community_id", "=", community.actor.id).where("actor_id", "=", actor.id).execute();
    } else {
      await tx.insertInto("community_bans").values({ community_id: community.actor.id, actor_id: actor.id, reason: cleanReason, created_at: now }).execute();
    }
    // The Block tells the banned actor's server that the follow is over: no Reject as well.
    await tx.deleteFrom("follows").where("follower_id", "=", actor.id).where("following_id", "=", community.actor.id).execute();
    if (!existing) {
      const intent = { type: "community-member-banned", communityId: community.actor.id, actorId: actor.id, banned: true, moderatorId: moderator.id, reason: cleanReason } as const;
      await services.outbox.send(intent, tx);
    }
    return !existing;
  });
  const ban = (await communityBans(services.db, community.actor.id)).find((b) => b.actor.id === actor.id)!;
  return { ban, created };
}

/** Lifts a ban; the actor may follow (join) again but is not made a member. */
export async function unbanMember(services: Services, moderator: ActorRow, community: Community, target: ActorRef): Promise<void> {
  await requireModerator(services.db, moderator, community);
  const actor = await resolveTarget(services, target);
  await services.db.transaction().execute(async (tx) => {
    const deleted = await tx
      .deleteFrom("community_bans")
      .where("community_id", "=", community.actor.id)
      .where("actor_id", "=", actor.id)
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) throw new DomainError("not_found", "This actor is not banned from the community");
    await services.outbox.send({ type: "community-member-banned", communityId: community.actor.id, actorId: actor.id, banned: false, moderatorId: moderator.id, reason: null }, tx);
  });
}

export async function communityBans(db: Db, communityId: string): Promise<BanRow[]> {
  const rows = await db
    .selectFrom("community_bans")
    .innerJoin("actors", "actors.id", "community_bans.actor_id")
    .selectAll("actors")
    .select(["community_bans.reason as ban_reason", "community_bans.created_at as banned_at"])
    .where("community_bans.community_id", "=", communityId)
    .orderBy("community_bans.created_at", "desc")
    .execute();
  return rows.map(({ ban_reason, banned_at, ...actor }) => ({ actor, reason: ban_reason, createdAt: banned_at }));
}

/** Adds a moderator: a person, of this instance or another, who is not banned. */
export async function addModerator(services: Services, moderator: ActorRow, community: Community, target: ActorRef): Promise<{ actor: ActorRow; created: boolean }> {
  await requireModerator(services.db, moderator, community);
  const actor = await resolveTarget(services, target);
  if (actor.type !== "Person") throw new DomainError("invalid", "Moderators are people");
  if (await isBanned(services.db, community.actor.id, actor.id)) throw new DomainError("conflict", "This person is banned from the community: lift the ban first");
  const created = await services.db.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto("community_moderators")
      .values({ community_id: community.actor.id, actor_id: actor.id, created_at: isoNow() })
      .onConflict((oc) => oc.doNothing())
      .returning("actor_id")
      .executeTakeFirst();
    if (inserted) await services.outbox.send({ type: "community-moderators-changed", communityId: community.actor.id, actorId: actor.id, added: true, moderatorId: moderator.id }, tx);
    return inserted != null;
  });
  return { actor, created };
}

/** Removes a moderator (a moderator may step down); a community keeps at least one. */
export async function removeModerator(services: Services, moderator: ActorRow, community: Community, target: ActorRef): Promise<void> {
  await requireModerator(services.db, moderator, community);
  const actor = await resolveTarget(services, target);
  await services.db.transaction().execute(async (tx) => {
    if (!(await isModerator(tx, community.actor.id, actor.id))) throw new DomainError("not_found", "This actor is not a moderator of the community");
    const other = await tx
      .selectFrom("community_moderators")
      .innerJoin("actors", "actors.id", "community_moderators.actor_id")
      .select("community_moderators.actor_id")
      .where("community_moderators.community_id", "=", community.actor.id)
      .where("community_moderators.actor_id", "!=", actor.id)
      .where("actors.deleted_at", "is", null)
      .executeTakeFirst();
    if (!other) throw new DomainError("conflict", "A community keeps at least one moderator");
    await tx.deleteFrom("community_moderators").where("community_id", "=", community.actor.id).where("actor_id", "=", actor.id).execute();
    await services.outbox.send({ type: "community-moderators-changed", communityId: community.actor.id, actorId: actor.id, added: false, moderatorId: moderator.id }, tx);
  });
}

/** What moderators may change about a community; absent keys stay as they are. */
export interface CommunityChange {
  name?: string | null;
  summary?: string | null;
  iconUrl?: string | null;
  rules?: string | null;
  languages?: string[];
  /** The community's interest tags (the find view's vocabulary, src/domain/interests.ts). */
  topics?: string[];
  /** A Québec administrative region (its number or name, src/domain/regions.ts); null takes it away. */
  region?: string | null;
  postingRestrictedToMods?: boolean;
  /** Null: only moderators set quality labels; N (2 or more): N distinct members' votes set one. */
  labelVoteThreshold?: number | null;
}

/** Reads a change from untrusted input and reports every problem at once (in English for the API, by field for the pages). */
export function parseCommunityChange(raw: Record<string, unknown>): CommunityChange {
  const problems: string[] = [];
  const fields: FieldProblem[] = [];
  const refuse = (message: string, problem: FieldProblem): void => {
    problems.push(message);
    fields.push(problem);
  };
  const change: CommunityChange = {};
  const text = (key: "name" | "summary" | "rules" | "iconUrl", max: number): void => {
    if (!(key in raw)) return;
    const value = raw[key];
    if (value == null || value === "") change[key] = null;
    else if (typeof value !== "string" || value.length > max) refuse(`${key} must be a text of at most ${max} characters, or null`, { field: key, reason: "too_long", limit: max });
    else change[key] = value.trim();
  };
  const list = (key: "languages" | "topics"): void => {
    if (!(key in raw)) return;
    const value = raw[key];
    if (!Array.isArray(value) || value.length > 20 || value.some((v) => typeof v !== "string" || !v.trim() || v.length > 50)) {
      refuse(`${key} must be a list of at most 20 short texts`, { field: key, reason: Array.isArray(value) && value.length > 20 ? "too_many" : "item_too_long", limit: Array.isArray(value) && value.length > 20 ? 20 : 50 });
    } else change[key] = value.map((v: string) => v.trim());
  };
  text("name", 100);
  text("summary", 2000);
  text("rules", 5000);
  text("iconUrl", 2000);
  list("languages");
  list("topics");
  if ("region" in raw) {
    const value = raw.region;
    if (value == null || value === "") change.region = null;
    else if (typeof value === "string" && regionFromText(value)) change.region = regionFromText(value)!.name;
    else refuse("region must be one of Québec's 17 administrative regions (its number 01–17 or its name), or null", { field: "region", reason: "bad_choice" });
  }
  if ("postingRestrictedToMods" in raw) {
    if (typeof raw.postingRestrictedToMods !== "boolean") refuse("postingRestrictedToMods must be a boolean", { field: "postingRestrictedToMods", reason: "bad_choice" });
    else change.postingRestrictedToMods = raw.postingRestrictedToMods;
  }
  if ("labelVoteThreshold" in raw) {
    const value = raw.labelVoteThreshold;
    // At least two: no single member decides a label.
    if (value === null) change.labelVoteThreshold = null;
    else if (typeof value !== "number" || !Number.isInteger(value) || value < 2 || value > 1000) {
      refuse("labelVoteThreshold must be null or a whole number from 2 to 1000", { field: "labelVoteThreshold", reason: "out_of_range", min: 2, limit: 1000 });
    } else change.labelVoteThreshold = value;
  }
  // Turning a private community public would expose what members wrote for members only.
  if ("visibility" in raw) refuse("visibility cannot be changed once the community exists", { field: "visibility", reason: "bad_choice" });
  const icon = checkProfileChange({ iconUrl: change.iconUrl });
  problems.push(...icon.problems);
  fields.push(...icon.fields);
  if (problems.length > 0) throw new DomainError("invalid", problems.join("; "), fields);
  return change;
}

/** Changes the community's profile and settings; its followers receive an Update of the Group. */
export async function updateCommunity(services: Services, moderator: ActorRow, community: Community, change: CommunityChange): Promise<Community> {
  await requireModerator(services.db, moderator, community);
  const profile: ProfileChange = {};
  if (change.name !== undefined) profile.name = change.name;
  if (change.summary !== undefined) profile.summary = change.summary;
  if (change.iconUrl !== undefined) profile.iconUrl = change.iconUrl;
  // Topics are the community's interest tags; with its region, what the find view reads.
  if (change.topics !== undefined || change.region !== undefined) {
    profile.fields = { ...(change.topics !== undefined ? { interests: change.topics } : {}), ...(change.region !== undefined ? { region: change.region } : {}) };
  }
  const settings: { rules?: string | null; languages?: string; topics?: string; posting_restricted_to_mods?: number; label_vote_threshold?: number | null } = {};
  if (change.rules !== undefined) settings.rules = change.rules;
  if (change.languages !== undefined) settings.languages = JSON.stringify(change.languages);
  if (change.topics !== undefined) settings.topics = JSON.stringify(change.topics);
  if (change.postingRestrictedToMods !== undefined) settings.posting_restricted_to_mods = change.postingRestrictedToMods ? 1 : 0;
  if (change.labelVoteThreshold !== undefined) settings.label_vote_threshold = change.labelVoteThreshold;
  await services.db.transaction().execute(async (tx) => {
    await updateLocalProfile(tx, community.actor, profile);
    if (Object.keys(settings).length > 0) await tx.updateTable("communities").set(settings).where("actor_id", "=", community.actor.id).execute();
    await services.outbox.send({ type: "community-updated", communityId: community.actor.id }, tx);
  });
  return (await findCommunity(services.db, community.actor.id))!;
}

export interface ModerationQueue {
  /** Pending join requests of a private community, newest first. */
  requests: { follow: FollowRow; actor: ActorRow }[];
  /** Recently removed posts and replies, most recently removed first. */
  removed: { note: NoteRow; isThread: boolean; removedAt: string }[];
  bans: BanRow[];
}

const QUEUE_LIMIT = 100;

/** What needs or recently had the moderators' attention. Callers check that the reader is a moderator. */
export async function moderationQueue(db: Db, communityId: string): Promise<ModerationQueue> {
  const requests = await listFollows(db, communityId, "followers", { limit: QUEUE_LIMIT, status: "pending" });
  const removed = await db
    .selectFrom("community_posts")
    .innerJoin("notes", "notes.id", "community_posts.note_id")
    .selectAll("notes")
    .select(["community_posts.is_thread as post_is_thread", "community_posts.removed_at as post_removed_at"])
    .where("community_posts.community_id", "=", communityId)
    .where("community_posts.removed_at", "is not", null)
    .where("notes.deleted_at", "is", null)
    .orderBy("community_posts.removed_at", "desc")
    .limit(QUEUE_LIMIT)
    .execute();
  return {
    requests: requests.items,
    removed: removed.map(({ post_is_thread, post_removed_at, ...note }) => ({ note, isThread: post_is_thread === 1, removedAt: post_removed_at! })),
    bans: await communityBans(db, communityId),
  };
}
