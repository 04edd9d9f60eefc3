import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.ts";

export interface InstanceStats {
  users: number;
  activeMonth: number;
  activeHalfyear: number;
  /** Handles of the administrators, for NodeInfo's staffAccounts. */
  staffActorUris: string[];
  /** Local public and unlisted notes that start a thread, and the replies (NodeInfo's localPosts, localComments). */
  localPosts: number;
  localComments: number;
}

export async function instanceStats(db: Kysely<Database>): Promise<InstanceStats> {
  const users = await db
    .selectFrom("users")
    .innerJoin("actors", "actors.id", "users.actor_id")
    .select(["actors.uri", "users.is_admin"])
    .where("actors.deleted_at", "is", null)
    .execute();
  const since = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
  const active = async (days: number) =>
    Number(
      (
        await db
          .selectFrom("sessions")
          .select((eb) => eb.fn.count<number>("user_id").distinct().as("n"))
          .where("created_at", ">=", since(days))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const notes = await db
    .selectFrom("notes")
    .select([
      sql<number | string | null>`sum(case when in_reply_to_uri is null then 1 else 0 end)`.as("posts"),
      sql<number | string | null>`sum(case when in_reply_to_uri is null then 0 else 1 end)`.as("comments"),
    ])
    .where("is_local", "=", 1)
    .where("deleted_at", "is", null)
    .where("visibility", "in", ["public", "unlisted"])
    .executeTakeFirstOrThrow();
  return {
    localPosts: Number(notes.posts ?? 0),
    localComments: Number(notes.comments ?? 0),
    users: users.length,
    activeMonth: await active(30),
    activeHalfyear: await active(180),
    staffActorUris: users.filter((u) => u.is_admin === 1).map((u) => u.uri),
  };
}
