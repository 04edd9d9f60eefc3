// Suspension of a local account by an administrator: the account can no longer
// sign in, its sessions and API tokens stop working (findUser ignores it), and
// its profile page answers 404. Nothing is deleted and nothing is sent to
// other servers (a suspension is reversible; a Delete would not be), so
// unsuspending restores everything as it was. Remote accounts are not
// suspended here: instance blocks and limits cover them.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { hostOf, findActorByHandle, type ActorRow } from "./actors.ts";
import { localUsername } from "./accounts.ts";
import { isoNow } from "./clock.ts";
import { DomainError } from "./errors.ts";
import { recordModerationAction } from "./moderation-log.ts";

type Db = Kysely<Database>;

export async function isSuspended(db: Db, actorId: string): Promise<boolean> {
  const row = await db.selectFrom("users").select("suspended_at").where("actor_id", "=", actorId).executeTakeFirst();
  return row?.suspended_at != null;
}

/** The local account behind a handle, suspended or not. */
export async function findLocalAccountActor(db: Db, origin: URL, handle: string): Promise<ActorRow> {
  const username = localUsername(handle, origin);
  const actor = username == null ? undefined : await findActorByHandle(db, username, hostOf(origin));
  if (!actor || actor.is_local !== 1 || actor.deleted_at != null || actor.type !== "Person") throw new DomainError("not_found", `No local account ${handle}`);
  return actor;
}

/** Suspends a local account (again: only the reason changes). Admins are never suspended: demote them first. */
export async function suspendAccount(db: Db, admin: ActorRow, account: ActorRow, reason: string | null): Promise<void> {
  if (account.is_local !== 1) throw new DomainError("invalid", "Only accounts of this instance are suspended; block a remote account or its instance instead");
  if (account.id === admin.id) throw new DomainError("invalid", "You cannot suspend yourself");
  const user = await db.selectFrom("users").select(["is_admin", "suspended_at"]).where("actor_id", "=", account.id).executeTakeFirst();
  if (!user) throw new DomainError("invalid", "Only people's accounts are suspended");
  if (user.is_admin === 1) throw new DomainError("conflict", "An administrator cannot be suspended");
  await db.transaction().execute(async (tx) => {
    await tx.updateTable("users").set({ suspended_at: user.suspended_at ?? isoNow(), suspension_reason: reason }).where("actor_id", "=", account.id).execute();
    // Signed out everywhere at once; tokens stay so that they work again after unsuspension.
    await tx.deleteFrom("sessions").where("user_id", "=", account.id).execute();
    await recordModerationAction(tx, { moderatorId: admin.id, action: "account-suspended", targetType: "actor", targetUri: account.uri, reason });
  });
}

/** Lifts a suspension; 404 when the account was not suspended. */
export async function unsuspendAccount(db: Db, admin: ActorRow, account: ActorRow): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const updated = await tx
      .updateTable("users")
      .set({ suspended_at: null, suspension_reason: null })
      .where("actor_id", "=", account.id)
      .where("suspended_at", "is not", null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) throw new DomainError("not_found", "This account is not suspended");
    await recordModerationAction(tx, { moderatorId: admin.id, action: "account-unsuspended", targetType: "actor", targetUri: account.uri });
  });
}

export interface SuspendedAccount {
  readonly actor: ActorRow;
  readonly suspendedAt: string;
  readonly reason: string | null;
}

/** Suspended local accounts, most recently suspended first (the administrators' list). */
export async function listSuspendedAccounts(db: Db, limit = 200): Promise<SuspendedAccount[]> {
  const rows = await db
    .selectFrom("users")
    .innerJoin("actors", "actors.id", "users.actor_id")
    .selectAll("actors")
    .select(["users.suspended_at as user_suspended_at", "users.suspension_reason as user_suspension_reason"])
    .where("users.suspended_at", "is not", null)
    .where("actors.deleted_at", "is", null)
    .orderBy("users.suspended_at", "desc")
    .limit(limit)
    .execute();
  return rows.map(({ user_suspended_at, user_suspension_reason, ...actor }) => ({ actor, suspendedAt: user_suspended_at!, reason: user_suspension_reason }));
}
