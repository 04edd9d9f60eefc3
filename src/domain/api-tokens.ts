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
