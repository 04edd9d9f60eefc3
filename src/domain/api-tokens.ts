// Bearer tokens for the JSON API. Only their SHA-256 is stored: the clear
// token is shown once, when it is created.
import type { Kysely } from "kysely";
import { isDatabaseBusy } from "../db/busy.ts";
import type { Database } from "../db/schema.ts";
import { findUser, type Account } from "./accounts.ts";
import { isoNow } from "./clock.ts";
import { DomainError } from "./errors.ts";
import { newSecret } from "./ids.ts";
import { hashSecret } from "./passwords.ts";

/** Makes leaked tokens recognizable by secret scanners and people alike. */
export const API_TOKEN_PREFIX = "ec_";
const MAX_LABEL = 100;
/** `last_used_at` is informative: refresh it at most this often, not on every request. */
const LAST_USED_PRECISION_MS = 60_000;

/** Creates a token for an account and returns it in clear (the only time it exists in clear). */
export async function createApiToken(db: Kysely<Database>, userId: string, label: string): Promise<string> {
  const cleanLabel = label.trim();
  if (!cleanLabel || cleanLabel.length > MAX_LABEL) throw new DomainError("invalid", `The label must have 1 to ${MAX_LABEL} characters`);
  if (!(await findUser(db, userId))) throw new DomainError("not_found", "No such account");
  const token = API_TOKEN_PREFIX + newSecret();
  await db
    .insertInto("api_tokens")
    .values({ token_hash: hashSecret(token), user_id: userId, label: cleanLabel, created_at: isoNow(), last_used_at: null })
    .execute();
  return token;
}

/** The live account a token belongs to, or undefined; records when it was used. */
export async function findUserByToken(db: Kysely<Database>, token: string): Promise<Account | undefined> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return undefined;
  const tokenHash = hashSecret(token);
  const row = await db.selectFrom("api_tokens").selectAll().where("token_hash", "=", tokenHash).executeTakeFirst();
  if (!row) return undefined;
  const account = await findUser(db, row.user_id);
  if (!account) return undefined;
  const now = Date.now();
  if (row.last_used_at == null || Date.parse(row.last_used_at) + LAST_USED_PRECISION_MS < now) {
    // Informative only: when another process holds the database, the request goes on without it.
    await db
      .updateTable("api_tokens")
      .set({ last_used_at: new Date(now).toISOString() })
      .where("token_hash", "=", tokenHash)
      .execute()
      .catch((error: unknown) => {
        if (!isDatabaseBusy(error)) throw error;
      });
  }
  return account;
}

export async function revokeApiTokens(db: Kysely<Database>, userId: string): Promise<number> {
  const result = await db.deleteFrom("api_tokens").where("user_id", "=", userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * What an owner sees of a token: its label and dates, and an id to revoke it
 * by. The id is the beginning of the token's SHA-256, never the token: the
 * clear token exists only once, when it is created.
 */
export interface ApiTokenSummary {
  readonly id: string;
  readonly label: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
}

const ID_LENGTH = 16;

/** The id of a clear token (to tell the caller which of its tokens it is using). */
export function apiTokenId(token: string): string {
  return hashSecret(token).slice(0, ID_LENGTH);
}

/** An account's tokens, newest first. */
export async function listApiTokens(db: Kysely<Database>, userId: string): Promise<ApiTokenSummary[]> {
  const rows = await db.selectFrom("api_tokens").selectAll().where("user_id", "=", userId).orderBy("created_at", "desc").execute();
  return rows.map((row) => ({ id: row.token_hash.slice(0, ID_LENGTH), label: row.label, createdAt: row.created_at, lastUsedAt: row.last_used_at }));
}

/** Revokes one of an account's tokens by id; false when it has none by that id. */
export async function revokeApiToken(db: Kysely<Database>, userId: string, id: string): Promise<boolean> {
  if (!new RegExp(`^[0-9a-f]{${ID_LENGTH}}$`).test(id)) return false;
  const result = await db.deleteFrom("api_tokens").where("user_id", "=", userId).where("token_hash", "like", `${id}%`).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
