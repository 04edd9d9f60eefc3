// The one-time link that lets whoever installed the server create the first
// administrator from a browser. It is printed at start-up while no
// administrator exists; only its hash is stored.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { createUser, hasAdmin, preparePassword, type Account } from "./accounts.ts";
import { isoIn, isoNow } from "./clock.ts";
import { DomainError } from "./errors.ts";
import { newSecret } from "./ids.ts";
import { hashSecret } from "./passwords.ts";

export const SETUP_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

export function setupPath(token: string): string {
  return `/setup/${encodeURIComponent(token)}`;
}

/**
 * A fresh setup URL when the instance has no administrator yet, else null.
 * Earlier unused links stop working, so only the last printed one is valid.
 */
export async function issueSetupLinkIfNoAdmin(db: Kysely<Database>, origin: URL): Promise<string | null> {
  if (await hasAdmin(db)) return null;
  const token = newSecret();
  await db.transaction().execute(async (trx) => {
    // Marked rather than deleted, so an old link says "expired", not "unknown".
    await trx.updateTable("setup_tokens").set({ used_at: isoNow() }).where("used_at", "is", null).execute();
    await trx
      .insertInto("setup_tokens")
      .values({ token_hash: hashSecret(token), created_at: isoNow(), expires_at: isoIn(SETUP_TOKEN_TTL_MS), used_at: null })
      .execute();
  });
  return new URL(setupPath(token), origin).href;
}

export type SetupTokenState = "valid" | "gone" | "unknown";

/** `gone` when used, expired, or an administrator already exists. */
export async function setupTokenState(db: Kysely<Database>, token: string): Promise<SetupTokenState> {
  const row = await db.selectFrom("setup_tokens").selectAll().where("token_hash", "=", hashSecret(token)).executeTakeFirst();
  if (!row) return "unknown";
  if (row.used_at != null || row.expires_at <= isoNow() || (await hasAdmin(db))) return "gone";
  return "valid";
}

/**
 * Uses the token to create the first administrator. The token is spent in the
 * same transaction as the account, so a refused handle or password leaves it
 * usable, and two concurrent submissions cannot both succeed.
 */
export async function consumeSetupToken(
  db: Kysely<Database>,
  origin: URL,
  token: string,
  input: { handle: string; password: string },
): Promise<Account & { password: string }> {
  const password = await preparePassword(input.password);
  return db.transaction().execute(async (trx) => {
    const now = isoNow();
    const spent = await trx
      .updateTable("setup_tokens")
      .set({ used_at: now })
      .where("token_hash", "=", hashSecret(token))
      .where("used_at", "is", null)
      .where("expires_at", ">", now)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) === 0) throw new DomainError("gone", "This setup link was already used or has expired");
    if (await hasAdmin(trx)) throw new DomainError("gone", "An administrator already exists");
    return createUser(trx, origin, { handle: input.handle, password, isAdmin: true });
  });
}
