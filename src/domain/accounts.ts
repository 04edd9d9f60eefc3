// Local accounts: a Person actor plus the credentials that let someone act as
// it. The handle is the actor's username; deleted accounts cannot sign in.
import { randomBytes } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import type { Database, UsersTable } from "../db/schema.ts";
import { createLocalActor, findActorByHandle, hostOf, type ActorRow } from "./actors.ts";
import { isoNow } from "./clock.ts";
import { DomainError } from "./errors.ts";
import { parseHandle } from "./handles.ts";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./passwords.ts";
import { INSTANCE_ACTOR_ID } from "./paths.ts";
import { isCommonPassword } from "./common-passwords.ts";

export type UserRow = Selectable<UsersTable>;

export interface Account {
  readonly actor: ActorRow;
  readonly user: UserRow;
}

export const MIN_PASSWORD_LENGTH = 10;
/** scrypt would hash anything; the cap only keeps requests cheap. */
export const MAX_PASSWORD_LENGTH = 1024;

/** Why a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `The password must have at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `The password must have at most ${MAX_PASSWORD_LENGTH} characters`;
  if (isCommonPassword(password)) return "This password is one of the most common ones: choose another";
  return null;
}

/** 120 random bits, 20 URL-safe characters: easy to copy, impossible to guess. */
export function generatePassword(): string {
  return randomBytes(15).toString("base64url");
}

/** The username of a local handle given as `alice`, `@alice` or `@alice@host`; null when it names another host. */
export function localUsername(text: string, origin: URL): string | null {
  const trimmed = text.trim();
  const parsed = parseHandle(trimmed);
  if (parsed) return parsed.host === hostOf(origin).toLowerCase() ? parsed.username : null;
  const bare = trimmed.replace(/^@/, "");
  return bare && !bare.includes("@") ? bare : null;
}

/** A checked password with its hash, computed ahead of a transaction. */
export interface PreparedPassword {
  readonly password: string;
  readonly hash: string;
}

/** Checks (or generates) a password and hashes it. */
export async function preparePassword(password: string | null): Promise<PreparedPassword> {
  const clear = password ?? generatePassword();
  const problem = passwordProblem(clear);
  if (problem) throw new DomainError("invalid", problem);
  return { password: clear, hash: await hashPassword(clear) };
}

export interface NewUser {
  handle: string;
  /**
   * Null to generate one (returned once, never stored in clear). Callers that
   * open a transaction first pass a prepared one: hashing takes ~100 ms, and
   * SQLite holds its write lock while a transaction is open.
   */
  password: string | null | PreparedPassword;
  isAdmin: boolean;
}

/** Creates a Person and its account in one transaction (joins the caller's transaction if given one). */
export async function createUser(db: Kysely<Database>, origin: URL, input: NewUser): Promise<Account & { password: string }> {
  const prepared = typeof input.password === "object" && input.password !== null ? input.password : await preparePassword(input.password);
  const { password, hash: passwordHash } = prepared;
  const create = async (trx: Kysely<Database>): Promise<Account> => {
    const actor = await createLocalActor(trx, origin, { username: input.handle, type: "Person" });
    const user = await trx
      .insertInto("users")
      .values({ actor_id: actor.id, password_hash: passwordHash, is_admin: input.isAdmin ? 1 : 0, created_at: isoNow() })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { actor, user };
  };
  const account = db.isTransaction ? await create(db) : await db.transaction().execute(create);
  return { ...account, password };
}

/**
 * A live account by actor id. A suspended account is not live: it cannot
 * sign in, and its sessions and tokens stop working (src/domain/suspensions.ts).
 */
export async function findUser(db: Kysely<Database>, actorId: string): Promise<Account | undefined> {
  const row = await db
    .selectFrom("users")
    .innerJoin("actors", "actors.id", "users.actor_id")
    .selectAll("actors")
    .select(["users.password_hash", "users.is_admin", "users.created_at as user_created_at", "users.allow_search_engines", "users.default_visibility"])
    .where("users.actor_id", "=", actorId)
    .where("actors.deleted_at", "is", null)
    .where("users.suspended_at", "is", null)
    .executeTakeFirst();
  if (!row) return undefined;
  const { password_hash, is_admin, user_created_at, allow_search_engines, default_visibility, ...actor } = row;
  return {
    actor,
    user: { actor_id: actor.id, password_hash, is_admin, created_at: user_created_at, allow_search_engines, default_visibility, suspended_at: null, suspension_reason: null },
  };
}

/** A live account by local handle (`alice`, `@alice`, `@alice@host`). */
export async function findUserByHandle(db: Kysely<Database>, origin: URL, handle: string): Promise<Account | undefined> {
  const username = localUsername(handle, origin);
  if (username == null) return undefined;
  const actor = await findActorByHandle(db, username, hostOf(origin));
  if (!actor || actor.is_local !== 1) return undefined;
  return findUser(db, actor.id);
}

/** Replaces the password and signs the account out of every browser. */
export async function setPassword(db: Kysely<Database>, actorId: string, password: string): Promise<void> {
  const problem = passwordProblem(password);
  if (problem) throw new DomainError("invalid", problem);
  const passwordHash = await hashPassword(password);
  const result = await db.updateTable("users").set({ password_hash: passwordHash }).where("actor_id", "=", actorId).executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new DomainError("not_found", "No such account");
  await db.deleteFrom("sessions").where("user_id", "=", actorId).execute();
}

/** The account when the handle and password match; null otherwise (same cost either way). */
export async function verifyCredentials(db: Kysely<Database>, origin: URL, handle: string, password: string): Promise<Account | null> {
  const account = password.length <= MAX_PASSWORD_LENGTH ? await findUserByHandle(db, origin, handle) : undefined;
  if (!account) {
    await burnPasswordCheck(password.slice(0, MAX_PASSWORD_LENGTH));
    return null;
  }
  return (await verifyPassword(password, account.user.password_hash)) ? account : null;
}

export async function hasAdmin(db: Kysely<Database>): Promise<boolean> {
  const row = await db
    .selectFrom("users")
    .innerJoin("actors", "actors.id", "users.actor_id")
    .select("users.actor_id")
    .where("users.is_admin", "=", 1)
    .where("actors.deleted_at", "is", null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Live local people, newest first (the directory of the home page). */
export async function listLocalPeople(db: Kysely<Database>, limit: number): Promise<ActorRow[]> {
  return db
    .selectFrom("actors")
    .selectAll()
    .where("is_local", "=", 1)
    .where("type", "=", "Person")
    .where("deleted_at", "is", null)
    // A directory: only those who chose to be listed (docs/PRIVACY.md, "Choices").
    .where("discoverable", "=", 1)
    .where("id", "!=", INSTANCE_ACTOR_ID)
    // A suspended account's profile is hidden (src/domain/suspensions.ts).
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom("users").select("users.actor_id").whereRef("users.actor_id", "=", "actors.id").where("users.suspended_at", "is not", null))))
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

export async function listAdmins(db: Kysely<Database>): Promise<ActorRow[]> {
  return db
    .selectFrom("users")
    .innerJoin("actors", "actors.id", "users.actor_id")
    .selectAll("actors")
    .where("users.is_admin", "=", 1)
    .where("actors.deleted_at", "is", null)
    .orderBy("actors.username_key")
    .execute();
}
