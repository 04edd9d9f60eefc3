// Who follows whom, local and remote alike. A follow is `pending` until the
// followed side accepts it; only accepted follows count and receive posts.
import { sql, type Expression, type Kysely, type Selectable, type SqlBool } from "kysely";
import type { Database, FollowsTable } from "../db/schema.ts";
import type { ActorRow } from "./actors.ts";
import { isoNow } from "./clock.ts";
import { DomainError } from "./errors.ts";
import { newId } from "./ids.ts";
import { notifyFollowRecorded } from "./notification-events.ts";
import { followUri } from "./paths.ts";

export type FollowRow = Selectable<FollowsTable>;

export async function findFollow(db: Kysely<Database>, followerId: string, followingId: string): Promise<FollowRow | undefined> {
  return db
    .selectFrom("follows")
    .selectAll()
    .where("follower_id", "=", followerId)
    .where("following_id", "=", followingId)
    .executeTakeFirst();
}

export async function findFollowById(db: Kysely<Database>, id: string): Promise<FollowRow | undefined> {
  return db.selectFrom("follows").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findFollowByActivity(db: Kysely<Database>, activityUri: string): Promise<FollowRow | undefined> {
  return db.selectFrom("follows").selectAll().where("activity_uri", "=", activityUri).executeTakeFirst();
}

/**
 * Records a follow. For a local follower the activity id is ours (a
 * dereferenceable `/follows/<id>`); for a remote one it is their Follow's id.
 * Idempotent: a second request for the same pair returns the existing row.
 * A remote follower's new Follow for a pair already recorded (their server
 * lost track of ours, or the Undo was lost) takes the row over: `renewed`,
 * so that it is answered once, as Mastodon does; the same Follow again
 * (a redelivery) changes nothing. A new follow of someone here notifies
 * them (or a community's moderators) in the caller's transaction.
 */
export async function recordFollow(
  db: Kysely<Database>,
  origin: URL,
  follower: ActorRow,
  following: ActorRow,
  options: { activityUri?: string; accepted: boolean },
): Promise<{ follow: FollowRow; created: boolean; renewed: boolean }> {
  if (follower.id === following.id) throw new DomainError("invalid", "An actor cannot follow itself");
  if (following.deleted_at != null) throw new DomainError("gone", "This account was deleted");
  const existing = await findFollow(db, follower.id, following.id);
  if (existing) return renewFollow(db, existing, options.activityUri);
  const id = newId();
  const now = isoNow();
  const follow = await db
    .insertInto("follows")
    .values({
      id,
      follower_id: follower.id,
      following_id: following.id,
      activity_uri: options.activityUri ?? followUri(origin, id),
      status: options.accepted ? "accepted" : "pending",
      created_at: now,
      accepted_at: options.accepted ? now : null,
    })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!follow) return renewFollow(db, (await findFollow(db, follower.id, following.id))!, options.activityUri);
  await notifyFollowRecorded(db, follow, follower, following);
  return { follow, created: true, renewed: false };
}

/** The row under the follower's latest Follow id; `renewed` only for the one call that changed it (concurrent redeliveries race here). */
async function renewFollow(db: Kysely<Database>, existing: FollowRow, activityUri: string | undefined): Promise<{ follow: FollowRow; created: false; renewed: boolean }> {
  if (activityUri == null || existing.activity_uri === activityUri) return { follow: existing, created: false, renewed: false };
  const renewed = await db
    .updateTable("follows")
    .set({ activity_uri: activityUri })
    .where("id", "=", existing.id)
    .where("activity_uri", "<>", activityUri)
    .returningAll()
    .executeTakeFirst();
  return renewed ? { follow: renewed, created: false, renewed: true } : { follow: existing, created: false, renewed: false };
}

