// Browser sessions. The cookie carries a random id; the database keeps only
// its hash, so a leaked copy of the database cannot be replayed as cookies.
// Each session has its own CSRF token, put in every form the pages render.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { findUser, type Account } from "./accounts.ts";
import { isoIn, isoNow } from "./clock.ts";
import { newSecret } from "./ids.ts";
import { hashSecret } from "./passwords.ts";

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export interface NewWebSession {
  /** The secret for the cookie; never stored. */
  readonly id: string;
  readonly csrfToken: string;
  readonly expiresAt: string;
}

export async function createWebSession(db: Kysely<Database>, userId: string): Promise<NewWebSession> {
  const now = Date.now();
  // Opportunistic clean-up: sign-ins are rare enough to carry it.
  await db.deleteFrom("sessions").where("expires_at", "<=", new Date(now).toISOString()).execute();
  const session = { id: newSecret(), csrfToken: newSecret(), expiresAt: isoIn(SESSION_TTL_MS, now) };
  await db
    .insertInto("sessions")
    .values({ id_hash: hashSecret(session.id), user_id: userId, csrf_token: session.csrfToken, created_at: isoNow(), expires_at: session.expiresAt })
    .execute();
  return session;
}

/** The live session for a cookie value, with its account; undefined when unknown, expired or the account is gone. */
export async function findWebSession(db: Kysely<Database>, id: string): Promise<{ account: Account; csrfToken: string; expiresAt: string } | undefined> {
  const row = await db
    .selectFrom("sessions")
    .selectAll()
    .where("id_hash", "=", hashSecret(id))
    .where("expires_at", ">", isoNow())
    .executeTakeFirst();
  if (!row) return undefined;
  const account = await findUser(db, row.user_id);
  return account ? { account, csrfToken: row.csrf_token, expiresAt: row.expires_at } : undefined;
}

export async function deleteWebSession(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom("sessions").where("id_hash", "=", hashSecret(id)).execute();
}

/** Signs an account out of every browser (after a password change or a deletion). */
export async function deleteUserSessions(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
}