export async function acceptFollow(db: Kysely<Database>, followId: string): Promise<FollowRow | undefined> {
  return db
    .updateTable("follows")
    .set({ status: "accepted", accepted_at: isoNow() })
    .where("id", "=", followId)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteFollow(db: Kysely<Database>, followId: string): Promise<void> {
  await db.deleteFrom("follows").where("id", "=", followId).execute();
}

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

type Direction = "followers" | "following";

/**
 * Who is looking at someone's follows: a private community's members are
 * visible only to its members and moderators, so a list shown to anyone else
 * leaves out the private communities they are not part of. Lists without a
 * viewer are the owner's own (or a delivery's) and leave nothing out.
 */
export interface FollowsViewer {
  /** The viewer's actor id; null for a signed-out visitor or an unknown server. */
  readonly actorId: string | null;
}

/**
 * True unless the actor in `column` is a private community `viewer` is
 * neither a member nor a moderator of: one of ours whose visibility says so,
 * or another server's Group that approves its members.
 */
function visibleToViewer(column: "follows.follower_id" | "follows.following_id", viewer: FollowsViewer): Expression<SqlBool> {
  return sql<SqlBool>`not exists (
    select 1 from actors as g left join communities as c on c.actor_id = g.id
    where g.id = ${sql.ref(column)} and g.type = 'Group'
    and (c.visibility = 'private' or (c.actor_id is null and g.manually_approves_followers = 1))
    and not exists (select 1 from follows as m where m.following_id = g.id and m.follower_id = ${viewer.actorId} and m.status = 'accepted')
    and not exists (select 1 from community_moderators as cm where cm.community_id = g.id and cm.actor_id = ${viewer.actorId}))`;
}

/** Accepted followers (or followees) of an actor, newest first, keyset-paged by follow id. */
export async function listFollows(
  db: Kysely<Database>,
  actorId: string,
  direction: Direction,
  options: { limit: number; cursor?: string | null; status?: "accepted" | "pending"; seenBy?: FollowsViewer; onlyGroups?: boolean },
): Promise<Page<{ follow: FollowRow; actor: ActorRow }>> {
  const [self, other] = direction === "followers" ? (["following_id", "follower_id"] as const) : (["follower_id", "following_id"] as const);
  let query = db
    .selectFrom("follows")
    .innerJoin("actors", "actors.id", `follows.${other}`)
    .selectAll("actors")
    .select(["follows.id as follow_id", "follows.activity_uri", "follows.status", "follows.created_at as follow_created_at", "follows.accepted_at"])
    .where(`follows.${self}`, "=", actorId)
    .where("follows.status", "=", options.status ?? "accepted")
    .orderBy("follows.id", "desc")
    .limit(options.limit + 1);
  if (options.cursor) query = query.where("follows.id", "<", options.cursor);
  if (options.seenBy) query = query.where(visibleToViewer(`follows.${other}`, options.seenBy));
  // Following a Group is being a member of a community (a profile's "communities").
  if (options.onlyGroups) query = query.where("actors.type", "=", "Group").where("actors.deleted_at", "is", null);
  const rows = await query.execute();
  const page = rows.slice(0, options.limit);
  return {
    items: page.map((row) => {
      const { follow_id, activity_uri, status, follow_created_at, accepted_at, ...actor } = row;
      return {
        actor,
        follow: {
          id: follow_id,
          activity_uri,
          status,
          created_at: follow_created_at,
          accepted_at,
          follower_id: direction === "followers" ? actor.id : actorId,
          following_id: direction === "followers" ? actorId : actor.id,
        },
      };
    }),
    nextCursor: rows.length > options.limit ? page[page.length - 1]!.follow_id : null,
  };
}

export async function countFollows(db: Kysely<Database>, actorId: string, direction: Direction, seenBy?: FollowsViewer): Promise<number> {
  const [self, other] = direction === "followers" ? (["following_id", "follower_id"] as const) : (["follower_id", "following_id"] as const);
  let query = db
    .selectFrom("follows")
    .select((eb) => eb.fn.countAll().as("n"))
    .where(self, "=", actorId)
    .where("status", "=", "accepted");
  if (seenBy) query = query.where(visibleToViewer(`follows.${other}`, seenBy));
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every remote actor linked to a local one by a follow, either way (the audience of its Delete). */
export async function remoteCorrespondents(db: Kysely<Database>, actorId: string): Promise<string[]> {
  const followers = db
    .selectFrom("follows")
    .innerJoin("actors", "actors.id", "follows.follower_id")
    .select("actors.id")
    .where("follows.following_id", "=", actorId)
    .where("actors.is_local", "=", 0);
  const followees = db
    .selectFrom("follows")
    .innerJoin("actors", "actors.id", "follows.following_id")
    .select("actors.id")
    .where("follows.follower_id", "=", actorId)
    .where("actors.is_local", "=", 0);
  const rows = await followers.union(followees).execute();
  return rows.map((r) => r.id);
}
